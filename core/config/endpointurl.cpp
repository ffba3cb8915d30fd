#include "config/endpointurl.h"

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
        return refuse(tr("a URL cannot have a query (?) or fragment (#)"));

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
    return normalised.scheme() + QLatin1String("://") + normalised.host(QUrl::FullyEncoded)
            + QLatin1Char(':') + QString::number(normalised.port(defaultPort))
            + normalised.path(QUrl::FullyEncoded);
}

QString endpointIdForUrl(const QUrl &normalised)
{
    QString id = normalised.host();
    if (normalised.port() != -1)
        id += QLatin1Char('_') + QString::number(normalised.port());
    id.replace(QLatin1Char(':'), QLatin1Char('_'));
    return id;
}

bool isValidEndpointName(QStringView name)
{
    return !name.isEmpty() && !name.contains(QLatin1Char(':')) && !hasWhitespace(name);
}

} // namespace gpupool::config
