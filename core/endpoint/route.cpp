#include "endpoint/route.h"

#include "util/logging.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace gpupool::endpoint {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::endpoint::Route", text);
}

bool isLoopback(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
        || host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

std::optional<Transport> parseTransport(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("auto"))
        return Transport::Auto;
    if (t == QLatin1String("fast"))
        return Transport::Fast;
    if (t == QLatin1String("qt"))
        return Transport::Qt;
    return std::nullopt;
}

QString transportName(Transport transport)
{
    switch (transport) {
    case Transport::Fast: return QStringLiteral("fast");
    case Transport::Qt: return QStringLiteral("qt");
    case Transport::Auto: break;
    }
    return QStringLiteral("auto");
}

QString ProxySetting::toString() const
{
    switch (kind) {
    case Kind::None: return QStringLiteral("none");
    case Kind::System: return QStringLiteral("system");
    case Kind::Explicit: break;
    }
    QString scheme = QStringLiteral("http");
    if (proxy.type() == QNetworkProxy::Socks5Proxy)
        scheme = proxy.capabilities().testFlag(QNetworkProxy::HostNameLookupCapability) ? QStringLiteral("socks5h")
                                                                                        : QStringLiteral("socks5");
    QUrl url;
    url.setScheme(scheme);
    url.setHost(proxy.hostName());
    url.setPort(proxy.port());
    return url.toString();
}

std::variant<ProxySetting, QString> parseProxySetting(const QString &text)
{
    const QString t = text.trimmed();
    const QString valid = tr("expected system, none, or a proxy URL such as socks5://127.0.0.1:1080, "
                             "socks5h://127.0.0.1:1080 or http://proxy.example:3128");
    if (t.compare(QLatin1String("system"), Qt::CaseInsensitive) == 0)
        return ProxySetting {};
    if (t.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return ProxySetting { ProxySetting::Kind::None, {} };
    const QUrl url(t, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || url.port() <= 0 || !url.userInfo().isEmpty()
        || (!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery() || url.hasFragment())
        return valid;
    QNetworkProxy proxy;
    if (scheme == QLatin1String("http")) {
        proxy = QNetworkProxy(QNetworkProxy::HttpProxy, url.host(), quint16(url.port()));
    } else if (scheme == QLatin1String("socks5") || scheme == QLatin1String("socks5h")) {
        proxy = QNetworkProxy(QNetworkProxy::Socks5Proxy, url.host(), quint16(url.port()));
        QNetworkProxy::Capabilities caps = proxy.capabilities();
        // socks5:// resolves names here (curl's meaning), socks5h:// at the proxy.
        caps.setFlag(QNetworkProxy::HostNameLookupCapability, scheme == QLatin1String("socks5h"));
        proxy.setCapabilities(caps);
    } else {
        return valid;
    }
    return ProxySetting { ProxySetting::Kind::Explicit, proxy };
}

std::optional<QNetworkProxy> proxyFor(const ProxySetting &setting, const QUrl &url)
{
    switch (setting.kind) {
    case ProxySetting::Kind::None: return std::nullopt;
    case ProxySetting::Kind::Explicit: return setting.proxy;
    case ProxySetting::Kind::System: break;
    }
    if (isLoopback(url.host()))
        return std::nullopt;
    const QList<QNetworkProxy> found = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(url));
    for (const QNetworkProxy &p : found) {
        if (p.type() == QNetworkProxy::NoProxy)
            return std::nullopt;
        if (p.type() == QNetworkProxy::HttpProxy || p.type() == QNetworkProxy::Socks5Proxy)
            return p;
    }
    return std::nullopt;
}

Transport chooseTransport(Transport configured, const ProxySetting &proxy, const QUrl &url)
{
    if (configured != Transport::Auto)
        return configured;
    if (const std::optional<QNetworkProxy> p = proxyFor(proxy, url)) {
        qCInfo(lcEndpoint).noquote() << "reaching" << url.host() << "through the proxy" << p->hostName() << p->port();
        return Transport::Qt;
    }
    return Transport::Fast;
}

QList<QNetworkProxy> ProxyFactory::queryProxy(const QNetworkProxyQuery &query)
{
    return { proxyFor(m_setting, query.url()).value_or(QNetworkProxy(QNetworkProxy::NoProxy)) };
}

} // namespace gpupool::endpoint
