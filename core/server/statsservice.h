#pragma once

#include "server/clock.h"
#include "server/gpusource.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace gpupool::server {

class HttpServer;

// The GPU statistics routes of shared/spec/wire-format.md, served from a
// GpuSource: /, /gpu/summary, /gpu/stats, /gpu/count, /health, /config. A
// reading is reused for the refresh interval (the predecessor's
// REFRESH_INTERVAL), failed readings too, so that a broken nvidia-smi is not
// run for every request. When the source fails, the GPU routes answer HTTP 200
// with the predecessor's error body, and /health still says "healthy", as the
// predecessor does.
class StatsService
{
public:
    struct Settings
    {
        QString host = QStringLiteral("127.0.0.1"); // what /config reports
        int port = 8000;
        qint64 refreshIntervalMs = 1000;
        QString logLevel = QStringLiteral("info");
    };

    StatsService(GpuSource &source, MonotonicClock clock,
                 TimestampClock timestamp = defaultTimestampClock());

    void setSettings(const Settings &settings) { m_settings = settings; }
    const Settings &settings() const { return m_settings; }

    // Adds the routes to `server`. The handlers refer to this service, which must
    // outlive the server.
    void registerRoutes(HttpServer &server);

    QByteArray rootBody() const;
    QByteArray summaryBody();
    QByteArray statsBody();
    QByteArray countBody();
    QByteArray healthBody() const;
    QByteArray configBody();

    static TimestampClock defaultTimestampClock();

private:
    struct Cached
    {
        GpuReading reading;
        QByteArray timestamp; // when it was read
        qint64 readAtMs = 0;
    };

    const Cached &current();

    GpuSource &m_source;
    MonotonicClock m_clock;
    TimestampClock m_timestamp;
    Settings m_settings;
    std::optional<Cached> m_cache;
};

} // namespace gpupool::server
