#pragma once

#include "endpoint/circuitbreaker.h"
#include "endpoint/route.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

// What the endpoint engine needs from the configuration. core/config resolves
// these from the command line, environment and settings (docs/behaviour.md's
// table); until it is wired in, the defaults below are docs/behaviour.md's.
namespace gpupool::endpoint {

struct EndpointOptions
{
    qint64 timeoutMs = 10'000; // GPU_ENDPOINT_TIMEOUT: the whole request, however slow
    int maxFailures = 3; // GPU_ENDPOINT_MAX_RETRIES: failures before the breaker opens
    qint64 pollIntervalMs = 5'000; // GPU_POLLING_INTERVAL
    qint64 healthIntervalMs = 30'000; // GPU_ENDPOINT_HEALTH_CHECK_INTERVAL
    qint64 bodyCapBytes = 4 * 1024 * 1024; // docs/wire-format.md's default cap
    // /gpu/stats is fetched after every N-th successful poll (0: never); a 404
    // there only means the server has no details.
    int detailsEveryPolls = 6;
    // /gpu/processes (gpupool-statd only) at most this often, after a
    // successful poll, while someone wants them (Endpoint::setProcessesWanted);
    // a 404 there only means the server lists no processes.
    qint64 processesIntervalMs = 15'000;
    // The breaker's open periods: docs/behaviour.md's values; tests shorten them.
    qint64 openBaseMs = 10'000;
    qint64 openCapMs = 120'000;
    // Trusted beside the system's CAs for every https endpoint (cafile.h).
    QList<QSslCertificate> caCertificates;
    // How requests reach the servers (route.h): network/transport and network/proxy.
    Transport transport = Transport::Auto;
    ProxySetting proxy;

    // Data older than this many poll intervals is stale (docs/behaviour.md).
    static constexpr int kFreshIntervals = 3;

    BreakerPolicy breakerPolicy() const
    {
        BreakerPolicy p;
        p.failureThreshold = qMax(1, maxFailures);
        p.backoff.baseMs = openBaseMs;
        p.backoff.capMs = openCapMs;
        // The request deadline fires first; this is the backstop for a probe
        // whose answer is lost altogether.
        p.probeTimeoutMs = timeoutMs + 1'000;
        return p;
    }
};

// One endpoint as configured: docs/behaviour.md's id, its URL (http or https,
// normalised, no trailing '/') and, optionally, the SHA-256 fingerprint of a
// certificate the operator trusts for this endpoint (32 raw bytes).
struct EndpointConfig
{
    QString id;
    QUrl url;
    QByteArray pinnedSha256;
};

} // namespace gpupool::endpoint
