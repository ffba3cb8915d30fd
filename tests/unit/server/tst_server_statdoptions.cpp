#include "server/statdoptions.h"

#include <QTest>

using namespace gpupool::server;

namespace {

StatdArguments simulate(const char *n = "2")
{
    StatdArguments a;
    a.simulate = QString::fromLatin1(n);
    return a;
}

QProcessEnvironment environment(std::initializer_list<std::pair<const char *, const char *>> vars)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : vars)
        env.insert(QString::fromLatin1(name), QString::fromLatin1(value));
    return env;
}

StatdOptions resolved(const StatdArguments &a, const QProcessEnvironment &env = {})
{
    const auto r = resolveStatdOptions(a, env);
    if (const QString *error = std::get_if<QString>(&r))
        qFatal("unexpected error: %s", qPrintable(*error));
    return std::get<StatdOptions>(r);
}

QString errorOf(const StatdArguments &a, const QProcessEnvironment &env = {})
{
    const auto r = resolveStatdOptions(a, env);
    const QString *error = std::get_if<QString>(&r);
    return error ? *error : QString();
}

} // namespace

class TestStatdOptions : public QObject
{
    Q_OBJECT

private slots:
    void listenAddress_data();
    void listenAddress();
    void baseUrls();
    void defaults();
    void environmentIsUsed();
    void optionsBeatEnvironment();
    void badValuesNameTheSetting_data();
    void badValuesNameTheSetting();
    void nvidiaSmiIsTheDefaultSource();
    void publicAddressNeedsKeysOrConsent();
    void tlsAndKeysGoTogetherRight();
    void clusterMustFitInPortRange();
    void corsAsThePredecessorUnlessToldOtherwise();
};

void TestStatdOptions::listenAddress_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::newRow("ipv4") << QStringLiteral("127.0.0.1:8000") << true << QStringLiteral("127.0.0.1") << 8000;
    QTest::newRow("any") << QStringLiteral("0.0.0.0:0") << true << QStringLiteral("0.0.0.0") << 0;
    QTest::newRow("ipv6") << QStringLiteral("[::1]:65535") << true << QStringLiteral("::1") << 65535;
    QTest::newRow("localhost") << QStringLiteral("localhost:80") << true << QStringLiteral("127.0.0.1") << 80;
    QTest::newRow("bare ipv6") << QStringLiteral("::1:8000") << false << QString() << 0;
    QTest::newRow("no port") << QStringLiteral("127.0.0.1") << false << QString() << 0;
    QTest::newRow("empty port") << QStringLiteral("127.0.0.1:") << false << QString() << 0;
    QTest::newRow("port too big") << QStringLiteral("127.0.0.1:65536") << false << QString() << 0;
    QTest::newRow("negative port") << QStringLiteral("127.0.0.1:-1") << false << QString() << 0;
    QTest::newRow("port with sign") << QStringLiteral("127.0.0.1:+80") << false << QString() << 0;
    QTest::newRow("hostname") << QStringLiteral("gpu-server:8000") << false << QString() << 0;
    QTest::newRow("bad ipv4") << QStringLiteral("300.1.1.1:80") << false << QString() << 0;
    QTest::newRow("no address") << QStringLiteral(":8000") << false << QString() << 0;
    QTest::newRow("unclosed bracket") << QStringLiteral("[::1:8000") << false << QString() << 0;
    QTest::newRow("garbage") << QStringLiteral("foo") << false << QString() << 0;
}

void TestStatdOptions::listenAddress()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, address);
    QFETCH(int, port);
    const std::optional<ListenAddress> parsed = parseListenAddress(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid) {
        QCOMPARE(parsed->address, QHostAddress(address));
        QCOMPARE(parsed->port, port);
    }
}

void TestStatdOptions::baseUrls()
{
    QCOMPARE(baseUrl(QHostAddress(QStringLiteral("127.0.0.1")), 8000), QStringLiteral("http://127.0.0.1:8000"));
    QCOMPARE(baseUrl(QHostAddress(QStringLiteral("::1")), 80), QStringLiteral("http://[::1]:80"));
}

void TestStatdOptions::defaults()
{
    const StatdOptions o = resolved(simulate("3"));
    QCOMPARE(o.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(o.port, 8000);
    QCOMPARE(o.simulatedGpus, 3);
    QCOMPARE(o.seed, 1u);
    QCOMPARE(o.cluster, 1);
    QCOMPARE(o.refreshIntervalMs, 1000);
    QVERIFY(!o.debug);
}

void TestStatdOptions::environmentIsUsed()
{
    StatdArguments a = simulate();
    a.insecurePublic = true; // HOST=0.0.0.0 without keys must be meant
    const StatdOptions o
        = resolved(a, environment({ { "HOST", "0.0.0.0" }, { "PORT", "9001" }, { "REFRESH_INTERVAL", "0.25" } }));
    QCOMPARE(o.address, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(o.port, 9001);
    QCOMPARE(o.refreshIntervalMs, 250);
}

void TestStatdOptions::optionsBeatEnvironment()
{
    StatdArguments a = simulate();
    a.listen = QStringLiteral("[::1]:0");
    a.refreshInterval = QStringLiteral("2");
    // Even bad environment values do not matter when the options are given.
    const StatdOptions o
        = resolved(a, environment({ { "HOST", "nonsense" }, { "PORT", "x" }, { "REFRESH_INTERVAL", "y" } }));
    QCOMPARE(o.address, QHostAddress(QHostAddress::LocalHostIPv6));
    QCOMPARE(o.port, 0);
    QCOMPARE(o.refreshIntervalMs, 2000);
}

void TestStatdOptions::badValuesNameTheSetting_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("name");
    QTest::newRow("listen") << QStringLiteral("listen") << QStringLiteral("nowhere") << QStringLiteral("--listen");
    QTest::newRow("simulate letters") << QStringLiteral("simulate") << QStringLiteral("two")
                                      << QStringLiteral("--simulate");
    QTest::newRow("simulate too many") << QStringLiteral("simulate") << QStringLiteral("5000")
                                       << QStringLiteral("--simulate");
    QTest::newRow("seed negative") << QStringLiteral("seed") << QStringLiteral("-1") << QStringLiteral("--seed");
    QTest::newRow("seed too big") << QStringLiteral("seed") << QStringLiteral("18446744073709551616")
                                  << QStringLiteral("--seed");
    QTest::newRow("cluster zero") << QStringLiteral("cluster") << QStringLiteral("0") << QStringLiteral("--cluster");
    QTest::newRow("refresh negative") << QStringLiteral("refresh") << QStringLiteral("-1")
                                      << QStringLiteral("--refresh-interval");
    QTest::newRow("refresh nan") << QStringLiteral("refresh") << QStringLiteral("nan")
                                 << QStringLiteral("--refresh-interval");
    QTest::newRow("refresh inf") << QStringLiteral("refresh") << QStringLiteral("inf")
                                 << QStringLiteral("--refresh-interval");
    QTest::newRow("env HOST") << QStringLiteral("HOST") << QStringLiteral("example.com") << QStringLiteral("HOST");
    QTest::newRow("env PORT") << QStringLiteral("PORT") << QStringLiteral("80a") << QStringLiteral("PORT");
    QTest::newRow("env REFRESH") << QStringLiteral("REFRESH_INTERVAL") << QStringLiteral("soon")
                                 << QStringLiteral("REFRESH_INTERVAL");
}

void TestStatdOptions::badValuesNameTheSetting()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    QFETCH(QString, name);
    StatdArguments a = simulate();
    QProcessEnvironment env;
    if (option == QLatin1String("listen"))
        a.listen = value;
    else if (option == QLatin1String("simulate"))
        a.simulate = value;
    else if (option == QLatin1String("seed"))
        a.seed = value;
    else if (option == QLatin1String("cluster"))
        a.cluster = value;
    else if (option == QLatin1String("refresh"))
        a.refreshInterval = value;
    else
        env.insert(option, value);
    const QString error = errorOf(a, env);
    QVERIFY2(error.contains(name + QLatin1String(": \"") + value + QLatin1Char('"')), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("expected")), qPrintable(error));
}

void TestStatdOptions::nvidiaSmiIsTheDefaultSource()
{
    const StatdOptions o = resolved(StatdArguments());
    QCOMPARE(o.simulatedGpus, std::nullopt);
    QCOMPARE(o.nvidiaSmi, QStringLiteral("nvidia-smi"));
    QCOMPARE(o.smiTimeoutMs, 5000);
    QCOMPARE(resolved(simulate("0")).simulatedGpus, std::optional<int>(0));
    StatdArguments a;
    a.nvidiaSmi = QStringLiteral("/opt/bin/nvidia-smi");
    a.smiTimeout = QStringLiteral("0.5");
    QCOMPARE(resolved(a).nvidiaSmi, QStringLiteral("/opt/bin/nvidia-smi"));
    QCOMPARE(resolved(a).smiTimeoutMs, 500);
    a.smiTimeout = QStringLiteral("0");
    QVERIFY(errorOf(a).contains(QLatin1String("--smi-timeout: \"0\"")));
    // --cluster is a simulator feature.
    StatdArguments c;
    c.cluster = QStringLiteral("2");
    QVERIFY(errorOf(c).contains(QLatin1String("--simulate")));
    // So is --simulate-idle: real GPUs are never told to look free.
    StatdArguments idle;
    idle.simulateIdle = true;
    QVERIFY(errorOf(idle).contains(QLatin1String("--simulate-idle")));
    StatdArguments simIdle = simulate("4");
    simIdle.simulateIdle = true;
    QVERIFY(resolved(simIdle).simulatedIdle);
    QVERIFY(!resolved(simulate("4")).simulatedIdle);
}

void TestStatdOptions::publicAddressNeedsKeysOrConsent()
{
    StatdArguments a = simulate();
    a.listen = QStringLiteral("0.0.0.0:8000");
    const QString error = errorOf(a);
    QVERIFY2(error.contains(QLatin1String("--api-key-file")) && error.contains(QLatin1String("--insecure-public")),
             qPrintable(error));
    a.apiKeyFile = QStringLiteral("/etc/gpupool/keys");
    QCOMPARE(resolved(a).apiKeyFile, QStringLiteral("/etc/gpupool/keys"));
    a.apiKeyFile.reset();
    a.insecurePublic = true;
    QCOMPARE(resolved(a).address, QHostAddress(QHostAddress::AnyIPv4));
    // Loopback in either family needs neither.
    a.insecurePublic = false;
    a.listen = QStringLiteral("[::1]:8000");
    QVERIFY(errorOf(a).isEmpty());
}

void TestStatdOptions::tlsAndKeysGoTogetherRight()
{
    StatdArguments a = simulate();
    a.tlsCert = QStringLiteral("cert.pem");
    QVERIFY(errorOf(a).contains(QLatin1String("--tls-key")));
    a.tlsKey = QStringLiteral("key.pem");
    QVERIFY(resolved(a).tls());
    QCOMPARE(baseUrl(QHostAddress(QHostAddress::LocalHost), 8443, true), QStringLiteral("https://127.0.0.1:8443"));
    StatdArguments h = simulate();
    h.protectHealth = true;
    QVERIFY(errorOf(h).contains(QLatin1String("--api-key-file")));
}

void TestStatdOptions::clusterMustFitInPortRange()
{
    StatdArguments a = simulate();
    a.listen = QStringLiteral("127.0.0.1:65534");
    a.cluster = QStringLiteral("2");
    QCOMPARE(resolved(a).cluster, 2);
    a.cluster = QStringLiteral("3");
    QVERIFY(errorOf(a).contains(QLatin1String("--cluster")));
    a.listen = QStringLiteral("127.0.0.1:0"); // each picks its own port
    a.cluster = QStringLiteral("100");
    QCOMPARE(resolved(a).cluster, 100);
}

void TestStatdOptions::corsAsThePredecessorUnlessToldOtherwise()
{
    StatdOptions o = resolved(StatdArguments());
    QVERIFY(o.cors);
    QCOMPARE(o.corsOrigins, QList<QByteArray> { "*" });
    QVERIFY(!resolved(StatdArguments(), environment({ { "ENABLE_CORS", "False" } })).cors);
    QVERIFY(resolved(StatdArguments(), environment({ { "ENABLE_CORS", "true" } })).cors);
    QVERIFY(
        errorOf(StatdArguments(), environment({ { "ENABLE_CORS", "maybe" } })).contains(QLatin1String("ENABLE_CORS")));

    StatdArguments a;
    a.corsOrigin = QStringLiteral(" https://dash.lab:8443 , http://localhost:3000");
    o = resolved(a, environment({ { "ENABLE_CORS", "false" } })); // an option beats the variable
    QVERIFY(o.cors);
    QCOMPARE(o.corsOrigins, (QList<QByteArray> { "https://dash.lab:8443", "http://localhost:3000" }));
    for (const char *bad : { "dash.lab", "https://dash.lab/page", "ftp://dash.lab", "https://u:p@dash.lab", "," }) {
        a.corsOrigin = QString::fromLatin1(bad);
        QVERIFY2(errorOf(a).contains(QLatin1String("--cors-origin")), bad);
    }
    a.corsOrigin = QStringLiteral("*");
    a.noCors = true;
    QVERIFY(errorOf(a).contains(QLatin1String("contradict")));
    a.corsOrigin.reset();
    QVERIFY(!resolved(a).cors);
}

QTEST_GUILESS_MAIN(TestStatdOptions)
#include "tst_server_statdoptions.moc"
