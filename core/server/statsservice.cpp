#include "server/statsservice.h"

#include "server/apidocs.h"
#include "server/httpserver.h"
#include "stats/bodywriter.h"
#include "stats/jsonwriter.h"
#include "stats/pyformat.h"
#include "util/logging.h"

#include <QElapsedTimer>

namespace gpupool::server {

namespace {

constexpr int kOk = 200;
constexpr int kUnavailable = 503;

HttpResponse failed(const GpuReading &reading)
{
    return HttpResponse::json(kUnavailable, stats::writeErrorBody(reading.errorMessage()));
}

} // namespace

StatsService::StatsService(GpuSource &source, NowMs clock, TimestampClock timestamp)
    : m_source(source)
    , m_clock(std::move(clock))
    , m_timestamp(std::move(timestamp))
{
}

TimestampClock StatsService::defaultTimestampClock()
{
    return [] { return stats::py::isoTimestampNow(); };
}

void StatsService::registerRoutes(HttpServer &server)
{
    // "/" stays where a newcomer looks first; with API_PREFIX it lists the prefixed paths.
    server.route(QStringLiteral("/"),
                 [this](const HttpRequest &) { return HttpResponse::json(kOk, rootBody()); });
    const QString &p = m_settings.apiPrefix;
    server.route(p + QStringLiteral("/gpu/summary"), [this](const HttpRequest &) { return summary(); });
    server.route(p + QStringLiteral("/gpu/stats"), [this](const HttpRequest &) { return stats(); });
    server.route(p + QStringLiteral("/gpu/count"), [this](const HttpRequest &) { return count(); });
    server.route(p + QStringLiteral("/gpu/processes"), [this](const HttpRequest &) { return processes(); });
    server.route(p + QStringLiteral("/health"), [this](const HttpRequest &) { return health(); });
    server.route(p + QStringLiteral("/config"),
                 [this](const HttpRequest &) { return HttpResponse::json(kOk, configBody()); });
    server.route(p + QStringLiteral("/metrics"), [this](const HttpRequest &) { return metrics(); });
    // Where FastAPI put them: at the root, whatever API_PREFIX says.
    server.route(QStringLiteral("/openapi.json"), [this](const HttpRequest &) {
        return HttpResponse::json(kOk, apidocs::openApi(docsInfo()));
    });
    for (const QString &page : { QStringLiteral("/docs"), QStringLiteral("/redoc") })
        server.route(page, [this](const HttpRequest &) {
            HttpResponse r;
            r.contentType = QByteArrayLiteral("text/html; charset=utf-8");
            r.body = apidocs::docsPage(docsInfo());
            return r;
        });
}

apidocs::Info StatsService::docsInfo() const
{
    return { m_settings.title, m_settings.apiVersion, m_settings.description, m_settings.apiPrefix };
}

const StatsService::Cached &StatsService::current()
{
    const qint64 now = m_clock();
    if (m_cache && now - m_cache->readAtMs < m_settings.refreshIntervalMs && now >= m_cache->readAtMs)
        return *m_cache;
    QElapsedTimer timer;
    timer.start();
    GpuReading reading = m_source.read();
    m_readingStats.lastDurationSeconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    ++m_readingStats.reads;
    m_readingStats.lastOk = reading.ok();
    int systemGpus = m_source.totalSystemGpus();
    if (!reading.ok()) {
        ++m_readingStats.failures;
        qCWarning(lcServer).noquote() << "reading the GPUs failed:" << reading.errorMessage();
    } else {
        systemGpus = static_cast<int>(reading.gpus().size());
        QList<int> missing;
        reading = GpuReading(m_visible.apply(reading.gpus(), &missing));
        // Said once per change, not on every reading.
        if (missing != m_reportedMissing && !missing.isEmpty()) {
            QStringList ids;
            for (int id : std::as_const(missing))
                ids << QString::number(id);
            qCWarning(lcServer).noquote() << "CUDA_VISIBLE_DEVICES names GPUs this host does not have:"
                                          << ids.join(QLatin1String(", "));
        }
        m_reportedMissing = missing;
    }
    m_cache = Cached {std::move(reading), systemGpus, m_timestamp(), now};
    return *m_cache;
}

QByteArray StatsService::rootBody() const
{
    const QString &p = m_settings.apiPrefix;
    return stats::writeRoot(m_settings.title, m_settings.apiVersion,
                            {{p + QStringLiteral("/gpu/stats"), QStringLiteral("Detailed statistics of every GPU")},
                             {p + QStringLiteral("/gpu/count"), QStringLiteral("Number of GPUs")},
                             {p + QStringLiteral("/gpu/summary"), QStringLiteral("Summary of GPU usage")},
                             {p + QStringLiteral("/health"), QStringLiteral("Health check")},
                             {p + QStringLiteral("/config"), QStringLiteral("Server configuration")},
                             {p + QStringLiteral("/gpu/processes"), QStringLiteral("Processes using each GPU")},
                             {p + QStringLiteral("/metrics"), QStringLiteral("Prometheus metrics")},
                             {QStringLiteral("/docs"), QStringLiteral("This API, as a page")},
                             {QStringLiteral("/openapi.json"), QStringLiteral("This API, as an OpenAPI document")}});
}

HttpResponse StatsService::summary()
{
    const Cached &c = current();
    return c.reading.ok() ? HttpResponse::json(kOk, stats::writeSummary(c.reading.gpus(), c.timestamp))
                          : failed(c.reading);
}

HttpResponse StatsService::stats()
{
    const Cached &c = current();
    return c.reading.ok() ? HttpResponse::json(kOk, stats::writeStats(c.reading.gpus(), c.timestamp))
                          : failed(c.reading);
}

HttpResponse StatsService::count()
{
    // The predecessor takes the count from the stats dict, whose error form has
    // no timestamp: {"gpu_count": 0, "timestamp": null}.
    const Cached &c = current();
    if (!c.reading.ok())
        return HttpResponse::json(kUnavailable, stats::writeCount(0, std::nullopt));
    return HttpResponse::json(kOk, stats::writeCount(static_cast<int>(c.reading.gpus().size()), c.timestamp));
}

HttpResponse StatsService::health()
{
    const Cached &c = current();
    stats::HealthBody health;
    health.status = c.reading.ok() ? QStringLiteral("healthy") : QStringLiteral("unhealthy");
    health.nvidiaSmiAvailable = m_source.nvidiaSmiAvailable();
    health.timestamp = QString::fromLatin1(m_timestamp());
    return HttpResponse::json(c.reading.ok() ? kOk : kUnavailable, stats::writeHealth(health));
}

HttpResponse StatsService::processes()
{
    const Cached &c = current();
    if (!c.reading.ok())
        return failed(c.reading);
    const ProcessReading read = m_source.readProcesses(c.reading.gpus());
    if (const QString *error = std::get_if<QString>(&read))
        return HttpResponse::json(kUnavailable, stats::writeErrorBody(*error));
    QSet<int> visible;
    for (const stats::GpuSample &g : c.reading.gpus())
        visible.insert(g.index);
    stats::JsonWriter w;
    w.beginObject().key("processes").beginArray();
    for (const GpuProcess &p : std::get<QList<GpuProcess>>(read)) {
        // A process on a GPU CUDA_VISIBLE_DEVICES hides is hidden with it.
        if (p.gpuIndex && !visible.contains(*p.gpuIndex))
            continue;
        w.beginObject()
            .field("pid", p.pid)
            .field("process_name", p.processName)
            .field("user", p.user)
            .field("pid_visible", p.pidVisible)
            .field("used_memory_mb", p.usedMemoryMb)
            .field("gpu_id", p.gpuIndex)
            .field("gpu_uuid", p.gpuUuid)
            .endObject();
    }
    w.endArray().field("timestamp", QString::fromLatin1(c.timestamp)).endObject();
    return HttpResponse::json(kOk, w.take());
}

HttpResponse StatsService::metrics()
{
    const Cached &c = current();
    HttpResponse r;
    r.contentType = metricsContentType();
    // A failed reading still answers 200: the scrape itself worked, and
    // gpupool_scrape_success says the GPUs could not be read.
    r.body = writeMetrics(c.reading.ok() ? c.reading.gpus() : stats::GpuSamples {}, m_readingStats);
    return r;
}

QByteArray StatsService::configBody()
{
    const Cached &c = current();
    stats::ServerConfigBody config;
    config.server.host = m_settings.host;
    config.server.port = m_settings.port;
    config.server.reload = false;
    config.server.logLevel = m_settings.logLevel;
    config.api.version = m_settings.apiVersion;
    config.api.title = m_settings.title;
    config.api.apiPrefix = m_settings.apiPrefix;
    config.api.enableCors = m_settings.enableCors;
    config.server.accessLog = m_settings.accessLog;
    config.monitoring.maxHistory = m_settings.maxHistory;
    config.monitoring.refreshInterval = static_cast<double>(m_settings.refreshIntervalMs) / 1000.0;
    config.gpuFiltering.cudaVisibleDevices = m_visible.raw();
    config.gpuFiltering.visibleGpuIds = m_visible.ids();
    config.gpuFiltering.filteringActive = m_visible.filteringActive();
    config.gpuFiltering.totalSystemGpus = c.systemGpus;
    config.gpuFiltering.visibleGpuCount = c.reading.ok() ? static_cast<int>(c.reading.gpus().size()) : 0;
    return stats::writeConfig(config);
}

} // namespace gpupool::server
