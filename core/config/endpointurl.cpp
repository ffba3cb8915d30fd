#include "config/endpointurl.h"

#include "endpoint/httpsafety.h"

#include <QCoreApplication>

namespace gpupool::config {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::config::EndpointUrl", text);
}

UrlCheck refuse(const QString &reason)
{
    return UrlCheck { QUrl(), reason };
}

bool hasWhitespace(QStringView s)
{
    for (QChar c : s)
        if (c.isSpace())
            return true;
    return false;
}

} // namespace

UrlCheck checkEndpointUrl(QStringView text)
{
    const QStringView t = text.trimmed();
    const QString expected = tr("expected an http or https URL such as http://server1:8000");
    if (t.isEmpty())
        return refuse(expected);
    if (hasWhitespace(t))
        return refuse(tr("a URL cannot contain spaces"));
    // Without "://", QUrl reads "server1:8000" as scheme "server1": say what is
    // missing instead of complaining about a scheme nobody wrote.
    if (!t.contains(QLatin1String("://")))
        return refuse(expected);

    QUrl url(t.toString(), QUrl::StrictMode);
    if (!url.isValid()) {
        // errorString() repeats the whole URL after a ';': keep the first part.
        const QString why = url.errorString().section(QLatin1Char(';'), 0, 0).trimmed();
        return refuse(why.isEmpty() ? tr("not a valid URL") : tr("not a valid URL (%1)").arg(why));
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return refuse(tr("only http and https URLs are accepted, not %1:").arg(scheme));
    if (url.host().isEmpty())
        return refuse(tr("the URL has no host"));
    if (!url.userInfo().isEmpty())
        return refuse(tr("a URL cannot carry a user name or password"));
    if (url.port() == 0)
        return refuse(tr("port 0 is not a port a server can listen on"));
    if (url.hasQuery() || url.hasFragment())
        return refuse(tr("a URL cannot have a query (?) or fragment (#)")); // #sha256=: splitCertificatePin()

    url.setScheme(scheme);
    url.setHost(url.host().toLower());
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path, QUrl::TolerantMode);
    return UrlCheck { url, {} };
}

QString endpointUrlIdentity(const QUrl &normalised)
{
    const int defaultPort = normalised.scheme() == QLatin1String("https") ? 443 : 80;
    return normalised.scheme() + QLatin1String("://") + normalised.host(QUrl::FullyEncoded) + QLatin1Char(':')
        + QString::number(normalised.port(defaultPort)) + normalised.path(QUrl::FullyEncoded);
}

QString endpointIdForUrl(const QUrl &normalised)
{
    QString id = normalised.host();
    if (normalised.port() != -1)
        id += QLatin1Char('_') + QString::number(normalised.port());
    id.replace(QLatin1Char(':'), QLatin1Char('_'));
    return id;
}

PinnedUrl splitCertificatePin(QStringView text)
{
    static const QLatin1String marker("#sha256=");
    const qsizetype at = text.indexOf(marker, 0, Qt::CaseInsensitive);
    if (at < 0)
        return PinnedUrl { text, {}, {} };
    PinnedUrl p { text.left(at), {}, {} };
    if (!p.url.trimmed().startsWith(QLatin1String("https://"), Qt::CaseInsensitive)) {
        p.reason = tr("a certificate pin (#sha256=) is for https URLs only");
        return p;
    }
    const std::optional<QByteArray> digest = endpoint::parseSha256Fingerprint(text.mid(at + marker.size()).toString());
    if (!digest)
        p.reason = tr("#sha256= takes the certificate's SHA-256 fingerprint: 64 hex digits, colons allowed "
                      "(openssl x509 -noout -fingerprint -sha256 -in CERT)");
    else
        p.pinnedSha256 = *digest;
    return p;
}

PinnedUrlCheck checkPinnedEndpointUrl(QStringView text)
{
    const PinnedUrl pinned = splitCertificatePin(text);
    if (!pinned.ok())
        return PinnedUrlCheck { { QUrl(), pinned.reason }, {} };
    return PinnedUrlCheck { checkEndpointUrl(pinned.url), pinned.pinnedSha256 };
}

QString pinnedUrlText(const QUrl &url, const QByteArray &pinnedSha256)
{
    const QString text = url.toString();
    return pinnedSha256.isEmpty() ? text
                                  : text + QLatin1String("#sha256=") + endpoint::formatSha256Fingerprint(pinnedSha256);
}

bool isValidEndpointName(QStringView name)
{
    return !name.isEmpty() && !name.contains(QLatin1Char(':')) && !hasWhitespace(name);
}

} // namespace gpupool::config
