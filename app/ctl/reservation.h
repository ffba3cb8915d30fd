#pragma once

#include "lease/lease.h"
#include "pool/pool.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <functional>

// Getting GPUs for `request` and `run`: their shared options (count, memory,
// name, endpoint, ttl, note, wait, partial) and the wait for free GPUs.
namespace gpupool::ctl {

class Run;

// Reads --min-memory, --min-memory-mib, --name and --endpoint (request's,
// run's and gpus') into `filter`; false after a usage error (the run has ended).
bool parseGpuFilter(Run &run, balance::GpuFilter *filter);

// Reads the request options of the command line into `request` and
// `waitMs`; false after a usage error (the run has ended).
bool parseReserveOptions(Run &run, pool::ReserveRequest *request, qint64 *waitMs);

// Which devices a set of leases gives on each endpoint, endpoints in the
// order of the leases: CUDA_VISIBLE_DEVICES is per endpoint (a host may run
// several).
struct GpuUsage
{
    QStringList endpoints;
    QHash<QString, QStringList> devices; // endpoint id -> local GPU ids

    explicit GpuUsage(const QList<lease::Lease> &leases);
    QString devicesOf(const QString &endpointId) const { return devices.value(endpointId).join(QLatin1Char(',')); }
};

// The environment a program gets for `leases` (`request --export`, `run`):
// CUDA_VISIBLE_DEVICES of the first endpoint (a process sees only its own
// host's GPUs), CUDA_DEVICE_ORDER, GPUPOOL_LEASE_IDS, GPUPOOL_GPU_IDS,
// GPUPOOL_HOST, GPUPOOL_HOSTS; in that order.
QList<QPair<QString, QString>> usageVariables(Run &run, const QList<lease::Lease> &leases);

// One request for GPUs in flight: all of request.count at once (or what
// --partial accepts), or with a wait, as they become free. Calls `granted`
// once with the leases; a failure ends the run instead. Lives as long as the
// run.
class Reservation final : public QObject
{
    Q_OBJECT

public:
    using Granted = std::function<void(const QList<lease::Lease> &)>;

    Reservation(Run &run, pool::ReserveRequest request, qint64 waitMs, Granted granted);

    const pool::ReserveRequest &request() const { return m_request; }
    // Refreshes the pool, then reserves.
    void start();

private:
    void begin(const pool::RefreshResult &result);
    void tryReserve();
    void startWaiting();
    void finishWith(const QList<lease::Lease> &leases);

    Run &m_run;
    pool::ReserveRequest m_request;
    qint64 m_waitMs = 0;
    Granted m_granted;
    bool m_done = false;
};

} // namespace gpupool::ctl
