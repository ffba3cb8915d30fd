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

StatsService::~StatsService()
{
    if (m_worker) {
        m_thread.quit();
        m_thread.wait();
        delete m_worker;
    }
}

TimestampClock StatsService::defaultTimestampClock()
{
    return [] { return stats::py::isoTimestampNow(); };
}

void StatsService::registerRoutes(HttpServer &server)
{
    // "/" stays where a newcomer looks first; with API_PREFIX it lists the prefixed paths.
    server.route(QStringLiteral("/"), [this](const HttpRequest &) { return HttpResponse::json(kOk, rootBody()); });
    const QString &p = m_settings.apiPrefix;
    gpuRoute(server, p + QStringLiteral("/gpu/summary"), [this](const Cached &c) { return summaryOf(c); });
    gpuRoute(server, p + QStringLiteral("/gpu/stats"), [this](const Cached &c) { return statsOf(c); });
    gpuRoute(server, p + QStringLiteral("/gpu/count"), [this](const Cached &c) { return countOf(c); });
    gpuRoute(server, p + QStringLiteral("/health"), [this](const Cached &c) { return healthOf(c); });
    gpuRoute(server, p + QStringLiteral("/config"),
             [this](const Cached &c) { return HttpResponse::json(kOk, configOf(c)); });
    gpuRoute(server, p + QStringLiteral("/metrics"), [this](const Cached &c) { return metricsOf(c); });
    if (m_source.readsSlowly())
        server.routeDeferred(p + QStringLiteral("/gpu/processes"), [this](const HttpRequest &, Reply reply) {
            withReading([this, reply](const Cached &c) { processesLater(c, reply); });
        });
    else
        server.route(p + QStringLiteral("/gpu/processes"), [this](const HttpRequest &) { return processes(); });
    // Where FastAPI put them: at the root, whatever API_PREFIX says.
    server.route(QStringLiteral("/openapi.json"),
                 [this](const HttpRequest &) { return HttpResponse::json(kOk, apidocs::openApi(docsInfo())); });
    for (const QString &page : { QStringLiteral("/docs"), QStringLiteral("/redoc") })
        server.route(page, [this](const HttpRequest &) {
            HttpResponse r;
            r.contentType = QByteArrayLiteral("text/html; charset=utf-8");
            r.body = apidocs::docsPage(docsInfo());
            return r;
        });
}

void StatsService::gpuRoute(HttpServer &server, const QString &path, Build build)
{
    if (!m_source.readsSlowly()) {
        server.route(path, [this, build = std::move(build)](const HttpRequest &) { return build(current()); });
        return;
    }
    server.routeDeferred(path, [this, build = std::move(build)](const HttpRequest &, Reply reply) {
        withReading([build, reply](const Cached &c) { reply(build(c)); });
    });
}

template<typename Job, typename Done>
void StatsService::onWorker(Job job, Done done)
{
    if (!m_worker) {
        m_thread.setObjectName(QStringLiteral("gpu-reader"));
        m_worker = new QObject;
        m_worker->moveToThread(&m_thread);
        m_thread.start();
    }
    QMetaObject::invokeMethod(
        m_worker,
        [this, job = std::move(job), done = std::move(done)]() mutable {
            auto result = job();
            QMetaObject::invokeMethod(
                &m_home, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void StatsService::withReading(std::function<void(const Cached &)> then)
{
    if (fresh())
        return then(*m_cache);
    m_waiting.push_back(std::move(then));
    if (m_reading)
        return;
    m_reading = true;
    onWorker([this] { return readNow(m_source); },
             [this](Read read) {
                 m_reading = false;
                 store(std::move(read));
                 // Answered from this reading even when it is stale by now (a
                 // refresh interval of 0): it is the one they waited for.
                 const Cached cached = *m_cache;
                 for (const auto &then : std::exchange(m_waiting, {}))
                     then(cached);
             });
}

void StatsService::processesLater(const Cached &cached, Reply reply)
{
    if (!cached.reading.ok())
        return reply(failed(cached.reading));
    onWorker([this, gpus = cached.reading.gpus()] { return m_source.readProcesses(gpus); },
             [this, cached, reply](ProcessReading read) { reply(processesOf(cached, read)); });
}

apidocs::Info StatsService::docsInfo() const
{
    return { m_settings.title, m_settings.apiVersion, m_settings.description, m_settings.apiPrefix };
}

bool StatsService::fresh() const
{
    const qint64 now = m_clock();
    return m_cache && now - m_cache->readAtMs < m_settings.refreshIntervalMs && now >= m_cache->readAtMs;
}

const StatsService::Cached &StatsService::current()
{
    if (fresh())
        return *m_cache;
    store(readNow(m_source));
    return *m_cache;
}

StatsService::Read StatsService::readNow(GpuSource &source)
{
    QElapsedTimer timer;
    timer.start();
    GpuReading reading = source.read();
    return Read { std::move(reading), source.totalSystemGpus(), static_cast<double>(timer.nsecsElapsed()) / 1e9 };
}

void StatsService::store(Read read)
{
    GpuReading &reading = read.reading;
    int systemGpus = read.systemGpus;
    m_readingStats.lastDurationSeconds = read.seconds;
    ++m_readingStats.reads;
    m_readingStats.lastOk = reading.ok();
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
            qCWarning(lcServer).noquote()
                << "CUDA_VISIBLE_DEVICES names GPUs this host does not have:" << ids.join(QLatin1String(", "));
        }
        m_reportedMissing = missing;
    }
    m_cache = Cached { std::move(reading), systemGpus, m_timestamp(), m_clock() };
}

QByteArray StatsService::rootBody() const
{
    const QString &p = m_settings.apiPrefix;
    return stats::writeRoot(
        m_settings.title, m_settings.apiVersion,
        { { p + QStringLiteral("/gpu/stats"), QStringLiteral("Detailed statistics of every GPU") },
          { p + QStringLiteral("/gpu/count"), QStringLiteral("Number of GPUs") },
          { p + QStringLiteral("/gpu/summary"), QStringLiteral("Summary of GPU usage") },
          { p + QStringLiteral("/health"), QStringLiteral("Health check") },
          { p + QStringLiteral("/config"), QStringLiteral("Server configuration") },
          { p + QStringLiteral("/gpu/processes"), QStringLiteral("Processes using each GPU") },
          { p + QStringLiteral("/metrics"), QStringLiteral("Prometheus metrics") },
          { QStringLiteral("/docs"), QStringLiteral("This API, as a page") },
          { QStringLiteral("/openapi.json"), QStringLiteral("This API, as an OpenAPI document") } });
}

HttpResponse StatsService::summary()
{
    return summaryOf(current());
}

HttpResponse StatsService::stats()
{
    return statsOf(current());
}

HttpResponse StatsService::count()
{
    return countOf(current());
}

HttpResponse StatsService::health()
{
    return healthOf(current());
}

HttpResponse StatsService::processes()
{
    const Cached &c = current();
    if (!c.reading.ok())
        return failed(c.reading);
    return processesOf(c, m_source.readProcesses(c.reading.gpus()));
}

HttpResponse StatsService::metrics()
{
    return metricsOf(current());
}

QByteArray StatsService::configBody()
{
    return configOf(current());
}

HttpResponse StatsService::summaryOf(const Cached &c) const
{
    return c.reading.ok() ? HttpResponse::json(kOk, stats::writeSummary(c.reading.gpus(), c.timestamp))
                          : failed(c.reading);
}

HttpResponse StatsService::statsOf(const Cached &c) const
{
    return c.reading.ok() ? HttpResponse::json(kOk, stats::writeStats(c.reading.gpus(), c.timestamp))
                          : failed(c.reading);
}

HttpResponse StatsService::countOf(const Cached &c) const
{
    // The predecessor takes the count from the stats dict, whose error form has
    // no timestamp: {"gpu_count": 0, "timestamp": null}.
    if (!c.reading.ok())
        return HttpResponse::json(kUnavailable, stats::writeCount(0, std::nullopt));
    return HttpResponse::json(kOk, stats::writeCount(static_cast<int>(c.reading.gpus().size()), c.timestamp));
}

HttpResponse StatsService::healthOf(const Cached &c) const
{
    stats::HealthBody health;
    health.status = c.reading.ok() ? QStringLiteral("healthy") : QStringLiteral("unhealthy");
    health.nvidiaSmiAvailable = m_source.nvidiaSmiAvailable();
    health.timestamp = QString::fromLatin1(m_timestamp());
    return HttpResponse::json(c.reading.ok() ? kOk : kUnavailable, stats::writeHealth(health));
}

HttpResponse StatsService::processesOf(const Cached &c, const ProcessReading &read) const
{
    if (const QString *error = std::get_if<QString>(&read))
        return HttpResponse::json(kUnavailable, stats::writeErrorBody(*error));
    QSet<int> visible;
    for (const stats::GpuSample &g : c.reading.gpus())
        visible.insert(g.index);
    stats::ProcessesBody body;
    body.timestamp = QString::fromLatin1(c.timestamp);
    for (const GpuProcess &p : std::get<QList<GpuProcess>>(read))
        // A process on a GPU CUDA_VISIBLE_DEVICES hides is hidden with it.
        if (!p.gpuIndex || visible.contains(*p.gpuIndex))
            body.processes.append(p);
    return HttpResponse::json(kOk, stats::writeProcesses(body));
}

HttpResponse StatsService::metricsOf(const Cached &c) const
{
    HttpResponse r;
    r.contentType = metricsContentType();
    // A failed reading still answers 200: the scrape itself worked, and
    // gpupool_scrape_success says the GPUs could not be read.
    r.body = writeMetrics(c.reading.ok() ? c.reading.gpus() : stats::GpuSamples {}, m_readingStats);
    return r;
}

QByteArray StatsService::configOf(const Cached &c) const
{
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
