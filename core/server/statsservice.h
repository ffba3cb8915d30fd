#pragma once

#include "server/apidocs.h"

#include "server/clock.h"
#include "server/gpusource.h"
#include "server/metricswriter.h"
#include "server/visibledevices.h"

#include "server/httpmessage.h"

#include <QByteArray>
#include <QString>
#include <optional>

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

    StatsService(GpuSource &source, NowMs clock,
                 TimestampClock timestamp = defaultTimestampClock());

    void setSettings(const Settings &settings) { m_settings = settings; }
    const Settings &settings() const { return m_settings; }
    void setVisibleDevices(const VisibleDevices &devices) { m_visible = devices; m_cache.reset(); }
    const VisibleDevices &visibleDevices() const { return m_visible; }

    // Adds the routes to `server`. The handlers refer to this service, which must
    // outlive the server.
    void registerRoutes(HttpServer &server);

    // Each route's response. The GPU routes answer 503 when the reading failed.
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
        GpuReading reading;   // after CUDA_VISIBLE_DEVICES
        int systemGpus = 0;   // before it
        QByteArray timestamp; // when it was read
        qint64 readAtMs = 0;
    };

    const Cached &current();

    GpuSource &m_source;
    NowMs m_clock;
    TimestampClock m_timestamp;
    Settings m_settings;
    VisibleDevices m_visible;
    ReadingStats m_readingStats;
    QList<int> m_reportedMissing;
    std::optional<Cached> m_cache;
};

} // namespace gpupool::server
