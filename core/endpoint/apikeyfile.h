#pragma once

#include "endpoint/secretstore.h"

#include <QStringList>
#include <variant>

// API keys for the endpoints from a file (gpupoolctl --api-key-file FILE,
// GPUPOOL_API_KEY_FILE), so that scripts and the command line reach servers
// started with gpupool-statd --api-key-file. Never on the command line, where
// every user of the machine can read it (ps, /proc), nor in a log.
//
// The file holds either one key, used for every endpoint, or lines
// `NAME=KEY` per endpoint id, with `*=KEY` for the endpoints not named.
// Blank lines and lines starting with # are ignored, and so is white space
// around names and keys. A line is read as NAME=KEY only when NAME is one of
// the configured endpoint ids or `*`: a key may itself contain '=' (base64).
namespace gpupool::endpoint {

class ApiKeyFile final : public SecretStore
{
public:
    // The keys of `path` for these endpoint ids, or one line saying what is
    // wrong with the file (never quoting a key).
    static std::variant<ApiKeyFile, QString> load(const QString &path, const QStringList &endpointIds);

    std::optional<QByteArray> apiKey(const QString &endpointId) const override;

private:
    QHash<QString, QByteArray> m_named;
    std::optional<QByteArray> m_everyone;
};

} // namespace gpupool::endpoint
