#pragma once

#include <QByteArray>
#include <QString>
#include <functional>

// The operations a keyring offers, one asynchronous job each. The keychain
// store wraps every job in its own watchdog, so a backend may hang for ever
// (QtKeychain 0.13.2 does: docs/platform-notes.md) without hanging the console.
namespace gpupool::keyring {

struct SecretResult
{
    enum class Status : quint8 {
        Ok,
        NotFound, // no such entry
        NoKeyring, // no Secret Service / wallet reachable
        Timeout, // the job did not finish in time
        Failed, // anything else (see message)
    };
    Status status = Status::Ok;
    QByteArray value; // for a read that succeeded
    QString message; // for people; never contains the secret

    bool ok() const { return status == Status::Ok; }
};

class SecretBackend
{
public:
    using Done = std::function<void(const SecretResult &)>;
    virtual ~SecretBackend() = default;
    // `done` runs at most once, later (never inside the call).
    virtual void write(const QString &key, const QByteArray &value, Done done) = 0;
    virtual void read(const QString &key, Done done) = 0;
    virtual void remove(const QString &key, Done done) = 0;
};

// QtKeychain: libsecret (Secret Service over D-Bus) on a non-KDE desktop.
class QtKeychainBackend final : public SecretBackend
{
public:
    explicit QtKeychainBackend(QString service) : m_service(std::move(service)) {}
    void write(const QString &key, const QByteArray &value, Done done) override;
    void read(const QString &key, Done done) override;
    void remove(const QString &key, Done done) override;

private:
    QString m_service;
};

} // namespace gpupool::keyring
