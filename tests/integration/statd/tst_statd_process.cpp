// Starts the real gpupool-statd and checks what it serves against
// docs/wire-format.md, byte for byte where the spec is exact.

#include "statdtesting.h"
#include "stats/bodyparser.h"

#include <gpupool/version.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTest>

#include <csignal>
#include <memory>

using namespace gpupool::stats;
using namespace gpupool::statd::testing;

class TestStatdProcess : public QObject
{
    Q_OBJECT

private slots:
    void versionOption();
    void helpListsOptions();
    void clusterWithoutSimulateExits2();
    void badListenExits2();
    void badEnvironmentExits2();
    void predecessorVariables();
    void portInUseExits1();
    void servesEveryPath();
    void unknownPathAndMethod();
    void environmentPicksAddress();
    void clusterGivesWorkingUrls();
    void clusterUsesConsecutivePorts();
    void sigtermExitsCleanly();
    void sigintExitsCleanly();

private:
    Reply fetch(const QString &url, const QByteArray &verb = "GET");

    QNetworkAccessManager m_nam;
};

Reply TestStatdProcess::fetch(const QString &url, const QByteArray &verb)
{
    Request how;
    how.verb = verb;
    return gpupool::statd::testing::fetch(m_nam, url, how);
}

void TestStatdProcess::versionOption()
{
    Statd statd({ QStringLiteral("--version") });
    QCOMPARE(statd.exitCode(), 0);
    QCOMPARE(statd.standardOutput(), QStringLiteral("gpupool-statd " GPUPOOL_VERSION "\n"));
}

void TestStatdProcess::helpListsOptions()
{
    Statd statd({ QStringLiteral("--help") });
    QCOMPARE(statd.exitCode(), 0);
    const QString help = statd.standardOutput();
    for (const char *word :
         { "--listen", "--simulate", "--seed", "--cluster", "--refresh-interval", "--nvidia-smi", "--smi-timeout",
           "--api-key-file", "--protect-health", "--tls-cert", "--tls-key", "--insecure-public", "--debug",
           "REFRESH_INTERVAL", "CUDA_VISIBLE_DEVICES", "Exit status" })
        QVERIFY2(help.contains(QLatin1String(word)), word);
}

void TestStatdProcess::clusterWithoutSimulateExits2()
{
    Statd statd({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--cluster"),
                  QStringLiteral("2") });
    QCOMPARE(statd.exitCode(), 2);
    QVERIFY(statd.standardError().contains(QLatin1String("--simulate")));
    QVERIFY(statd.standardOutput().isEmpty());
}

void TestStatdProcess::badListenExits2()
{
    for (const char *bad : { "nowhere", "127.0.0.1:99999", "::1:80", "127.0.0.1" }) {
        Statd statd({ QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--listen"),
                      QString::fromLatin1(bad) });
        QCOMPARE(statd.exitCode(), 2);
        const QString error = statd.standardError();
        QVERIFY2(error.contains(QLatin1String("--listen")) && error.contains(QLatin1String(bad)), qPrintable(error));
    }
    Statd unknown({ QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--frobnicate") });
    QCOMPARE(unknown.exitCode(), 2);
    QVERIFY(unknown.standardError().contains(QLatin1String("frobnicate")));
}

void TestStatdProcess::badEnvironmentExits2()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PORT"), QStringLiteral("eighty"));
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("1") }, env);
    QCOMPARE(statd.exitCode(), 2);
    QVERIFY(statd.standardError().contains(QLatin1String("PORT: \"eighty\"")));
}

void TestStatdProcess::predecessorVariables()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("TITLE"), QStringLiteral("Lab GPUs"));
    env.insert(QStringLiteral("VERSION"), QStringLiteral("2.1.0"));
    env.insert(QStringLiteral("MAX_HISTORY"), QStringLiteral("50"));
    env.insert(QStringLiteral("API_PREFIX"), QStringLiteral("/api/v1/"));
    env.insert(QStringLiteral("LOG_LEVEL"), QStringLiteral("WARNING"));
    env.insert(QStringLiteral("ACCESS_LOG"), QStringLiteral("true"));
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("2"), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0") },
                env);
    const QString base = statd.readLine();
    QVERIFY(!base.isEmpty());
    // Every path under the prefix; "/" lists them there.
    QCOMPARE(fetch(base + QLatin1String("/api/v1/gpu/summary")).status, 200);
    QCOMPARE(fetch(base + QLatin1String("/gpu/summary")).status, 404);
    const Reply root = fetch(base + QLatin1String("/"));
    QVERIFY2(
        root.body.startsWith("{\"message\":\"Lab GPUs\",\"version\":\"2.1.0\",\"endpoints\":{\"/api/v1/gpu/stats\""),
        root.body.constData());
    const Reply config = fetch(base + QLatin1String("/api/v1/config"));
    QVERIFY2(config.body.contains("\"log_level\":\"warning\",\"access_log\":true"), config.body.constData());
    QVERIFY2(config.body.contains("\"title\":\"Lab GPUs\",\"version\":\"2.1.0\""), config.body.constData());
    QVERIFY2(config.body.contains("\"api_prefix\":\"/api/v1\""), config.body.constData());
    QVERIFY2(config.body.contains("\"max_history\":50"), config.body.constData());
    // ACCESS_LOG: each request on the log; LOG_LEVEL=warning: no info lines ("serving ...").
    QString log;
    QTRY_VERIFY_WITH_TIMEOUT((log += statd.standardError()).contains(QLatin1String("GET /api/v1/config 200")), 5'000);
    QVERIFY2(!log.contains(QLatin1String("serving")), qPrintable(log));

    for (const auto &[name, value] : { std::pair { "MAX_HISTORY", "lots" }, std::pair { "API_PREFIX", "api" },
                                       std::pair { "LOG_LEVEL", "chatty" }, std::pair { "ACCESS_LOG", "sometimes" } }) {
        QProcessEnvironment bad;
        bad.insert(QString::fromLatin1(name), QString::fromLatin1(value));
        Statd refused({ QStringLiteral("--simulate"), QStringLiteral("1") }, bad);
        QCOMPARE(refused.exitCode(), 2);
        QVERIFY2(refused.standardError().contains(QString::fromLatin1(name)), name);
    }
}

void TestStatdProcess::portInUseExits1()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    const QString where = QStringLiteral("127.0.0.1:%1").arg(occupier.serverPort());
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--listen"), where });
    QCOMPARE(statd.exitCode(), 1);
    const QString error = statd.standardError();
    QVERIFY2(error.contains(QStringLiteral("cannot listen on %1: address already in use").arg(where)),
             qPrintable(error));
}

void TestStatdProcess::servesEveryPath()
{
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("3"), QStringLiteral("--seed"), QStringLiteral("7"),
                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") });
    const QString base = statd.readLine();
    QVERIFY2(QRegularExpression(QStringLiteral("^http://127\\.0\\.0\\.1:\\d+$")).match(base).hasMatch(),
             qPrintable(base));
    const int port = base.section(QLatin1Char(':'), -1).toInt();
    QVERIFY(port > 0);

    // /gpu/summary
    const Reply summary = fetch(base + QLatin1String("/gpu/summary"));
    QCOMPARE(summary.status, 200);
    QCOMPARE(summary.contentType, QByteArray("application/json"));
    QCOMPARE(summary.server, QByteArray("gpupool-statd/" GPUPOOL_VERSION));
    QCOMPARE(summary.contentLength, QByteArray::number(summary.body.size()));
    QCOMPARE(keysInOrder(summary.body),
             split("gpu_count,total_memory_mb,total_used_memory_mb,average_utilization_percent,gpus_summary")
                 + repeated(split("gpu_id,name,memory_usage_percent,utilization_percent"), 3)
                 + split("total_memory_usage_percent,timestamp"));
    QCOMPARE(countValues(summary.body, "gpu_count", "3"), 1);
    QCOMPARE(countValues(summary.body, "total_memory_mb", integer), 1);
    QCOMPARE(countValues(summary.body, "total_used_memory_mb", integer), 1);
    QCOMPARE(countValues(summary.body, "average_utilization_percent", floating), 1);
    QCOMPARE(countValues(summary.body, "gpu_id", integer), 3);
    QVERIFY(summary.body.contains("\"gpu_id\":0,") && summary.body.contains("\"gpu_id\":2,"));
    QCOMPARE(countValues(summary.body, "memory_usage_percent", floating), 3);
    QCOMPARE(countValues(summary.body, "utilization_percent", integer), 3);
    QCOMPARE(countValues(summary.body, "total_memory_usage_percent", floating), 1);
    QCOMPARE(countValues(summary.body, "timestamp", timestampPattern), 1);
    const Parsed<SummaryBody> parsedSummary = parseSummary(summary.body);
    QVERIFY2(parsedSummary.ok(), summary.body.constData());
    QCOMPARE(parsedSummary.value().gpus.size(), 3);

    // HEAD: the same headers, no body.
    const Reply head = fetch(base + QLatin1String("/gpu/summary"), "HEAD");
    QCOMPARE(head.status, 200);
    QCOMPARE(head.contentType, QByteArray("application/json"));
    QVERIFY(head.contentLength.toInt() > 0);
    QVERIFY(head.body.isEmpty());

    // /gpu/stats
    const Reply stats = fetch(base + QLatin1String("/gpu/stats"));
    QCOMPARE(stats.status, 200);
    QCOMPARE(stats.contentType, QByteArray("application/json"));
    QCOMPARE(keysInOrder(stats.body),
             split("gpu_count,gpus")
                 + repeated(split("gpu_id,name,memory,total_mb,used_mb,free_mb,usage_percent,"
                                  "utilization_percent,temperature_c,power,draw_w,limit_w"),
                            3)
                 + split("timestamp"));
    QCOMPARE(countValues(stats.body, "gpu_id", integer), 3);
    QCOMPARE(countValues(stats.body, "total_mb", integer), 3);
    QCOMPARE(countValues(stats.body, "used_mb", integer), 3);
    QCOMPARE(countValues(stats.body, "free_mb", integer), 3);
    QCOMPARE(countValues(stats.body, "usage_percent", floating), 3);
    QCOMPARE(countValues(stats.body, "temperature_c", integer), 3);
    QCOMPARE(countValues(stats.body, "draw_w", floating) + countValues(stats.body, "draw_w", "null"), 3);
    QCOMPARE(countValues(stats.body, "limit_w", floating) + countValues(stats.body, "limit_w", "null"), 3);
    QVERIFY2(parseStats(stats.body).ok(), stats.body.constData());

    // /gpu/count
    const Reply count = fetch(base + QLatin1String("/gpu/count"));
    QCOMPARE(count.status, 200);
    QCOMPARE(keysInOrder(count.body), split("gpu_count,timestamp"));
    QCOMPARE(countValues(count.body, "gpu_count", "3"), 1);
    QCOMPARE(countValues(count.body, "timestamp", timestampPattern), 1);

    // /health
    const Reply health = fetch(base + QLatin1String("/health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(keysInOrder(health.body), split("status,nvidia_smi_available,timestamp"));
    QVERIFY(health.body.startsWith("{\"status\":\"healthy\",\"nvidia_smi_available\":true,"));
    QVERIFY(parseHealth(health.body).ok());

    // /config
    const Reply config = fetch(base + QLatin1String("/config"));
    QCOMPARE(config.status, 200);
    QCOMPARE(keysInOrder(config.body),
             split("server,host,port,reload,log_level,access_log,workers,"
                   "api,title,version,docs_url,redoc_url,enable_cors,api_prefix,"
                   "monitoring,refresh_interval,max_history,"
                   "gpu_filtering,cuda_visible_devices,visible_gpu_ids,filtering_active,"
                   "total_system_gpus,visible_gpu_count"));
    QVERIFY(config.body.contains(QByteArray("\"host\":\"127.0.0.1\",\"port\":" + QByteArray::number(port) + ",")));
    QVERIFY(config.body.contains("\"refresh_interval\":1.0,"));
    QVERIFY(config.body.contains("\"total_system_gpus\":3,\"visible_gpu_count\":3}"));
    QVERIFY(parseConfig(config.body).ok());

    // /
    const Reply root = fetch(base + QLatin1String("/"));
    QCOMPARE(root.status, 200);
    const QStringList rootKeys = keysInOrder(root.body);
    QCOMPARE(rootKeys.mid(0, 3), split("message,version,endpoints"));
    for (const char *path : { "/gpu/summary", "/gpu/stats", "/gpu/count", "/health", "/config" })
        QVERIFY2(rootKeys.contains(QLatin1String(path)), path);
}

void TestStatdProcess::unknownPathAndMethod()
{
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0") });
    const QString base = statd.readLine();
    QVERIFY(!base.isEmpty());
    const Reply missing = fetch(base + QLatin1String("/gpu/nothing"));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.contentType, QByteArray("application/json"));
    QCOMPARE(missing.body, QByteArray("{\"detail\":\"Not Found\"}"));

    for (const QByteArray &verb : { QByteArray("POST"), QByteArray("DELETE"), QByteArray("PUT") }) {
        const Reply refused = fetch(base + QLatin1String("/gpu/summary"), verb);
        QCOMPARE(refused.status, 405);
        QCOMPARE(refused.contentType, QByteArray("application/json"));
        QCOMPARE(refused.allow, QByteArray("GET, HEAD"));
        QCOMPARE(refused.body, QByteArray("{\"detail\":\"Method Not Allowed\"}"));
    }
}

void TestStatdProcess::environmentPicksAddress()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOST"), QStringLiteral("127.0.0.1"));
    env.insert(QStringLiteral("PORT"), QStringLiteral("0"));
    env.insert(QStringLiteral("REFRESH_INTERVAL"), QStringLiteral("2.5"));
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("2") }, env);
    const QString base = statd.readLine();
    QVERIFY2(base.startsWith(QLatin1String("http://127.0.0.1:")), qPrintable(base));
    const Reply config = fetch(base + QLatin1String("/config"));
    QCOMPARE(config.status, 200);
    QVERIFY(config.body.contains("\"refresh_interval\":2.5,"));
}

void TestStatdProcess::clusterGivesWorkingUrls()
{
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("2"), QStringLiteral("--seed"), QStringLiteral("7"),
                  QStringLiteral("--cluster"), QStringLiteral("3"), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0") });
    QStringList urls;
    for (int i = 0; i < 3; ++i)
        urls.append(statd.readLine());
    QCOMPARE(QSet<QString>(urls.begin(), urls.end()).size(), 3);
    for (const QString &url : std::as_const(urls)) {
        QVERIFY2(url.startsWith(QLatin1String("http://127.0.0.1:")), qPrintable(url));
        const Reply summary = fetch(url + QLatin1String("/gpu/summary"));
        QCOMPARE(summary.status, 200);
        const Parsed<SummaryBody> parsed = parseSummary(summary.body);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().gpuCount, 2);
        const Reply config = fetch(url + QLatin1String("/config"));
        QVERIFY(config.body.contains(QByteArray(":" + url.section(QLatin1Char(':'), -1).toLatin1() + ",")));
    }
}

void TestStatdProcess::clusterUsesConsecutivePorts()
{
    // A free base port cannot be reserved for another process; a few tries make
    // a clash with some other program vanishingly unlikely.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int basePort = 20000 + static_cast<int>(QRandomGenerator::global()->bounded(30000));
        Statd statd({ QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--cluster"),
                      QStringLiteral("3"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(basePort) });
        const QString first = statd.readLine();
        if (first.isEmpty()) {
            QCOMPARE(statd.exitCode(), 1); // that port was taken: try another
            continue;
        }
        QCOMPARE(first, QStringLiteral("http://127.0.0.1:%1").arg(basePort));
        QCOMPARE(statd.readLine(), QStringLiteral("http://127.0.0.1:%1").arg(basePort + 1));
        QCOMPARE(statd.readLine(), QStringLiteral("http://127.0.0.1:%1").arg(basePort + 2));
        QCOMPARE(fetch(QStringLiteral("http://127.0.0.1:%1/health").arg(basePort + 2)).status, 200);
        return;
    }
    QFAIL("no free run of three ports found");
}

void TestStatdProcess::sigtermExitsCleanly()
{
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0") });
    const QString base = statd.readLine();
    QVERIFY(!base.isEmpty());
    QCOMPARE(fetch(base + QLatin1String("/health")).status, 200);
    statd.process().terminate(); // SIGTERM
    QCOMPARE(statd.exitCode(), 0);
}

void TestStatdProcess::sigintExitsCleanly()
{
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0") });
    QVERIFY(!statd.readLine().isEmpty());
    QCOMPARE(::kill(static_cast<pid_t>(statd.process().processId()), SIGINT), 0);
    QCOMPARE(statd.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestStatdProcess)
#include "tst_statd_process.moc"
