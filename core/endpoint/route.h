#pragma once

#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QString>
#include <QUrl>
#include <optional>
#include <variant>

// How a request reaches its endpoint: on which transport, through which
// proxy. Operators behind jump hosts reach their GPU servers through an HTTP
// proxy or an SSH tunnel's SOCKS5 port; our own HTTP client (BoundedRequest)
// speaks to the server directly and is the fast default, QNetworkAccessManager
// (QnamRequest) is used where a proxy applies or when asked for.
namespace gpupool::endpoint {

// network/transport: auto (the fast one unless a proxy applies), fast, qt.
enum class Transport { Auto, Fast, Qt };
std::optional<Transport> parseTransport(const QString &text);
QString transportName(Transport transport);

// network/proxy: "system" (the environment's http_proxy, https_proxy,
// no_proxy and the desktop's settings, as Qt reads them), "none", or one
// proxy for every endpoint: http://HOST:PORT, socks5://HOST:PORT (names
// resolved here) or socks5h://HOST:PORT (names resolved by the proxy).
struct ProxySetting
{
    enum class Kind { System, None, Explicit };
    Kind kind = Kind::System;
    QNetworkProxy proxy; // when Explicit

    // As a user would write it back ("system", "socks5://127.0.0.1:1080").
    QString toString() const;
    friend bool operator==(const ProxySetting &, const ProxySetting &) = default;
};
// The setting, or a line saying what is valid.
std::variant<ProxySetting, QString> parseProxySetting(const QString &text);

// The proxy a request to `url` goes through; nullopt: straight to the server.
// The system's proxies never apply to loopback addresses (a tunnel's local
// end, or a server on this machine), which no proxy could reach either.
std::optional<QNetworkProxy> proxyFor(const ProxySetting &setting, const QUrl &url);

// What a request to `url` runs on: Auto becomes Qt exactly when a proxy applies.
Transport chooseTransport(Transport configured, const ProxySetting &proxy, const QUrl &url);

// proxyFor() as a QNetworkAccessManager asks for it.
class ProxyFactory final : public QNetworkProxyFactory
{
public:
    explicit ProxyFactory(ProxySetting setting) : m_setting(std::move(setting)) {}
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;

private:
    ProxySetting m_setting;
};

} // namespace gpupool::endpoint
