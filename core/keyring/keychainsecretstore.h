#pragma once

#include "endpoint/secretstore.h"
#include "keyringindex.h"
#include "secretbackend.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <memory>

// The endpoints' API keys, kept in the desktop keyring (QtKeychain), never in
// QSettings or a log. The engine asks synchronously (SecretStore::apiKey), so
// keys are read ahead with load() and answered from memory.
//
// Every keyring job runs under a watchdog (timeoutMs): QtKeychain 0.13.2 can
// hang for ever (docs/platform-notes.md). When the keyring cannot be reached or
// times out, a key being saved is kept for this session only and
// keyringProblem() says so in words an operator can act on.
namespace gpupool::keyring {

class KeychainSecretStore final : public QObject, public endpoint::SecretStore
{
    Q_OBJECT

public:
    static constexpr int DefaultTimeoutMs = 5'000;

    // The real keyring (QtKeychain) under `service`.
    explicit KeychainSecretStore(const QString &service = QStringLiteral("gpupool"), QObject *parent = nullptr);
    // Any backend (tests: one that hangs).
    KeychainSecretStore(std::unique_ptr<SecretBackend> backend, QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Where the ids of the endpoints with a key are noted (keyringindex.h):
    // every save, removal and read that finds a key or none updates it.
    void setIndex(KeyringIndex *index) { m_index = index; }
    int timeoutMs() const { return m_timeoutMs; }

    std::optional<QByteArray> apiKey(const QString &endpointId) const override;
    bool hasApiKey(const QString &endpointId) const { return m_keys.contains(endpointId); }
    // Keys held for this session only (the keyring failed when they were saved).
    bool isSessionOnly(const QString &endpointId) const { return m_sessionOnly.contains(endpointId); }
    // False once the keyring failed or timed out; true again after a success.
    bool keyringAvailable() const { return m_keyringAvailable; }

    // Reads the keys of these endpoints into memory; `done` runs when every
    // read has finished or timed out.
    void load(const QStringList &endpointIds, std::function<void()> done = {});
    // Saves (or, with an empty key, removes) an endpoint's key. The key is
    // usable at once; `done` says whether the keyring kept it.
    void setApiKey(const QString &endpointId, const QByteArray &key, SecretBackend::Done done = {});
    void removeApiKey(const QString &endpointId, SecretBackend::Done done = {});
    // One read straight from the keyring (the settings dialog's check).
    void readApiKey(const QString &endpointId, SecretBackend::Done done);

    static QString entryName(const QString &endpointId);
    static QString describe(const SecretResult &result);

signals:
    void keyringProblem(const QString &message);
    void keyLoaded(const QString &endpointId);

private:
    using Job = std::function<void(SecretBackend::Done)>;
    // Starts `job` and guarantees `done` runs exactly once: with the backend's
    // answer, or with Timeout when the watchdog fires first.
    void guarded(const Job &job, SecretBackend::Done done);
    void noteResult(const SecretResult &result);

    void noteIndex(const QString &endpointId, const SecretResult &result, bool written);

    std::unique_ptr<SecretBackend> m_backend;
    KeyringIndex *m_index = nullptr;
    int m_timeoutMs = DefaultTimeoutMs;
    QHash<QString, QByteArray> m_keys;
    QSet<QString> m_sessionOnly;
    bool m_keyringAvailable = true;
    // Shared with outstanding jobs: a job that answers after this store is
    // gone (or after its watchdog) finds it false and does nothing.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace gpupool::keyring
