#include "keychainsecretstore.h"

#include "util/logging.h"

#include <QTimer>

namespace gpupool::keyring {

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : KeychainSecretStore(std::make_unique<QtKeychainBackend>(service), parent)
{
}

KeychainSecretStore::KeychainSecretStore(std::unique_ptr<SecretBackend> backend, QObject *parent)
    : QObject(parent)
    , m_backend(std::move(backend))
{
}

KeychainSecretStore::~KeychainSecretStore()
{
    *m_alive = false;
}

QString KeychainSecretStore::entryName(const QString &endpointId)
{
    return QStringLiteral("api-key:") + endpointId;
}

QString KeychainSecretStore::describe(const SecretResult &result)
{
    switch (result.status) {
    case SecretResult::Status::Ok: return tr("saved in the keyring");
    case SecretResult::Status::NotFound: return tr("no key stored");
    case SecretResult::Status::NoKeyring:
        return tr("No keyring (Secret Service) is reachable: the API key is kept for this "
                  "session only and must be entered again next time.");
    case SecretResult::Status::Timeout:
        return tr("The keyring did not answer in time (it may be locked): the API key is kept "
                  "for this session only.");
    case SecretResult::Status::Failed: break;
    }
    return tr("The keyring refused: %1. The API key is kept for this session only.").arg(result.message);
}

std::optional<QByteArray> KeychainSecretStore::apiKey(const QString &endpointId) const
{
    const auto it = m_keys.constFind(endpointId);
    if (it == m_keys.cend())
        return std::nullopt;
    return *it;
}

void KeychainSecretStore::guarded(const Job &job, SecretBackend::Done done)
{
    auto finished = std::make_shared<bool>(false);
    auto *watchdog = new QTimer(this);
    watchdog->setSingleShot(true);
    std::weak_ptr<bool> alive = m_alive;
    auto finish = [finished, watchdog, alive, done](const SecretResult &result) {
        const auto still = alive.lock();
        if (*finished || !still || !*still)
            return;
        *finished = true;
        watchdog->deleteLater();
        if (done)
            done(result);
    };
    connect(watchdog, &QTimer::timeout, this, [finish] {
        SecretResult timedOut;
        timedOut.status = SecretResult::Status::Timeout;
        finish(timedOut);
    });
    watchdog->start(m_timeoutMs);
    job(finish);
}

void KeychainSecretStore::noteResult(const SecretResult &result)
{
    const bool reachable = result.ok() || result.status == SecretResult::Status::NotFound;
    if (reachable) {
        m_keyringAvailable = true;
        return;
    }
    // Only the status: the message of a backend never holds the key, but be sure.
    qCWarning(lcKeyring) << "keyring job failed, status" << int(result.status);
    if (m_keyringAvailable) {
        m_keyringAvailable = false;
        emit keyringProblem(describe(result));
    }
}

void KeychainSecretStore::noteIndex(const QString &endpointId, const SecretResult &result, bool written)
{
    if (!m_index)
        return;
    // Only what the keyring said for sure: a timeout or a missing keyring says nothing.
    if (result.ok())
        m_index->note(endpointId, written);
    else if (result.status == SecretResult::Status::NotFound)
        m_index->note(endpointId, false);
}

void KeychainSecretStore::load(const QStringList &endpointIds, std::function<void()> done)
{
    auto remaining = std::make_shared<qsizetype>(endpointIds.size());
    if (*remaining == 0) {
        if (done)
            QTimer::singleShot(0, this, done);
        return;
    }
    for (const QString &id : endpointIds) {
        readApiKey(id, [this, id, remaining, done](const SecretResult &result) {
            if (result.ok() && !m_sessionOnly.contains(id)) {
                m_keys.insert(id, result.value);
                emit keyLoaded(id);
            }
            noteIndex(id, result, true);
            if (--*remaining == 0 && done)
                done();
        });
    }
}

void KeychainSecretStore::setApiKey(const QString &endpointId, const QByteArray &key, SecretBackend::Done done)
{
    if (key.isEmpty()) {
        removeApiKey(endpointId, std::move(done));
        return;
    }
    m_keys.insert(endpointId, key);
    m_sessionOnly.insert(endpointId); // until the keyring says it has it
    const QString entry = entryName(endpointId);
    guarded([this, entry, key](SecretBackend::Done finish) { m_backend->write(entry, key, finish); },
            [this, endpointId, done](const SecretResult &result) {
                noteResult(result);
                if (result.ok())
                    m_sessionOnly.remove(endpointId);
                noteIndex(endpointId, result, true);
                if (done)
                    done(result);
            });
}

void KeychainSecretStore::removeApiKey(const QString &endpointId, SecretBackend::Done done)
{
    m_keys.remove(endpointId);
    m_sessionOnly.remove(endpointId);
    const QString entry = entryName(endpointId);
    guarded([this, entry](SecretBackend::Done finish) { m_backend->remove(entry, finish); },
            [this, endpointId, done](const SecretResult &result) {
                noteResult(result);
                noteIndex(endpointId, result, false);
                if (done)
                    done(result);
            });
}

void KeychainSecretStore::readApiKey(const QString &endpointId, SecretBackend::Done done)
{
    const QString entry = entryName(endpointId);
    guarded([this, entry](SecretBackend::Done finish) { m_backend->read(entry, finish); },
            [this, done](const SecretResult &result) {
                noteResult(result);
                if (done)
                    done(result);
            });
}

} // namespace gpupool::keyring
