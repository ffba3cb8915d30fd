#pragma once

#include "server/apidocs.h"

#include "server/clock.h"
#include "server/gpusource.h"
#include "server/metricswriter.h"
#include "server/visibledevices.h"

#include "server/httpmessage.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QThread>
#include <functional>
#include <optional>
#include <vector>

namespace gpupool::server {

class HttpServer;

// The GPU statistics routes of docs/wire-format.md, served from a
// GpuSource: /, /gpu/summary, /gpu/stats, /gpu/count, /health, /config, and
// gpupool-statd's additions /gpu/processes and /metrics. A reading is reused
// for the refresh interval (the predecessor's REFRESH_INTERVAL), failed
// readings too, so that a broken nvidia-smi is not run for every request.
//
// Where the predecessor answers a failed reading with HTTP 200 and says
// "healthy" regardless, we answer 503 with the same error body, and /health
// says "unhealthy" with 503: load balancers and monitors read status codes,
// and gpupool's own clients treat the error body as a failure either way.
// CUDA_VISIBLE_DEVICES (VisibleDevices) is applied to every reading.
//
// A source that reads slowly (nvidia-smi: up to its timeout) is read on a
// worker thread, so the server's thread keeps answering meanwhile (the paths
// that need no reading at once, the GPU paths when the reading arrives).
// Requests that come while a reading is under way wait for that one: one
// nvidia-smi at a time, however many clients.
class StatsService
{
public:
    struct Settings
    {
        QString host = QStringLiteral("127.0.0.1"); // what /config reports
        int port = 8000;
        qint64 refreshIntervalMs = 1000;
        QString logLevel = QStringLiteral("info");
        bool enableCors = true; // what /config says: the server's CorsPolicy
        bool accessLog = false;
        QString title = QStringLiteral("GPU Statistics Server");
        QString description; // DESCRIPTION: shown by /docs and /openapi.json
        // The protocol version this server speaks: the predecessor's API 1.0.0,
        // unless VERSION says otherwise (its own version is in the Server header).
        QString apiVersion = QStringLiteral("1.0.0");
        int maxHistory = 100;
        QString apiPrefix; // every path is served under it ("" or "/api/v1")
    };

    StatsService(GpuSource &source, NowMs clock, TimestampClock timestamp = defaultTimestampClock());
    // Waits for a reading under way on the worker (at most the source's timeout).
    ~StatsService();
    StatsService(const StatsService &) = delete;
    StatsService &operator=(const StatsService &) = delete;

    void setSettings(const Settings &settings) { m_settings = settings; }
    const Settings &settings() const { return m_settings; }
    void setVisibleDevices(const VisibleDevices &devices)
    {
        m_visible = devices;
        m_cache.reset();
    }
    const VisibleDevices &visibleDevices() const { return m_visible; }

    // Adds the routes to `server`. The handlers refer to this service, which must
    // outlive the server.
    void registerRoutes(HttpServer &server);

    // Each route's response, reading the source on this thread when the
    // reading is stale. The GPU routes answer 503 when the reading failed.
    QByteArray rootBody() const;
    HttpResponse summary();
    HttpResponse stats();
    HttpResponse count();
    HttpResponse health();
    HttpResponse processes();
    HttpResponse metrics();
    QByteArray configBody();

    const ReadingStats &readingStats() const { return m_readingStats; }

    static TimestampClock defaultTimestampClock();

private:
    apidocs::Info docsInfo() const;
    struct Cached
    {
        GpuReading reading; // after CUDA_VISIBLE_DEVICES
        int systemGpus = 0; // before it
        QByteArray timestamp; // when it was read
        qint64 readAtMs = 0;
    };

    using Build = std::function<HttpResponse(const Cached &)>;
    using Reply = std::function<void(HttpResponse)>;

    bool fresh() const;
    const Cached &current();
    // One reading of the source as it came, before CUDA_VISIBLE_DEVICES: on
    // this thread (current()) or on the worker (withReading()).
    struct Read
    {
        GpuReading reading;
        int systemGpus = 0;
        double seconds = 0;
    };
    static Read readNow(GpuSource &source);
    void store(Read read);
    // Registers a GPU path: answered at once, or after a reading on the
    // worker when the source reads slowly.
    void gpuRoute(HttpServer &server, const QString &path, Build build);
    // Calls `then` with a fresh reading: now, or when the worker's arrives.
    void withReading(std::function<void(const Cached &)> then);
    // Runs `job` on the worker thread, then `done` with its result here.
    template<typename Job, typename Done>
    void onWorker(Job job, Done done);
    void processesLater(const Cached &cached, Reply reply);

    HttpResponse summaryOf(const Cached &c) const;
    HttpResponse statsOf(const Cached &c) const;
    HttpResponse countOf(const Cached &c) const;
    HttpResponse healthOf(const Cached &c) const;
    HttpResponse processesOf(const Cached &c, const ProcessReading &read) const;
    HttpResponse metricsOf(const Cached &c) const;
    QByteArray configOf(const Cached &c) const;

    GpuSource &m_source;
    NowMs m_clock;
    TimestampClock m_timestamp;
    Settings m_settings;
    VisibleDevices m_visible;
    ReadingStats m_readingStats;
    QList<int> m_reportedMissing;
    std::optional<Cached> m_cache;

    // The worker, started with the first slow reading. m_home receives its
    // results on this thread (and drops them when the service is gone).
    QObject m_home;
    QThread m_thread;
    QObject *m_worker = nullptr;
    bool m_reading = false; // a reading is under way on the worker
    std::vector<std::function<void(const Cached &)>> m_waiting;
};

} // namespace gpupool::server
