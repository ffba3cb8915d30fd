#include "endpoint/httpsafety.h"

#include <QCryptographicHash>
#include <QDateTime>

#include <algorithm>

namespace gpupool::endpoint {

namespace {

int effectivePort(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.port(scheme == QLatin1String("https") ? 443 : (scheme == QLatin1String("http") ? 80 : -1));
}

} // namespace

bool isJsonContentType(QByteArrayView header)
{
    const qsizetype semicolon = header.indexOf(';');
    const QByteArrayView type = (semicolon < 0 ? header : header.first(semicolon)).trimmed();
    return type.isEmpty() || type.compare("application/json", Qt::CaseInsensitive) == 0
        || (type.size() >= 5 && type.last(5).compare("+json", Qt::CaseInsensitive) == 0);
}

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

QUrl originOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
}

bool isSameOrigin(const QUrl &from, const QUrl &to)
{
    return from.isValid() && to.isValid() && from.scheme().compare(to.scheme(), Qt::CaseInsensitive) == 0
        && from.host().compare(to.host(), Qt::CaseInsensitive) == 0 && effectivePort(from) == effectivePort(to);
}

QString redactedUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

std::optional<QByteArray> parseSha256Fingerprint(const QString &text)
{
    QByteArray hex;
    for (const QChar c : text) {
        if (c == QLatin1Char(':') || c.isSpace())
            continue;
        const char16_t u = c.unicode();
        const bool hexDigit = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!hexDigit)
            return std::nullopt;
        hex.append(char(c.unicode()));
    }
    if (hex.size() != 64)
        return std::nullopt;
    return QByteArray::fromHex(hex);
}

std::optional<qint64> parseRetryAfterMs(QByteArrayView value, qint64 nowEpochMs)
{
    const QByteArray text = value.trimmed().toByteArray();
    if (text.isEmpty())
        return std::nullopt;
    if (std::all_of(text.cbegin(), text.cend(), [](char c) { return c >= '0' && c <= '9'; })) {
        // Digits beyond what a day needs are a very long wait, not an overflow.
        const qint64 seconds = text.size() > 9 ? 999'999'999 : text.toLongLong();
        return seconds * 1000;
    }
    // IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") is RFC 2822's form, but
    // Qt 6.4 reads only a numeric zone there. HTTP's older date forms are not
    // read: a value that is not understood is no request to wait.
    QString date = QString::fromLatin1(text);
    if (date.endsWith(QLatin1String(" GMT")))
        date = date.chopped(3) + QLatin1String("+0000");
    const QDateTime at = QDateTime::fromString(date, Qt::RFC2822Date);
    if (!at.isValid())
        return std::nullopt;
    return std::max<qint64>(0, at.toMSecsSinceEpoch() - nowEpochMs);
}

QString formatSha256Fingerprint(const QByteArray &digest)
{
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

bool isExcusableByPin(QSslError::SslError error)
{
    switch (error) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::HostNameMismatch: return true;
    default: return false;
    }
}

bool pinExcuses(const QByteArray &pinnedSha256, const QSslCertificate &peer, const QList<QSslError> &errors)
{
    if (pinnedSha256.size() != 32 || peer.isNull())
        return false;
    if (peer.digest(QCryptographicHash::Sha256) != pinnedSha256)
        return false;
    for (const QSslError &e : errors)
        if (!isExcusableByPin(e.error()))
            return false;
    return true;
}

} // namespace gpupool::endpoint
