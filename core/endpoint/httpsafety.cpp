#include "endpoint/httpsafety.h"

#include <QCryptographicHash>

namespace gpupool::endpoint {

namespace {

int effectivePort(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.port(scheme == QLatin1String("https") ? 443 : (scheme == QLatin1String("http") ? 80 : -1));
}

} // namespace

bool isSameOrigin(const QUrl &from, const QUrl &to)
{
    return from.isValid() && to.isValid()
        && from.scheme().compare(to.scheme(), Qt::CaseInsensitive) == 0
        && from.host().compare(to.host(), Qt::CaseInsensitive) == 0
        && effectivePort(from) == effectivePort(to);
}

QString redactedUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
        .toString();
}

std::optional<QByteArray> parseSha256Fingerprint(const QString &text)
{
    QByteArray hex;
    for (const QChar c : text) {
        if (c == QLatin1Char(':') || c.isSpace())
            continue;
        const char16_t u = c.unicode();
        const bool hexDigit = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f')
            || (u >= u'A' && u <= u'F');
        if (!hexDigit)
            return std::nullopt;
        hex.append(char(c.unicode()));
    }
    if (hex.size() != 64)
        return std::nullopt;
    return QByteArray::fromHex(hex);
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
    case QSslError::HostNameMismatch:
        return true;
    default:
        return false;
    }
}

bool pinExcuses(const QByteArray &pinnedSha256, const QSslCertificate &peer,
                const QList<QSslError> &errors)
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
