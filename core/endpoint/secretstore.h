#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <optional>

// Where per-endpoint API keys come from. The engine asks at each request and
// never keeps, logs or prints what it gets. Lookups are synchronous: an
// implementation backed by a slow store (the keychain, which can hang:
// platform-notes.md) loads the keys ahead, under its own watchdog, and answers
// from memory here.
namespace gpupool::endpoint {

class SecretStore
{
public:
    virtual ~SecretStore() = default;
    // The API key for an endpoint id, if one is configured.
    virtual std::optional<QByteArray> apiKey(const QString &endpointId) const = 0;
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
