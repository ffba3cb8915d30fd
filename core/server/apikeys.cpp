#include "server/apikeys.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace gpupool::server {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::server::ApiKeys", text);
}

QByteArray digest(QByteArrayView key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256);
}

constexpr qint64 kMaxFileBytes = 1024 * 1024;

} // namespace

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::variant<ApiKeys, QString> ApiKeys::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("cannot read the API key file %1: %2").arg(path, file.errorString());
    if (file.size() > kMaxFileBytes)
        return tr("the API key file %1 is larger than 1 MiB; is it the right file?").arg(path);
    QList<QByteArray> keys;
    int lineNo = 0;
    for (const QByteArray &raw : file.readAll().split('\n')) {
        ++lineNo;
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        // A key travels in a header: printable ASCII without spaces.
        for (const char c : line)
            if (c <= ' ' || c > '~')
                return tr("the API key file %1, line %2: a key may hold only printable characters "
                          "without spaces")
                    .arg(path)
                    .arg(lineNo);
        if (line.size() < 16)
            return tr("the API key file %1, line %2: a key must be at least 16 characters long").arg(path).arg(lineNo);
        keys.append(line);
    }
    if (keys.isEmpty())
        return tr("the API key file %1 holds no key").arg(path);
    return fromKeys(keys);
}

ApiKeys ApiKeys::fromKeys(const QList<QByteArray> &keys)
{
    ApiKeys k;
    for (const QByteArray &key : keys)
        k.m_digests.append(digest(key));
    return k;
}

bool ApiKeys::accepts(const HttpRequest &request) const
{
    QByteArray presented = request.header("x-api-key");
    if (presented.isNull()) {
        const QByteArray auth = request.header("authorization");
        if (auth.size() > 7 && auth.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
            presented = auth.mid(7).trimmed();
    }
    if (presented.isEmpty())
        return false;
    const QByteArray d = digest(presented);
    bool match = false;
    // Every key is compared, so the time does not tell which one matched.
    for (const QByteArray &known : m_digests)
        match |= constantTimeEquals(d, known);
    return match;
}

HttpResponse ApiKeys::unauthorized()
{
    HttpResponse r = HttpResponse::detail(401, QStringLiteral("Not authenticated"));
    r.headers.append({ QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer") });
    return r;
}

} // namespace gpupool::server
