#pragma once

#include "keyring/keychainsecretstore.h"

#include <QHash>
#include <QTimer>

namespace gpupool::testing {

// A keyring that keeps entries in memory and answers from the event loop.
class MemoryBackend final : public keyring::SecretBackend
{
public:
    QHash<QString, QByteArray> entries;
    void write(const QString &key, const QByteArray &value, Done done) override
    {
        entries.insert(key, value);
        answer(std::move(done), {});
    }
    void read(const QString &key, Done done) override { answer(std::move(done), entries.value(key)); }
    void remove(const QString &key, Done done) override
    {
        entries.remove(key);
        answer(std::move(done), {});
    }

private:
    static void answer(Done done, const QByteArray &value)
    {
        keyring::SecretResult r;
        r.value = value;
        QTimer::singleShot(0, [done, r] { done(r); });
    }
};

} // namespace gpupool::testing
