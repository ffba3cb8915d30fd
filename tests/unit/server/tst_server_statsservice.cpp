#include "server/httpserver.h"
#include "server/statsservice.h"
#include "stats/bodyparser.h"
#include "stats/bodywriter.h"

#include <QTest>

using namespace gpupool::server;
using namespace gpupool::stats;

namespace {

const QByteArray fixedTimestamp = "2026-11-22T10:53:31.974174";

// A source whose readings the test sets, counting how often it is read.
class FakeSource final : public GpuSource
{
public:
    GpuReading read() override
    {
        ++reads;
        if (!failure.isEmpty())
            return GpuReading::failure(failure);
        return gpus;
    }
    bool nvidiaSmiAvailable() const override { return smiAvailable; }
    int totalSystemGpus() const override { return systemGpus; }

    GpuSamples gpus;
    QString failure;
    bool smiAvailable = true;
    int systemGpus = 2;
    int reads = 0;
};

GpuSamples twoGpus()
{
    GpuSample a;
    a.index = 0;
    a.name = QStringLiteral("NVIDIA GeForce RTX 3080");
    a.memoryTotalMb = 10240;
    a.memoryUsedMb = 2048;
    a.memoryFreeMb = 8192;
    a.utilizationPercent = 15;
    a.temperatureC = 45;
    a.powerDrawW = 120.5;
    a.powerLimitW = 320.0;
    GpuSample b = a;
    b.index = 1;
    b.utilizationPercent = 20;
    b.temperatureC = 47;
    b.powerDrawW.reset();
    b.powerLimitW.reset();
    return {a, b};
}

} // namespace

class TestStatsService : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void summaryMatchesTheWriterAndParsesBack();
    void statsParsesBack();
    void countHasTimestamp();
    void healthSaysHealthy();
    void configReflectsSettings();
    void rootListsEndpoints();
    void zeroGpusLeaveOutTotalPercent();
    void failingSourceGivesErrorBodies();
    void cacheHonoursRefreshInterval();
    void zeroRefreshIntervalReadsEveryTime();
    void routesAreRegistered();

private:
    FakeSource m_source;
    qint64 m_now = 0;
    std::unique_ptr<StatsService> m_service;
};

void TestStatsService::init()
{
    m_source = FakeSource();
    m_source.gpus = twoGpus();
    m_now = 1000;
    m_service = std::make_unique<StatsService>(
        m_source, [this] { return m_now; }, [] { return fixedTimestamp; });
}

void TestStatsService::summaryMatchesTheWriterAndParsesBack()
{
    const QByteArray body = m_service->summaryBody();
    QCOMPARE(body, writeSummary(m_source.gpus, fixedTimestamp));
    const Parsed<SummaryBody> parsed = parseSummary(body);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    QCOMPARE(parsed.value(), summarize(m_source.gpus, QString::fromLatin1(fixedTimestamp)));
    QCOMPARE(parsed.value().averageUtilizationPercent, 17.5);
    QCOMPARE(parsed.value().totalMemoryUsagePercent, std::optional<double>(20.0));
}

void TestStatsService::statsParsesBack()
{
    const QByteArray body = m_service->statsBody();
    const Parsed<StatsBody> parsed = parseStats(body);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), toStatsBody(m_source.gpus, QString::fromLatin1(fixedTimestamp)));
    QVERIFY(body.contains("\"power\":{\"draw_w\":null,\"limit_w\":null}"));
}

void TestStatsService::countHasTimestamp()
{
    QCOMPARE(m_service->countBody(),
             QByteArray("{\"gpu_count\":2,\"timestamp\":\"2026-11-22T10:53:31.974174\"}"));
    const Parsed<CountBody> parsed = parseCount(m_service->countBody());
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().gpuCount, 2);
}

void TestStatsService::healthSaysHealthy()
{
    m_source.smiAvailable = false;
    const Parsed<HealthBody> parsed = parseHealth(m_service->healthBody());
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().status, QStringLiteral("healthy"));
    QCOMPARE(parsed.value().nvidiaSmiAvailable, false);
    QCOMPARE(parsed.value().timestamp, QString::fromLatin1(fixedTimestamp));
    QCOMPARE(m_source.reads, 0); // health does not read the GPUs
}

void TestStatsService::configReflectsSettings()
{
    StatsService::Settings settings;
    settings.host = QStringLiteral("::1");
    settings.port = 8123;
    settings.refreshIntervalMs = 2500;
    settings.logLevel = QStringLiteral("debug");
    m_service->setSettings(settings);
    m_source.systemGpus = 4;
    const QByteArray body = m_service->configBody();
    const Parsed<ServerConfigBody> parsed = parseConfig(body);
    QVERIFY(parsed.ok());
    const ServerConfigBody &c = parsed.value();
    QCOMPARE(c.server.host, QStringLiteral("::1"));
    QCOMPARE(c.server.port, 8123);
    QCOMPARE(c.server.logLevel, QStringLiteral("debug"));
    QCOMPARE(c.monitoring.refreshInterval, 2.5);
    QCOMPARE(c.gpuFiltering.totalSystemGpus, 4);
    QCOMPARE(c.gpuFiltering.visibleGpuCount, 2);
    QVERIFY(!c.gpuFiltering.filteringActive);
    QVERIFY(body.contains("\"refresh_interval\":2.5,"));
}

void TestStatsService::rootListsEndpoints()
{
    const QByteArray body = m_service->rootBody();
    QVERIFY(body.startsWith("{\"message\":"));
    for (const char *path : {"/gpu/summary", "/gpu/stats", "/gpu/count", "/health", "/config"})
        QVERIFY2(body.contains(QByteArray(QByteArray("\"") + path + "\":")), path);
}

void TestStatsService::zeroGpusLeaveOutTotalPercent()
{
    m_source.gpus.clear();
    const QByteArray body = m_service->summaryBody();
    QCOMPARE(body, QByteArray("{\"gpu_count\":0,\"total_memory_mb\":0,\"total_used_memory_mb\":0,"
                              "\"average_utilization_percent\":0,\"gpus_summary\":[],"
                              "\"timestamp\":\"2026-11-22T10:53:31.974174\"}"));
    QVERIFY(parseSummary(body).ok());
}

void TestStatsService::failingSourceGivesErrorBodies()
{
    m_source.failure = QStringLiteral("nvidia-smi not available");
    const QByteArray expected = "{\"error\":\"nvidia-smi not available\",\"gpu_count\":0,\"gpus\":[]}";
    QCOMPARE(m_service->summaryBody(), expected);
    QCOMPARE(m_service->statsBody(), expected);
    const Parsed<SummaryBody> parsed = parseSummary(m_service->summaryBody());
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().kind, ParseError::Kind::ServerError);
    QCOMPARE(m_service->countBody(), QByteArray("{\"gpu_count\":0,\"timestamp\":null}"));
    QCOMPARE(parseHealth(m_service->healthBody()).value().status, QStringLiteral("healthy"));
    QCOMPARE(parseConfig(m_service->configBody()).value().gpuFiltering.visibleGpuCount, 0);
}

void TestStatsService::cacheHonoursRefreshInterval()
{
    // Default: 1 s.
    m_service->summaryBody();
    QCOMPARE(m_source.reads, 1);
    m_now += 999;
    m_service->statsBody();
    m_service->countBody();
    QCOMPARE(m_source.reads, 1);
    m_source.gpus[0].utilizationPercent = 99;
    m_now += 1;
    QVERIFY(m_service->summaryBody().contains("\"utilization_percent\":99"));
    QCOMPARE(m_source.reads, 2);

    // Failures are cached too, and the next reading after the interval recovers.
    m_source.failure = QStringLiteral("Failed to get GPU stats: boom");
    m_now += 1000;
    QVERIFY(m_service->summaryBody().startsWith("{\"error\":"));
    m_source.failure.clear();
    QVERIFY(m_service->summaryBody().startsWith("{\"error\":"));
    QCOMPARE(m_source.reads, 3);
    m_now += 1000;
    QVERIFY(m_service->summaryBody().startsWith("{\"gpu_count\":2"));
    QCOMPARE(m_source.reads, 4);
}

void TestStatsService::zeroRefreshIntervalReadsEveryTime()
{
    StatsService::Settings settings;
    settings.refreshIntervalMs = 0;
    m_service->setSettings(settings);
    m_service->summaryBody();
    m_service->summaryBody();
    QCOMPARE(m_source.reads, 2);
}

void TestStatsService::routesAreRegistered()
{
    HttpServer server;
    m_service->registerRoutes(server);
    HttpRequest request;
    request.method = "GET";
    for (const QString &path : {QStringLiteral("/"), QStringLiteral("/gpu/summary"),
                                QStringLiteral("/gpu/stats"), QStringLiteral("/gpu/count"),
                                QStringLiteral("/health"), QStringLiteral("/config")}) {
        request.path = path;
        const HttpResponse r = server.dispatch(request);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, QByteArray("application/json"));
        QVERIFY(r.body.startsWith('{'));
    }
    request.path = QStringLiteral("/gpu/summary");
    QCOMPARE(server.dispatch(request).body, m_service->summaryBody());
    request.path = QStringLiteral("/gpu/processes");
    QCOMPARE(server.dispatch(request).status, 404);
    request.path = QStringLiteral("/health");
    request.method = "PUT";
    QCOMPARE(server.dispatch(request).status, 405);
}

QTEST_GUILESS_MAIN(TestStatsService)
#include "tst_server_statsservice.moc"
