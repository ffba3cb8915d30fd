// Settings resolution of network/transport and network/proxy: every source,
// precedence, and a clear error (the default kept) for a value that is not one.
// The proxy decisions themselves (which request goes where) are
// tst_proxy's, on real sockets.
#include "resolvertesting.h"

#include "endpoint/route.h"

using namespace gpupool;
using namespace gpupool::config;
using namespace resolvertesting;

class TestResolverNetwork : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(iniFile.isValid()); }
    void defaults();
    void transportFromEverySource();
    void proxyFromEverySource();
    void proxyTextRoundTrips_data();
    void proxyTextRoundTrips();
    void badValuesAreRefused_data();
    void badValuesAreRefused();

private:
    IniFiles iniFile;
};

void TestResolverNetwork::defaults()
{
    const Resolution r = resolve(envOf({}));
    QVERIFY(r.ok());
    QCOMPARE(r.settings.transport, endpoint::Transport::Auto);
    QCOMPARE(r.settings.proxy.kind, endpoint::ProxySetting::Kind::System);
    QCOMPARE(r.origin(Key::Transport).value, QStringLiteral("auto"));
    QCOMPARE(r.origin(Key::Proxy).value, QStringLiteral("system"));
    QCOMPARE(QLatin1String(keyInfo(Key::Transport).variable), QLatin1String("GPUPOOL_TRANSPORT"));
    QCOMPARE(QLatin1String(keyInfo(Key::Transport).settingsKey), QLatin1String("network/transport"));
    QCOMPARE(QLatin1String(keyInfo(Key::Proxy).variable), QLatin1String("GPUPOOL_PROXY"));
    QCOMPARE(QLatin1String(keyInfo(Key::Proxy).settingsKey), QLatin1String("network/proxy"));
}

void TestResolverNetwork::transportFromEverySource()
{
    Resolution r = resolve(envOf({ { QStringLiteral("GPUPOOL_TRANSPORT"), QStringLiteral("qt") } }));
    QVERIFY(r.ok());
    QCOMPARE(r.settings.transport, endpoint::Transport::Qt);
    QCOMPARE(r.origin(Key::Transport).source, Source::Environment);

    auto file = iniFile(iniLine(QStringLiteral("network/transport"), QStringLiteral("Fast")));
    r = resolve(envOf({}), file.get());
    QVERIFY(r.ok());
    QCOMPARE(r.settings.transport, endpoint::Transport::Fast); // case does not matter
    QCOMPARE(r.origin(Key::Transport).source, Source::SettingsFile);

    // The command line beats the environment, which beats the file.
    Overrides o;
    o.transport = QStringLiteral("auto");
    r = resolve(envOf({ { QStringLiteral("GPUPOOL_TRANSPORT"), QStringLiteral("qt") } }), file.get(), o);
    QVERIFY(r.ok());
    QCOMPARE(r.settings.transport, endpoint::Transport::Auto);
    QCOMPARE(r.origin(Key::Transport).source, Source::Override);
    QCOMPARE(r.origin(Key::Transport).name, QStringLiteral("--transport"));
}

void TestResolverNetwork::proxyFromEverySource()
{
    Resolution r = resolve(envOf({ { QStringLiteral("GPUPOOL_PROXY"), QStringLiteral("socks5h://127.0.0.1:1080") } }));
    QVERIFY(r.ok());
    QCOMPARE(r.settings.proxy.kind, endpoint::ProxySetting::Kind::Explicit);
    QCOMPARE(r.settings.proxy.proxy.type(), QNetworkProxy::Socks5Proxy);
    QCOMPARE(r.settings.proxy.proxy.hostName(), QStringLiteral("127.0.0.1"));
    QCOMPARE(r.settings.proxy.proxy.port(), quint16(1080));
    QVERIFY(r.settings.proxy.proxy.capabilities().testFlag(QNetworkProxy::HostNameLookupCapability));
    QCOMPARE(r.origin(Key::Proxy).source, Source::Environment);

    auto file = iniFile(iniLine(QStringLiteral("network/proxy"), QStringLiteral("none")));
    r = resolve(envOf({}), file.get());
    QVERIFY(r.ok());
    QCOMPARE(r.settings.proxy.kind, endpoint::ProxySetting::Kind::None);
    QCOMPARE(r.origin(Key::Proxy).source, Source::SettingsFile);

    Overrides o;
    o.proxy = QStringLiteral("http://proxy.example:3128");
    r = resolve(envOf({ { QStringLiteral("GPUPOOL_PROXY"), QStringLiteral("none") } }), file.get(), o);
    QVERIFY(r.ok());
    QCOMPARE(r.settings.proxy.proxy.type(), QNetworkProxy::HttpProxy);
    QCOMPARE(r.settings.proxy.proxy.hostName(), QStringLiteral("proxy.example"));
    QCOMPARE(r.settings.proxy.proxy.port(), quint16(3128));
    QCOMPARE(r.origin(Key::Proxy).name, QStringLiteral("--proxy"));
}

void TestResolverNetwork::proxyTextRoundTrips_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("written");
    QTest::newRow("system") << QStringLiteral("system") << QStringLiteral("system");
    QTest::newRow("none, any case") << QStringLiteral(" None ") << QStringLiteral("none");
    QTest::newRow("http") << QStringLiteral("http://proxy.example:3128") << QStringLiteral("http://proxy.example:3128");
    QTest::newRow("socks5") << QStringLiteral("socks5://127.0.0.1:1080") << QStringLiteral("socks5://127.0.0.1:1080");
    QTest::newRow("socks5h, trailing slash")
        << QStringLiteral("socks5h://[::1]:1080/") << QStringLiteral("socks5h://[::1]:1080");
}

void TestResolverNetwork::proxyTextRoundTrips()
{
    QFETCH(QString, text);
    QFETCH(QString, written);
    const auto parsed = endpoint::parseProxySetting(text);
    QVERIFY(std::holds_alternative<endpoint::ProxySetting>(parsed));
    const endpoint::ProxySetting &setting = std::get<endpoint::ProxySetting>(parsed);
    QCOMPARE(setting.toString(), written);
    // What toString() writes reads back as the same setting.
    const auto again = endpoint::parseProxySetting(setting.toString());
    QVERIFY(std::holds_alternative<endpoint::ProxySetting>(again));
    QVERIFY(std::get<endpoint::ProxySetting>(again) == setting);
}

void TestResolverNetwork::badValuesAreRefused_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("bad");
    QTest::addColumn<QString>("expected");
    const QString proxyValid = QStringLiteral("expected system, none, or a proxy URL such as socks5://127.0.0.1:1080, "
                                              "socks5h://127.0.0.1:1080 or http://proxy.example:3128");
    const QString transportValid = QStringLiteral("expected auto, fast or qt");
    QTest::newRow("transport word") << QStringLiteral("GPUPOOL_TRANSPORT") << QStringLiteral("curl") << transportValid;
    QTest::newRow("transport blank-ish") << QStringLiteral("GPUPOOL_TRANSPORT") << QStringLiteral("q t")
                                         << transportValid;
    QTest::newRow("proxy without port") << QStringLiteral("GPUPOOL_PROXY") << QStringLiteral("socks5://127.0.0.1")
                                        << proxyValid;
    QTest::newRow("proxy scheme") << QStringLiteral("GPUPOOL_PROXY") << QStringLiteral("ftp://proxy.example:21")
                                  << proxyValid;
    QTest::newRow("proxy with a password")
        << QStringLiteral("GPUPOOL_PROXY") << QStringLiteral("http://me:secret@proxy.example:3128") << proxyValid;
    QTest::newRow("proxy with a path") << QStringLiteral("GPUPOOL_PROXY")
                                       << QStringLiteral("http://proxy.example:3128/x") << proxyValid;
    QTest::newRow("proxy word") << QStringLiteral("GPUPOOL_PROXY") << QStringLiteral("direct") << proxyValid;
}

void TestResolverNetwork::badValuesAreRefused()
{
    QFETCH(QString, variable);
    QFETCH(QString, bad);
    QFETCH(QString, expected);
    const Resolution r = resolve(envOf({ { variable, bad } }));
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), 1);
    QCOMPARE(r.errors[0].source, Source::Environment);
    QCOMPARE(r.errors[0].name, variable);
    QCOMPARE(r.errors[0].message, QStringLiteral("%1: \"%2\" is not valid: %3").arg(variable, bad, expected));
    // Reported, never half-applied: both settings keep their defaults.
    QCOMPARE(r.settings.transport, endpoint::Transport::Auto);
    QCOMPARE(r.settings.proxy.kind, endpoint::ProxySetting::Kind::System);
}

QTEST_GUILESS_MAIN(TestResolverNetwork)
#include "tst_resolver_network.moc"
