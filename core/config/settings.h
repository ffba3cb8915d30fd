#pragma once

#include "endpoint/route.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

// The resolved configuration: plain values, already validated. Produced by
// config::resolve() (resolver.h); consumers never read variables themselves.
namespace gpupool::config {

// Multi-endpoint whenever an endpoint list is given, even with one URL;
// otherwise single-endpoint (docs/behaviour.md). The mode decides the GPU id format.
enum class Mode { SingleEndpoint, MultiEndpoint };

struct EndpointSpec
{
    QString id; // unique in the list, never contains ':' (endpointurl.h)
    QUrl url; // http/https, lowercase scheme and host, no trailing '/'
    bool nameGiven = false; // id came from `name=URL`, not from the URL's host
    QByteArray pinnedSha256; // `URL#sha256=...`: the certificate trusted for it (32 bytes), else empty

    friend bool operator==(const EndpointSpec &, const EndpointSpec &) = default;
};

namespace defaults {
inline constexpr char serviceEndpoint[] = "http://localhost:8080";
inline constexpr char strategy[] = "availability";
inline constexpr double memoryThresholdPercent = 80;
inline constexpr double utilizationThresholdPercent = 90;
inline constexpr double pollingIntervalSeconds = 5;
inline constexpr double endpointTimeoutSeconds = 10;
inline constexpr int maxRetries = 3;
inline constexpr double healthCheckIntervalSeconds = 30;
inline constexpr qint64 maxBodyBytes = 4 * 1024 * 1024; // docs/wire-format.md
} // namespace defaults

// Limits beyond the spec's table: durations stop at one day so that a
// millisecond QTimer interval (an int) can never overflow, and the body cap is
// at least 1 KiB (smaller cannot hold even a one-GPU summary) and at most 1 GiB.
// More than 1000 failures before the breaker opens would mean it never opens.
namespace limits {
inline constexpr double minPollingIntervalSeconds = 0.2;
inline constexpr int maxRetries = 1000;
inline constexpr double maxSeconds = 86400;
inline constexpr qint64 minBodyBytes = 1024;
inline constexpr qint64 maxBodyBytes = qint64(1) << 30;
} // namespace limits

struct Settings
{
    Mode mode = Mode::SingleEndpoint;
    // Single-endpoint mode: exactly one entry (empty only when the URL was bad).
    // Multi-endpoint mode: the list in configuration order, duplicates dropped.
    QList<EndpointSpec> endpoints;
    QString strategy = QLatin1String(defaults::strategy);
    double memoryThresholdPercent = defaults::memoryThresholdPercent;
    double utilizationThresholdPercent = defaults::utilizationThresholdPercent;
    double pollingIntervalSeconds = defaults::pollingIntervalSeconds;
    double endpointTimeoutSeconds = defaults::endpointTimeoutSeconds;
    int maxRetries = defaults::maxRetries; // failed polls before the breaker opens
    double healthCheckIntervalSeconds = defaults::healthCheckIntervalSeconds;
    qint64 maxBodyBytes = defaults::maxBodyBytes;
    // The lease store's URL as given (empty: the default SQLite file);
    // checked when the Pool opens it.
    QString storeUrl;
    // A file of API keys for the endpoints (endpoint/apikeyfile.h); empty: none.
    QString apiKeyFile;
    // A PEM file of certificates trusted beside the system's (endpoint/cafile.h); empty: none.
    QString caFile;
    // How polls reach the servers (endpoint/route.h).
    endpoint::Transport transport = endpoint::Transport::Auto;
    endpoint::ProxySetting proxy;

    friend bool operator==(const Settings &, const Settings &) = default;
};

} // namespace gpupool::config
