#include "endpoint/secretstore.h"

namespace gpupool::endpoint {

std::optional<QByteArray> InMemorySecretStore::apiKey(const QString &endpointId) const
{
    const auto it = m_keys.constFind(endpointId);
    if (it == m_keys.cend())
        return std::nullopt;
    return *it;
}

void InMemorySecretStore::setApiKey(const QString &endpointId, const QByteArray &key)
{
    m_keys.insert(endpointId, key);
}

void InMemorySecretStore::removeApiKey(const QString &endpointId)
{
    m_keys.remove(endpointId);
}

} // namespace gpupool::endpoint
