// gpupoolctl's command line: help, version, and every way to call it wrong
// (exit status 2 with a message naming what is wrong). No endpoint is needed:
// each of these is refused before anything is polled.

#include "ctltesting.h"

#include <gpupool/version.h>

#include <QFile>
#include <QJsonArray>
#include <QSettings>

using namespace gpupool::ctl::testing;

class TestCtlUsage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void version();
    void helpListsCommandsOptionsAndExitStatuses();
    void commandHelp();
    void refused_data();
    void refused();
    void refusedAsJson();
    void environmentIsChecked();
    void badSettingsFile();
    void strategyIsThePoolsInTheStore();
    void strategyOverriddenByTheEnvironmentSaysSo();
    void strategyFixesABadSettingsFile();

private:
    Ctl m_ctl;
};

void TestCtlUsage::initTestCase()
{
    QVERIFY(m_ctl.isValid());
}

void TestCtlUsage::version()
{
    const CtlResult r = m_ctl.run({ QStringLiteral("--version") }, false);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("gpupoolctl " GPUPOOL_VERSION "\n"));
}

void TestCtlUsage::helpListsCommandsOptionsAndExitStatuses()
{
    const CtlResult r = m_ctl.run({ QStringLiteral("--help") }, false);
    QCOMPARE(r.exitCode, 0);
    for (const char *word : { "status",
                              "endpoints",
                              "gpus",
                              "leases",
                              "request",
                              "run",
                              "release",
                              "renew",
                              "strategy",
                              "recover",
                              "recovery-status",
                              "watch",
                              "--endpoint",
                              "--endpoints",
                              "--strategy",
                              "--memory-threshold",
                              "--utilization-threshold",
                              "--store",
                              "--config",
                              "--json",
                              "--debug",
                              "--version",
                              "GPU_STATS_SERVICE_ENDPOINTS",
                              "NO_COLOR",
                              "Exit status",
                              "3  timed out",
                              "4  not enough GPUs",
                              "5  no endpoint reachable" })
        QVERIFY2(r.out.contains(QLatin1String(word)), word);
    QVERIFY(fitsWidth(r.out, 120)); // Qt wraps option descriptions itself
    QCOMPARE(m_ctl.run({ QStringLiteral("help") }, false).out, r.out);
}

void TestCtlUsage::commandHelp()
{
    const CtlResult r = m_ctl.run({ QStringLiteral("request"), QStringLiteral("--help") }, false);
    QCOMPARE(r.exitCode, 0);
    for (const char *word : { "--count", "--min-memory", "--name", "--endpoint", "--ttl", "--note", "--wait",
                              "--partial", "CUDA_VISIBLE_DEVICES", "Exit status" })
        QVERIFY2(r.out.contains(QLatin1String(word)), word);
    QCOMPARE(m_ctl.run({ QStringLiteral("help"), QStringLiteral("request") }, false).out, r.out);
    QVERIFY(m_ctl.run({ QStringLiteral("watch"), QStringLiteral("--help") }, false)
                .out.contains(QLatin1String("--interval")));
}

void TestCtlUsage::refused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const auto args = [](std::initializer_list<const char *> list) {
        QStringList out;
        for (const char *a : list)
            out.append(QString::fromUtf8(a));
        return out;
    };
    const QString ep = QStringLiteral("--endpoints=a=http://127.0.0.1:9,b=http://127.0.0.1:10");
    QTest::newRow("no command") << QStringList()
                                << QStringLiteral("gpupoolctl: no command given (see gpupoolctl --help)");
    QTest::newRow("unknown command")
        << args({ "frobnicate" })
        << QStringLiteral("gpupoolctl: unknown command \"frobnicate\"; commands: status, "
                          "endpoints, gpus, ps, leases, request, run, release, renew, queue, cancel, strategy, "
                          "load, config, recover, recovery-status, watch, help");
    QTest::newRow("unknown option") << args({ "--frob", "status" })
                                    << QStringLiteral("gpupoolctl: Unknown option 'frob' (see gpupoolctl --help)");
    QTest::newRow("unknown command option")
        << args({ "status", "--all" })
        << QStringLiteral("gpupoolctl: status: Unknown option 'all' (see gpupoolctl status --help)");
    QTest::newRow("extra argument") << args({ "status", "now" })
                                    << QStringLiteral("gpupoolctl: status: unexpected argument \"now\"");
    QTest::newRow("missing lease id") << args(
        { "renew" }) << QStringLiteral("gpupoolctl: renew: missing LEASE_ID (see gpupoolctl renew --help)");
    QTest::newRow("release nothing") << args(
        { "release" }) << QStringLiteral("gpupoolctl: release: missing LEASE_ID (or --gpu GLOBAL_ID, or --all)");
    QTest::newRow("release all and one") << args({ "release", "abc", "--all" })
                                         << QStringLiteral("gpupoolctl: release: give one of LEASE_ID, --gpu "
                                                           "GLOBAL_ID and --all, not several");
    QTest::newRow("release both") << args({ "release", "abc", "--gpu", "a:0" })
                                  << QStringLiteral(
                                         "gpupoolctl: release: give one of LEASE_ID, --gpu GLOBAL_ID and --all, "
                                         "not several");
    QTest::newRow("bad gpu id") << (QStringList { ep } + args({ "release", "--gpu", "a:x" }))
                                << QStringLiteral("gpupoolctl: --gpu: ");
    QTest::newRow("bad duration") << args({ "request", "--ttl", "4x" })
                                  << QStringLiteral(
                                         "gpupoolctl: --ttl: \"4x\" is not a valid duration: expected a number "
                                         "with a unit s, m, h or d (90s, 15m, 4h, 1d)");
    QTest::newRow("duration without unit")
        << args({ "renew", "abc", "--ttl", "4" }) << QStringLiteral("gpupoolctl: --ttl: \"4\" is not a valid duration");
    QTest::newRow("negative wait") << args({ "request", "--wait", "-1s" })
                                   << QStringLiteral("gpupoolctl: --wait: \"-1s\" is not a valid duration");
    QTest::newRow("interval too short")
        << args({ "watch", "--interval", "0.1" })
        << QStringLiteral("gpupoolctl: --interval: \"0.1\" is out of range: expected a duration from 0.2s to 1h");
    QTest::newRow("bad count") << args(
        { "request", "--count",
          "0" }) << QStringLiteral("gpupoolctl: --count: \"0\" is not valid: expected a whole number from 1 to 1024");
    QTest::newRow("unknown lease kind") << args({ "request", "--kind", "batch" })
                                        << QStringLiteral("gpupoolctl: --kind: \"batch\" is not a kind: interactive, "
                                                          "programmatic or job");
    QTest::newRow("bad min memory") << args({ "request", "--min-memory", "lots" })
                                    << QStringLiteral("gpupoolctl: --min-memory: \"lots\" is not valid");
    QTest::newRow("bad limit") << args(
        { "leases", "--history", "--limit",
          "0" }) << QStringLiteral("gpupoolctl: --limit: \"0\" is not valid: expected a whole number from 1 to 10000");
    QTest::newRow("bad URL scheme") << args({ "--endpoint", "file:///etc/passwd", "status" })
                                    << QStringLiteral(
                                           "gpupoolctl: --endpoint: \"file:///etc/passwd\" is not valid: only http "
                                           "and https URLs are accepted, not file:");
    QTest::newRow("bad URL in a list") << args({ "--endpoints", "a=http://127.0.0.1:9,ftp://x", "gpus" })
                                       << QStringLiteral("gpupoolctl: --endpoints: \"ftp://x\" is not valid");
    QTest::newRow("threshold 150") << args({ "--memory-threshold", "150", "status" })
                                   << QStringLiteral(
                                          "gpupoolctl: --memory-threshold: \"150\" is not valid: expected a number "
                                          "from 0 to 100");
    QTest::newRow("threshold after the command")
        << args({ "status", "--utilization-threshold=150" })
        << QStringLiteral("gpupoolctl: --utilization-threshold: \"150\" is not valid");
    QTest::newRow("unknown strategy") << args({ "--strategy", "fastest", "status" })
                                      << QStringLiteral(
                                             "gpupoolctl: Unknown load balancing strategy: fastest. Available "
                                             "strategies: availability, round_robin, weighted, least_connections, "
                                             "least_response_time, equal_weighted, weighted_round_robin");
    QTest::newRow("set unknown strategy")
        << args({ "strategy", "fastest" }) << QStringLiteral("gpupoolctl: Unknown load balancing strategy: fastest.");
    QTest::newRow("unknown endpoint id") << (QStringList { ep } + args({ "request", "--endpoint", "c" }))
                                         << QStringLiteral(
                                                "gpupoolctl: --endpoint: unknown endpoint \"c\"; endpoints: a, b");
    QTest::newRow("URL as endpoint filter")
        << (QStringList { ep } + args({ "request", "--endpoint", "http://127.0.0.1:9" }))
        << QStringLiteral("gpupoolctl: request --endpoint takes an endpoint id (a, b), not a URL");
    QTest::newRow("recover unknown endpoint") << (QStringList { ep } + args({ "recover", "c" }))
                                              << QStringLiteral("gpupoolctl: Unknown endpoint: c. Endpoints: a, b");
    QTest::newRow("missing config file") << args(
        { "--config", "/nonexistent/gpupool.ini",
          "status" }) << QStringLiteral("gpupoolctl: --config: \"/nonexistent/gpupool.ini\": no such readable file");
}

void TestCtlUsage::refused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const CtlResult r = m_ctl.run(arguments);
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.err.startsWith(message), r.describe());
    QVERIFY2(r.out.isEmpty(), r.describe()); // nothing half-done on stdout
}

void TestCtlUsage::refusedAsJson()
{
    for (const QStringList &arguments :
         { QStringList { QStringLiteral("--json"), QStringLiteral("frobnicate") },
           QStringList { QStringLiteral("--json"), QStringLiteral("request"), QStringLiteral("--ttl"),
                         QStringLiteral("4x") },
           QStringList { QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--memory-threshold"),
                         QStringLiteral("150") } }) {
        const CtlResult r = m_ctl.run(arguments);
        QVERIFY2(r.exitCode == 2, r.describe());
        const QJsonObject error = r.json().value(QStringLiteral("error")).toObject();
        QCOMPARE(keys(error),
                 sorted({ QStringLiteral("code"), QStringLiteral("message"), QStringLiteral("exit_status") }));
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("usage"));
        QCOMPARE(error.value(QStringLiteral("exit_status")).toInt(), 2);
        QVERIFY(r.err.contains(error.value(QStringLiteral("message")).toString()));
    }
}

void TestCtlUsage::environmentIsChecked()
{
    Ctl ctl;
    ctl.setEnv(QStringLiteral("GPU_UTILIZATION_THRESHOLD_PERCENT"), QStringLiteral("150"));
    ctl.setEnv(QStringLiteral("GPU_ENDPOINT_TIMEOUT"), QStringLiteral("soon"));
    const CtlResult r = ctl.run({ QStringLiteral("status") });
    QCOMPARE(r.exitCode, 2);
    // Every bad setting at once, each naming the variable and the value.
    QVERIFY2(r.err.contains(QLatin1String("GPU_UTILIZATION_THRESHOLD_PERCENT: \"150\" is not valid")), r.describe());
    QVERIFY2(r.err.contains(QLatin1String("GPU_ENDPOINT_TIMEOUT: \"soon\" is not valid")), r.describe());
    // An option beats the variable.
    const CtlResult fixed = ctl.run({ QStringLiteral("--utilization-threshold=50"),
                                      QStringLiteral("--endpoint-timeout=1"), QStringLiteral("strategy") });
    QVERIFY2(fixed.exitCode == 0, fixed.describe());
}

void TestCtlUsage::badSettingsFile()
{
    const QString path = m_ctl.home() + QStringLiteral("/bad.ini");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[thresholds]\nmemoryPercent=150\n");
    file.close();
    const CtlResult r = m_ctl.run({ QStringLiteral("--config"), path, QStringLiteral("status") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("thresholds/memoryPercent in %1: \"150\" is not valid").arg(path)),
             r.describe());
}

void TestCtlUsage::strategyIsThePoolsInTheStore()
{
    Ctl ctl;
    const QString store = ctl.storeArgument();
    CtlResult r = ctl.run({ QStringLiteral("--json"), QStringLiteral("strategy") });
    QVERIFY2(r.exitCode == 0, r.describe());
    QJsonObject o = r.json();
    QCOMPARE(keys(o),
             sorted({ QStringLiteral("strategy"), QStringLiteral("source"), QStringLiteral("origin"),
                      QStringLiteral("available"), QStringLiteral("store") }));
    QCOMPARE(o.value(QStringLiteral("strategy")).toString(), QStringLiteral("availability"));
    QCOMPARE(o.value(QStringLiteral("source")).toString(), QStringLiteral("default"));
    QCOMPARE(o.value(QStringLiteral("store")).toString(), store);
    QCOMPARE(o.value(QStringLiteral("available")).toArray().size(), 7);

    r = ctl.run({ QStringLiteral("--json"), QStringLiteral("strategy"), QStringLiteral("round_robin") });
    QVERIFY2(r.exitCode == 0, r.describe());
    o = r.json();
    QCOMPARE(o.value(QStringLiteral("strategy")).toString(), QStringLiteral("round_robin"));
    QCOMPARE(o.value(QStringLiteral("saved_to")).toString(), store);
    QVERIFY(o.value(QStringLiteral("overridden_by")).isNull());
    // In the store, not in this user's settings: every program on the store follows.
    QVERIFY(!QSettings(ctl.settingsFile(), QSettings::IniFormat).contains(QStringLiteral("balancing/strategy")));

    r = ctl.run({ QStringLiteral("strategy") });
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.startsWith(QStringLiteral("round_robin (the pool's, in %1)").arg(store)), r.describe());
    QVERIFY(r.out.contains(QLatin1String("* round_robin\n")));
    QVERIFY(!hasEscapeCodes(r.out)); // not a terminal

    // Another user's settings file says otherwise: the store's strategy still wins.
    Ctl other;
    QVERIFY(
        QFile::copy(ctl.home() + QStringLiteral("/leases.sqlite"), other.home() + QStringLiteral("/leases.sqlite")));
    {
        QSettings file(other.settingsFile(), QSettings::IniFormat);
        file.setValue(QStringLiteral("balancing/strategy"), QStringLiteral("weighted"));
    }
    r = other.run({ QStringLiteral("--json"), QStringLiteral("strategy") });
    QCOMPARE(r.json().value(QStringLiteral("strategy")).toString(), QStringLiteral("round_robin"));
    QCOMPARE(r.json().value(QStringLiteral("source")).toString(), QStringLiteral("store"));
}

void TestCtlUsage::strategyOverriddenByTheEnvironmentSaysSo()
{
    Ctl ctl;
    ctl.setEnv(QStringLiteral("GPU_LOAD_BALANCING_STRATEGY"), QStringLiteral("weighted"));
    const CtlResult r = ctl.run({ QStringLiteral("strategy"), QStringLiteral("least_connections") });
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.err.contains(QLatin1String("warning: GPU_LOAD_BALANCING_STRATEGY is set to \"weighted\": programs "
                                          "started with it keep balancing with weighted")),
             r.describe());
    const CtlResult shown = ctl.run({ QStringLiteral("strategy") });
    QVERIFY2(shown.out.startsWith(QLatin1String("weighted (environment: GPU_LOAD_BALANCING_STRATEGY)")),
             shown.describe());
    QVERIFY2(shown.err.contains(QLatin1String("the pool's strategy is least_connections")), shown.describe());
    ctl.unsetEnv(QStringLiteral("GPU_LOAD_BALANCING_STRATEGY"));
    QVERIFY(ctl.run({ QStringLiteral("strategy") }).out.startsWith(QLatin1String("least_connections (the pool's")));
}

void TestCtlUsage::strategyFixesABadSettingsFile()
{
    Ctl ctl;
    {
        QSettings file(ctl.settingsFile(), QSettings::IniFormat);
        file.setValue(QStringLiteral("balancing/strategy"), QStringLiteral("fastest"));
    }
    QCOMPARE(ctl.run({ QStringLiteral("strategy") }).exitCode, 2);
    const CtlResult r = ctl.run({ QStringLiteral("strategy"), QStringLiteral("weighted") });
    QVERIFY2(r.exitCode == 0, r.describe());
    // The file's value is still wrong, and config is how it is mended.
    QCOMPARE(ctl.run({ QStringLiteral("strategy") }).exitCode, 2);
    const CtlResult unset = ctl.run({ QStringLiteral("config"), QStringLiteral("unset"), QStringLiteral("strategy") });
    QVERIFY2(unset.exitCode == 0, unset.describe());
    QVERIFY(ctl.run({ QStringLiteral("strategy") }).out.startsWith(QLatin1String("weighted (the pool's")));
}

QTEST_GUILESS_MAIN(TestCtlUsage)
#include "tst_ctl_usage.moc"
