#include "server/statsservice.h"

#include "server/httpserver.h"
#include "stats/bodywriter.h"
#include "stats/pyformat.h"
#include "util/logging.h"

namespace gpupool::server {

namespace {

// The protocol version this server speaks: the predecessor's API 1.0.0, which
// gpupool-statd serves unchanged (its own version is in the Server header).
const QString apiVersion = QStringLiteral("1.0.0");

} // namespace

StatsService::StatsService(GpuSource &source, MonotonicClock clock, TimestampClock timestamp)
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
    auto json = [](QByteArray body) { return HttpResponse::json(200, std::move(body)); };
    server.route(QStringLiteral("/"), [this, json](const HttpRequest &) { return json(rootBody()); });
    server.route(QStringLiteral("/gpu/summary"),
                 [this, json](const HttpRequest &) { return json(summaryBody()); });
    server.route(QStringLiteral("/gpu/stats"),
                 [this, json](const HttpRequest &) { return json(statsBody()); });
    server.route(QStringLiteral("/gpu/count"),
                 [this, json](const HttpRequest &) { return json(countBody()); });
    server.route(QStringLiteral("/health"),
                 [this, json](const HttpRequest &) { return json(healthBody()); });
    server.route(QStringLiteral("/config"),
                 [this, json](const HttpRequest &) { return json(configBody()); });
}

const StatsService::Cached &StatsService::current()
{
    const qint64 now = m_clock();
    if (m_cache && now - m_cache->readAtMs < m_settings.refreshIntervalMs && now >= m_cache->readAtMs)
        return *m_cache;
    GpuReading reading = m_source.read();
    if (!reading.ok())
        qCWarning(lcServer).noquote() << "reading the GPUs failed:" << reading.errorMessage();
    m_cache = Cached {std::move(reading), m_timestamp(), now};
    return *m_cache;
}

QByteArray StatsService::rootBody() const
{
    return stats::writeRoot(QStringLiteral("GPU Statistics Server"), apiVersion,
                            {{QStringLiteral("/gpu/stats"), QStringLiteral("Detailed statistics of every GPU")},
                             {QStringLiteral("/gpu/count"), QStringLiteral("Number of GPUs")},
                             {QStringLiteral("/gpu/summary"), QStringLiteral("Summary of GPU usage")},
                             {QStringLiteral("/health"), QStringLiteral("Health check")},
                             {QStringLiteral("/config"), QStringLiteral("Server configuration")}});
}

QByteArray StatsService::summaryBody()
{
    const Cached &c = current();
    return c.reading.ok() ? stats::writeSummary(c.reading.gpus(), c.timestamp)
                          : stats::writeErrorBody(c.reading.errorMessage());
}

QByteArray StatsService::statsBody()
{
    const Cached &c = current();
    return c.reading.ok() ? stats::writeStats(c.reading.gpus(), c.timestamp)
                          : stats::writeErrorBody(c.reading.errorMessage());
}

QByteArray StatsService::countBody()
{
    // The predecessor takes the count from the stats dict, whose error form has
    // no timestamp: {"gpu_count": 0, "timestamp": null}.
    const Cached &c = current();
    if (!c.reading.ok())
        return stats::writeCount(0, std::nullopt);
    return stats::writeCount(static_cast<int>(c.reading.gpus().size()), c.timestamp);
}

QByteArray StatsService::healthBody() const
{
    stats::HealthBody health;
    health.status = QStringLiteral("healthy");
    health.nvidiaSmiAvailable = m_source.nvidiaSmiAvailable();
    health.timestamp = QString::fromLatin1(m_timestamp());
    return stats::writeHealth(health);
}

QByteArray StatsService::configBody()
{
    const Cached &c = current();
    stats::ServerConfigBody config;
    config.server.host = m_settings.host;
    config.server.port = m_settings.port;
    config.server.reload = false;
    config.server.logLevel = m_settings.logLevel;
    config.api.version = apiVersion;
    config.monitoring.refreshInterval = static_cast<double>(m_settings.refreshIntervalMs) / 1000.0;
    config.gpuFiltering.totalSystemGpus = m_source.totalSystemGpus();
    config.gpuFiltering.visibleGpuCount = c.reading.ok() ? static_cast<int>(c.reading.gpus().size()) : 0;
    return stats::writeConfig(config);
}

} // namespace gpupool::server
