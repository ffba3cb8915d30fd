#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <optional>

// Where per-endpoint API keys come from. The engine asks at each request and
// never keeps, logs or prints what it gets. Lookups are synchronous: an
// implementation backed by a slow store (the keychain, which can hang:
// docs/platform-notes.md) loads the keys ahead, under its own watchdog, and answers
// from memory here.
namespace gpupool::endpoint {

class SecretStore
{
public:
    virtual ~SecretStore() = default;
    // The API key for an endpoint id, if one is configured.
    virtual std::optional<QByteArray> apiKey(const QString &endpointId) const = 0;
};

// Asks `first`, then `second` (either may be null): an API key file given
// for one run beside the keyring's keys.
class ChainedSecretStore final : public SecretStore
{
public:
    ChainedSecretStore(const SecretStore *first, const SecretStore *second) : m_first(first), m_second(second) {}
    std::optional<QByteArray> apiKey(const QString &endpointId) const override
    {
        if (m_first)
            if (std::optional<QByteArray> key = m_first->apiKey(endpointId))
                return key;
        return m_second ? m_second->apiKey(endpointId) : std::nullopt;
    }

private:
    const SecretStore *m_first;
    const SecretStore *m_second;
};

class InMemorySecretStore final : public SecretStore
{
public:
    std::optional<QByteArray> apiKey(const QString &endpointId) const override;
    void setApiKey(const QString &endpointId, const QByteArray &key);
    void removeApiKey(const QString &endpointId);

private:
    QHash<QString, QByteArray> m_keys;
};

} // namespace gpupool::endpoint
