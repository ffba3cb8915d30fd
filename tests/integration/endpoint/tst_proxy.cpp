// Endpoints behind a proxy (route.h): through a SOCKS5 proxy on 127.0.0.1,
// as an SSH tunnel gives one, and through an HTTP proxy named the way Qt
// reads the environment (http_proxy, no_proxy). Real sockets, short limits.
#include "endpoint/endpoint.h"
#include "endpoint/route.h"
#include "endpoint/secretstore.h"

#include "faultserver.h"
#include "pollonce.h"
#include "socks5proxy.h"

#include <QTest>

using namespace gpupool;
using namespace gpupool::endpoint;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;
using gpupool::testing::Socks5Proxy;

namespace {

const QByteArray kApiKey = "proxy-test-key-91";

ProxySetting setting(const QString &text)
{
    auto parsed = parseProxySetting(text);
    if (const QString *error = std::get_if<QString>(&parsed))
        qFatal("%s", qPrintable(*error));
    return std::get<ProxySetting>(parsed);
}

struct Rig
{
    InMemorySecretStore secrets;
    std::unique_ptr<Endpoint> endpoint;

    Rig(const QUrl &url, const ProxySetting &proxy, Transport transport = Transport::Auto)
    {
        secrets.setApiKey(QStringLiteral("gpu"), kApiKey);
        EndpointOptions o;
        o.timeoutMs = 2'000;
        o.pollIntervalMs = 100;
        o.detailsEveryPolls = 0;
        o.transport = transport;
        o.proxy = proxy;
        endpoint = std::make_unique<Endpoint>(EndpointConfig { QStringLiteral("gpu"), url, {} }, o,
                                              SteadyClock::instance(), SystemRandom::instance(), &secrets);
    }

    PollOutcome pollOnce() { return gpupool::testing::pollOnce(*endpoint, 10'000); }
};

QUrl named(const QString &host, quint16 port)
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host);
    url.setPort(port);
    return url;
}

} // namespace

class TestProxy : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        qunsetenv("http_proxy");
        qunsetenv("https_proxy");
        qunsetenv("no_proxy");
    }

    void settingsParse()
    {
        QCOMPARE(setting(QStringLiteral("system")).kind, ProxySetting::Kind::System);
        QCOMPARE(setting(QStringLiteral(" None ")).kind, ProxySetting::Kind::None);
        const ProxySetting socks = setting(QStringLiteral("socks5://127.0.0.1:1080"));
        QCOMPARE(socks.proxy.type(), QNetworkProxy::Socks5Proxy);
        QVERIFY(!socks.proxy.capabilities().testFlag(QNetworkProxy::HostNameLookupCapability));
        QCOMPARE(socks.toString(), QStringLiteral("socks5://127.0.0.1:1080"));
        const ProxySetting remoteNames = setting(QStringLiteral("socks5h://jump.example:1080"));
        QVERIFY(remoteNames.proxy.capabilities().testFlag(QNetworkProxy::HostNameLookupCapability));
        QCOMPARE(remoteNames.toString(), QStringLiteral("socks5h://jump.example:1080"));
        QCOMPARE(setting(QStringLiteral("http://proxy.example:3128")).proxy.type(), QNetworkProxy::HttpProxy);
        for (const char *bad : { "socks4://h:1", "http://proxy.example", "proxy.example:3128", "http://u:p@h:1",
                                 "http://h:1/path", "ftp://h:21", "" })
            QVERIFY2(std::holds_alternative<QString>(parseProxySetting(QString::fromLatin1(bad))), bad);
        QCOMPARE(parseTransport(QStringLiteral("QT")), Transport::Qt);
        QCOMPARE(parseTransport(QStringLiteral("fast")), Transport::Fast);
        QCOMPARE(parseTransport(QStringLiteral("auto")), Transport::Auto);
        QVERIFY(!parseTransport(QStringLiteral("curl")));
    }

    void pollsThroughSocks5()
    {
        FaultServer server;
        server.setKeepAlive(true);
        Socks5Proxy proxy;
        Rig r(server.url(), setting(proxy.url()));
        QCOMPARE(r.endpoint->transport(), Transport::Qt); // a proxy applies: Auto is QNAM
        for (int i = 0; i < 3; ++i) {
            const PollOutcome o = r.pollOnce();
            QVERIFY2(o.ok, qPrintable(o.failure.text));
        }
        QCOMPARE(r.endpoint->totalGpus(), 2);
        // One tunnelled connection to the server, kept alive for every poll.
        QCOMPARE(proxy.targets(), QStringList { QStringLiteral("127.0.0.1:%1").arg(server.port()) });
        QCOMPARE(server.acceptedConnections(), 1);
        QCOMPARE(server.requestCount("/gpu/summary"), 3);
        QCOMPARE(server.requests()[0].headers.value("x-api-key"), kApiKey);
    }

    void socks5hLetsTheProxyResolveTheName()
    {
        // A name only the far side of the tunnel knows: socks5h sends it as a
        // name instead of resolving it here (where .invalid never resolves).
        FaultServer server;
        Socks5Proxy proxy;
        Rig r(named(QStringLiteral("gpu-7.invalid"), server.port()), setting(proxy.url(QStringLiteral("socks5h"))));
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.ok, qPrintable(o.failure.text));
        QCOMPARE(proxy.targets(), QStringList { QStringLiteral("gpu-7.invalid:%1").arg(server.port()) });
        QCOMPARE(server.requests()[0].headers.value("host"),
                 QByteArray("gpu-7.invalid:") + QByteArray::number(server.port()));
    }

    void aProxyThatIsDownIsANetworkError()
    {
        quint16 closedPort = 0;
        {
            Socks5Proxy gone;
            closedPort = gone.port();
        }
        FaultServer server;
        Rig r(server.url(), setting(QStringLiteral("socks5://127.0.0.1:%1").arg(closedPort)));
        const PollOutcome o = r.pollOnce();
        QVERIFY(!o.ok);
        QCOMPARE(kindName(o.failure.kind), kindName(FailureKind::NetworkUnreachable));
        QVERIFY2(o.failure.text.contains(QStringLiteral("proxy")), qPrintable(o.failure.text));
        QCOMPARE(r.endpoint->breaker().stats().consecutiveFailures, 1);
        QCOMPARE(server.requestCount(), 0);
    }

    void httpProxyFromTheEnvironment()
    {
        // The fault server plays the proxy: a proxied GET names the whole URL.
        FaultServer proxy;
        qputenv("http_proxy", proxy.url().toString().toLatin1());
        const QUrl remote = named(QStringLiteral("gpu-7.example"), 8000);
        Rig r(remote, ProxySetting {});
        QCOMPARE(r.endpoint->transport(), Transport::Qt);
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.ok, qPrintable(o.failure.text));
        QCOMPARE(proxy.requestCount(), 1);
        QCOMPARE(proxy.requests()[0].path, QByteArray("http://gpu-7.example:8000/gpu/summary"));
        QCOMPARE(proxy.requests()[0].headers.value("x-api-key"), kApiKey);

        // Loopback never goes through the system's proxy; no_proxy is honoured;
        // "none" and "fast" mean what they say.
        FaultServer local;
        QCOMPARE(Rig(local.url(), ProxySetting {}).endpoint->transport(), Transport::Fast);
        QCOMPARE(Rig(remote, setting(QStringLiteral("none"))).endpoint->transport(), Transport::Fast);
        QCOMPARE(Rig(remote, ProxySetting {}, Transport::Fast).endpoint->transport(), Transport::Fast);
        qputenv("no_proxy", "localhost,gpu-7.example");
        QCOMPARE(Rig(remote, ProxySetting {}).endpoint->transport(), Transport::Fast);
    }

    void qtTransportWithoutAProxyGoesDirect()
    {
        FaultServer server;
        Rig r(server.url(), setting(QStringLiteral("none")), Transport::Qt);
        QCOMPARE(r.endpoint->transport(), Transport::Qt);
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.ok, qPrintable(o.failure.text));
        QCOMPARE(server.requestCount("/gpu/summary"), 1);
    }
};

QTEST_GUILESS_MAIN(TestProxy)
#include "tst_proxy.moc"
