#include "server/httpserver.h"
#include "server/statsservice.h"
#include "stats/bodyparser.h"
#include "stats/bodywriter.h"

#include "specgpus.h"

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
    ProcessReading readProcesses(const GpuSamples &) override
    {
        if (!processFailure.isEmpty())
            return processFailure;
        return processes;
    }

    GpuSamples gpus;
    QString failure;
    bool smiAvailable = true;
    int systemGpus = 2;
    int reads = 0;
    QList<GpuProcess> processes;
    QString processFailure;
};

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
    void healthSaysUnhealthyWhenReadingFails();
    void visibleDevicesFilterEveryRoute();
    void visibleDevicesBlankShowsNone();
    void processesMapUsersAndHideFilteredGpus();
    void processesFailure();
    void metricsDescribeEveryGpu();

private:
    FakeSource m_source;
    qint64 m_now = 0;
    std::unique_ptr<StatsService> m_service;
};

void TestStatsService::init()
{
    m_source = FakeSource();
    m_source.gpus = gpupool::testing::specExampleGpus();
    m_now = 1000;
    m_service = std::make_unique<StatsService>(
        m_source, [this] { return m_now; }, [] { return fixedTimestamp; });
}

void TestStatsService::summaryMatchesTheWriterAndParsesBack()
{
    const QByteArray body = m_service->summary().body;
    QCOMPARE(body, writeSummary(m_source.gpus, fixedTimestamp));
    const Parsed<SummaryBody> parsed = parseSummary(body);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    QCOMPARE(parsed.value(), summarize(m_source.gpus, QString::fromLatin1(fixedTimestamp)));
    QCOMPARE(parsed.value().averageUtilizationPercent, 17.5);
    QCOMPARE(parsed.value().totalMemoryUsagePercent, std::optional<double>(20.0));
}

void TestStatsService::statsParsesBack()
{
    const QByteArray body = m_service->stats().body;
    const Parsed<StatsBody> parsed = parseStats(body);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), toStatsBody(m_source.gpus, QString::fromLatin1(fixedTimestamp)));
    QVERIFY(body.contains("\"power\":{\"draw_w\":null,\"limit_w\":null}"));
}

void TestStatsService::countHasTimestamp()
{
    QCOMPARE(m_service->count().body, QByteArray("{\"gpu_count\":2,\"timestamp\":\"2026-11-22T10:53:31.974174\"}"));
    const Parsed<CountBody> parsed = parseCount(m_service->count().body);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().gpuCount, 2);
}

void TestStatsService::healthSaysHealthy()
{
    const HttpResponse r = m_service->health();
    QCOMPARE(r.status, 200);
    const Parsed<HealthBody> parsed = parseHealth(r.body);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().status, QStringLiteral("healthy"));
    QCOMPARE(parsed.value().nvidiaSmiAvailable, true);
    QCOMPARE(parsed.value().timestamp, QString::fromLatin1(fixedTimestamp));
}

void TestStatsService::healthSaysUnhealthyWhenReadingFails()
{
    m_source.smiAvailable = false;
    m_source.failure = QStringLiteral("nvidia-smi not available");
    const HttpResponse r = m_service->health();
    QCOMPARE(r.status, 503);
    const Parsed<HealthBody> parsed = parseHealth(r.body);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().status, QStringLiteral("unhealthy"));
    QCOMPARE(parsed.value().nvidiaSmiAvailable, false);
}

void TestStatsService::configReflectsSettings()
{
    StatsService::Settings settings;
    settings.host = QStringLiteral("::1");
    settings.port = 8123;
    settings.refreshIntervalMs = 2500;
    settings.logLevel = QStringLiteral("debug");
    m_service->setSettings(settings);
    const QByteArray body = m_service->configBody();
    const Parsed<ServerConfigBody> parsed = parseConfig(body);
    QVERIFY(parsed.ok());
    const ServerConfigBody &c = parsed.value();
    QCOMPARE(c.server.host, QStringLiteral("::1"));
    QCOMPARE(c.server.port, 8123);
    QCOMPARE(c.server.logLevel, QStringLiteral("debug"));
    QCOMPARE(c.monitoring.refreshInterval, 2.5);
    QCOMPARE(c.gpuFiltering.totalSystemGpus, 2); // what the source read, before any filtering
    QCOMPARE(c.gpuFiltering.visibleGpuCount, 2);
    QVERIFY(!c.gpuFiltering.filteringActive);
    QVERIFY(body.contains("\"refresh_interval\":2.5,"));
}

void TestStatsService::rootListsEndpoints()
{
    const QByteArray body = m_service->rootBody();
    QVERIFY(body.startsWith("{\"message\":"));
    for (const char *path : { "/gpu/summary", "/gpu/stats", "/gpu/count", "/health", "/config" })
        QVERIFY2(body.contains(QByteArray(QByteArray("\"") + path + "\":")), path);
}

void TestStatsService::zeroGpusLeaveOutTotalPercent()
{
    m_source.gpus.clear();
    const QByteArray body = m_service->summary().body;
    QCOMPARE(body,
             QByteArray("{\"gpu_count\":0,\"total_memory_mb\":0,\"total_used_memory_mb\":0,"
                        "\"average_utilization_percent\":0,\"gpus_summary\":[],"
                        "\"timestamp\":\"2026-11-22T10:53:31.974174\"}"));
    QVERIFY(parseSummary(body).ok());
}

void TestStatsService::failingSourceGivesErrorBodies()
{
    m_source.failure = QStringLiteral("nvidia-smi not available");
    const QByteArray expected = "{\"error\":\"nvidia-smi not available\",\"gpu_count\":0,\"gpus\":[]}";
    QCOMPARE(m_service->summary().status, 503);
    QCOMPARE(m_service->stats().status, 503);
    QCOMPARE(m_service->count().status, 503);
    QCOMPARE(m_service->processes().status, 503);
    QCOMPARE(m_service->summary().body, expected);
    QCOMPARE(m_service->stats().body, expected);
    const Parsed<SummaryBody> parsed = parseSummary(m_service->summary().body);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().kind, ParseError::Kind::ServerError);
    QCOMPARE(m_service->count().body, QByteArray("{\"gpu_count\":0,\"timestamp\":null}"));
    QCOMPARE(parseHealth(m_service->health().body).value().status, QStringLiteral("unhealthy"));
    QCOMPARE(parseConfig(m_service->configBody()).value().gpuFiltering.visibleGpuCount, 0);
    // /metrics still answers: the scrape worked, the reading did not.
    const HttpResponse metrics = m_service->metrics();
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.body.contains("\ngpupool_scrape_success 0\n"));
    QVERIFY(metrics.body.contains("\ngpupool_scrape_errors_total 1\n"));
}

void TestStatsService::cacheHonoursRefreshInterval()
{
    // Default: 1 s.
    m_service->summary();
    QCOMPARE(m_source.reads, 1);
    m_now += 999;
    m_service->stats();
    m_service->count();
    QCOMPARE(m_source.reads, 1);
    m_source.gpus[0].utilizationPercent = 99;
    m_now += 1;
    QVERIFY(m_service->summary().body.contains("\"utilization_percent\":99"));
    QCOMPARE(m_source.reads, 2);

    // Failures are cached too, and the next reading after the interval recovers.
    m_source.failure = QStringLiteral("Failed to get GPU stats: boom");
    m_now += 1000;
    QVERIFY(m_service->summary().body.startsWith("{\"error\":"));
    m_source.failure.clear();
    QVERIFY(m_service->summary().body.startsWith("{\"error\":"));
    QCOMPARE(m_source.reads, 3);
    m_now += 1000;
    QVERIFY(m_service->summary().body.startsWith("{\"gpu_count\":2"));
    QCOMPARE(m_source.reads, 4);
}

void TestStatsService::zeroRefreshIntervalReadsEveryTime()
{
    StatsService::Settings settings;
    settings.refreshIntervalMs = 0;
    m_service->setSettings(settings);
    m_service->summary();
    m_service->summary();
    QCOMPARE(m_source.reads, 2);
}

void TestStatsService::routesAreRegistered()
{
    HttpServer server;
    m_service->registerRoutes(server);
    HttpRequest request;
    request.method = "GET";
    for (const QString &path : { QStringLiteral("/"), QStringLiteral("/gpu/summary"), QStringLiteral("/gpu/stats"),
                                 QStringLiteral("/gpu/count"), QStringLiteral("/health"), QStringLiteral("/config"),
                                 QStringLiteral("/gpu/processes") }) {
        request.path = path;
        const HttpResponse r = server.dispatch(request);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, QByteArray("application/json"));
        QVERIFY(r.body.startsWith('{'));
    }
    request.path = QStringLiteral("/metrics");
    QCOMPARE(server.dispatch(request).contentType, QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    request.path = QStringLiteral("/gpu/summary");
    QCOMPARE(server.dispatch(request).body, m_service->summary().body);
    request.path = QStringLiteral("/gpu/nothing");
    QCOMPARE(server.dispatch(request).status, 404);
    request.path = QStringLiteral("/health");
    request.method = "PUT";
    QCOMPARE(server.dispatch(request).status, 405);
}

void TestStatsService::visibleDevicesFilterEveryRoute()
{
    m_service->setVisibleDevices(VisibleDevices::parse(QStringLiteral("1,5")));
    const Parsed<SummaryBody> summary = parseSummary(m_service->summary().body);
    QVERIFY(summary.ok());
    QCOMPARE(summary.value().gpuCount, 1);
    QCOMPARE(summary.value().gpus.first().gpuId, 1); // keeps its own id
    QCOMPARE(parseStats(m_service->stats().body).value().gpus.first().gpuId, 1);
    QCOMPARE(parseCount(m_service->count().body).value().gpuCount, 1);
    const QByteArray config = m_service->configBody();
    const ServerConfigBody c = parseConfig(config).value();
    QCOMPARE(c.gpuFiltering.cudaVisibleDevices, std::optional<QString>(QStringLiteral("1,5")));
    QCOMPARE(c.gpuFiltering.visibleGpuIds, std::optional<QList<int>>(QList<int> { 1, 5 }));
    QVERIFY(c.gpuFiltering.filteringActive);
    QCOMPARE(c.gpuFiltering.totalSystemGpus, 2);
    QCOMPARE(c.gpuFiltering.visibleGpuCount, 1);
    QVERIFY(config.contains("\"gpu_filtering\":{\"cuda_visible_devices\":\"1,5\",\"visible_gpu_ids\":[1,5],"
                            "\"filtering_active\":true,\"total_system_gpus\":2,\"visible_gpu_count\":1}"));
}

void TestStatsService::visibleDevicesBlankShowsNone()
{
    m_service->setVisibleDevices(VisibleDevices::parse(QString()));
    QCOMPARE(parseSummary(m_service->summary().body).value().gpuCount, 0);
    QVERIFY(m_service->configBody().contains("\"cuda_visible_devices\":\"\",\"visible_gpu_ids\":[],"
                                             "\"filtering_active\":true"));
}

void TestStatsService::processesMapUsersAndHideFilteredGpus()
{
    GpuProcess visible;
    visible.pid = 409;
    visible.processName = QStringLiteral("python3");
    visible.usedMemoryMb = 29742;
    visible.gpuUuid = QStringLiteral("GPU-a");
    visible.gpuIndex = 0;
    visible.user = QStringLiteral("alice");
    GpuProcess container = visible;
    container.pid = 77;
    container.user.reset();
    container.pidVisible = false;
    container.usedMemoryMb.reset();
    GpuProcess hidden = visible;
    hidden.pid = 5;
    hidden.gpuIndex = 1;
    m_source.processes = { visible, container, hidden };
    m_service->setVisibleDevices(VisibleDevices::parse(QStringLiteral("0")));
    const HttpResponse r = m_service->processes();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body,
             QByteArray("{\"processes\":["
                        "{\"pid\":409,\"process_name\":\"python3\",\"user\":\"alice\",\"pid_visible\":true,"
                        "\"used_memory_mb\":29742,\"gpu_id\":0,\"gpu_uuid\":\"GPU-a\"},"
                        "{\"pid\":77,\"process_name\":\"python3\",\"user\":null,\"pid_visible\":false,"
                        "\"used_memory_mb\":null,\"gpu_id\":0,\"gpu_uuid\":\"GPU-a\"}],"
                        "\"timestamp\":\"2026-11-22T10:53:31.974174\"}"));
}

void TestStatsService::processesFailure()
{
    m_source.processFailure = QStringLiteral("Failed to get GPU processes: boom");
    const HttpResponse r = m_service->processes();
    QCOMPARE(r.status, 503);
    QVERIFY(r.body.startsWith("{\"error\":\"Failed to get GPU processes: boom\""));
}

void TestStatsService::metricsDescribeEveryGpu()
{
    m_source.gpus[0].uuid = QStringLiteral("GPU-a");
    m_source.gpus[1].name = QStringLiteral("Odd \"name\"\\x");
    const QByteArray body = m_service->metrics().body;
    QVERIFY(body.contains("# TYPE gpupool_gpu_utilization_ratio gauge\n"));
    QVERIFY(body.contains(
        "gpupool_gpu_utilization_ratio{index=\"0\",uuid=\"GPU-a\",name=\"NVIDIA GeForce RTX 3080\"} 0.15\n"));
    QVERIFY(body.contains(
        "gpupool_gpu_memory_used_bytes{index=\"0\",uuid=\"GPU-a\",name=\"NVIDIA GeForce RTX 3080\"} 2147483648\n"));
    QVERIFY(body.contains(
        "gpupool_gpu_power_draw_watts{index=\"0\",uuid=\"GPU-a\",name=\"NVIDIA GeForce RTX 3080\"} 120.5\n"));
    // Label values escaped; unknown power is left out rather than written as 0.
    QVERIFY(body.contains("name=\"Odd \\\"name\\\"\\\\x\"} 0.2\n"));
    QVERIFY(!body.contains("gpupool_gpu_power_draw_watts{index=\"1\""));
    QVERIFY(body.contains("\ngpupool_gpus 2\n"));
    QVERIFY(body.contains("\ngpupool_scrape_success 1\n"));
    QVERIFY(body.contains("# TYPE gpupool_scrape_errors_total counter\ngpupool_scrape_errors_total 0\n"));
    QVERIFY(body.endsWith('\n'));
}

QTEST_GUILESS_MAIN(TestStatsService)
#include "tst_server_statsservice.moc"
