#pragma once

#include "server/httpmessage.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>
#include <variant>

namespace gpupool::server {

// gpupool-statd's optional access control: a file of API keys, one per line
// (blank lines and lines starting with # are ignored). A request carries its key
// as "X-API-Key: <key>" or "Authorization: Bearer <key>".
//
// Keys are kept only as SHA-256 digests and compared digest against digest in
// constant time, so neither the timing of a refusal nor a memory dump tells an
// attacker how much of a key was right. No key is ever logged.
class ApiKeys
{
public:
    // The keys of `path`, or one line saying what is wrong with the file.
    static std::variant<ApiKeys, QString> loadFile(const QString &path);
    static ApiKeys fromKeys(const QList<QByteArray> &keys);

    bool isEmpty() const { return m_digests.isEmpty(); }
    qsizetype size() const { return m_digests.size(); }

    // True when the request carries one of the keys.
    bool accepts(const HttpRequest &request) const;

    // 401 with Starlette's body shape and a WWW-Authenticate challenge.
    static HttpResponse unauthorized();

private:
    QList<QByteArray> m_digests;
};

// Compares two byte strings in time that depends only on their lengths.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace gpupool::server
