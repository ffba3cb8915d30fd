#include "pool/poolprivate.h"

#include "config/gpuid.h"

// The Pool's reports: poolStatus(), endpointsInfo(), detailedMetrics(),
// errorRecoveryStatus(). Built from the engine (health, breakers, times) and
// the allocator (what is assignable, leases, the queue).
namespace gpupool::pool {

bool countsAsHealthy(const endpoint::Endpoint &e)
{
    return e.health() == endpoint::Health::Healthy && e.isFresh();
}

namespace {

// The allocator's figures while the store is open; null otherwise.
const AllocatorFigures *figuresOf(const AllocatorHost &host)
{
    return host.isOpen() ? &host.figures() : nullptr;
}

EndpointInfo infoOf(const endpoint::Endpoint *e, const AllocatorFigures *figures)
{
    EndpointInfo i;
    i.id = e->id();
    i.url = e->url();
    i.health = e->health();
    i.reason = e->reason();
    i.breaker = e->breaker().state();
    i.fresh = e->isFresh();
    balance::EndpointView usability;
    readUsability(*e, usability);
    i.misconfigured = usability.authFailed;
    i.usable = usability.isUsable();
    i.healthy = countsAsHealthy(*e);
    i.lastSeenAgeMs = e->snapshotAgeMs();
    i.totalGpus = e->totalGpus();
    i.responseTimeMs = e->averageResponseMs();
    const endpoint::BreakerStats &s = e->breaker().stats();
    i.failureRatePercent = s.failureRatePercent();
    i.polls = s.successes + s.failures + s.neutral;
    i.failedPolls = s.failures;
    if (figures) {
        const balance::Inventory &inv = figures->inventory;
        const int index = inv.indexOf(i.id);
        if (index >= 0) {
            // held: for older waiters
            i.availableGpus = inv.assignableCount(index) - figures->heldByEndpoint.value(index);
            i.activeLeases = inv.endpoint(index).leaseCount;
        }
    }
    return i;
}

} // namespace

QStringList GpuInfo::usersBesideHolder() const
{
    QStringList users;
    if (!processes)
        return users;
    const QString holder = lease ? ownerUser(lease->owner) : QString();
    for (const stats::GpuProcess &p : *processes) {
        const QString user = p.user.value_or(QStringLiteral("?"));
        if (user != holder && !users.contains(user))
            users.append(user);
    }
    return users;
}

QList<GpuInfo> Pool::gpus() const
{
    QList<GpuInfo> out;
    const AllocatorFigures *figures = figuresOf(*d->host);
    const balance::Inventory *inv = figures ? &figures->inventory : nullptr;
    // "In use without a lease" means something only while leases are in use here.
    const bool leasesInUse = figures && !figures->leases.isEmpty();
    for (const endpoint::Endpoint *e : d->monitor.endpoints()) {
        const std::optional<stats::EndpointSnapshot> &snap = e->snapshot();
        if (!snap)
            continue;
        const std::optional<endpoint::EndpointProcesses> &processes = e->processes();
        const int index = inv ? inv->indexOf(e->id()) : -1;
        for (qsizetype pos = 0; pos < snap->summary.gpus.size(); ++pos) {
            const stats::SummaryGpu &g = snap->summary.gpus.at(pos);
            GpuInfo i;
            i.endpointId = e->id();
            i.localId = g.gpuId;
            i.gpuId = displayGpuId(e->id(), g.gpuId);
            i.globalId = config::formatGlobalGpuId(e->id(), g.gpuId);
            i.name = g.name;
            i.memoryPercent = g.memoryUsagePercent;
            i.utilizationPercent = g.utilizationPercent;
            if (const stats::StatsGpu *details = snap->detailsFor(g.gpuId)) {
                i.memoryTotalMb = details->memoryTotalMb;
                i.memoryUsedMb = details->memoryUsedMb;
                i.temperatureC = details->temperatureC;
                i.powerDrawW = details->powerDrawW;
            }
            i.underThresholds = g.memoryUsagePercent < d->thresholds.memoryPercent
                && g.utilizationPercent < d->thresholds.utilizationPercent;
            // The inventory's view matches the snapshot (it is pushed after
            // every poll); look the GPU up by id, not position, to be safe.
            if (index >= 0) {
                const QList<balance::GpuView> &views = inv->endpoint(index).view.gpus;
                for (qsizetype v = 0; v < views.size(); ++v)
                    if (views.at(v).localId == g.gpuId) {
                        i.assignable = inv->isAssignable(index, int(v));
                        i.heldForWaiter = i.assignable && figures->held.contains({ index, int(v) });
                        break;
                    }
            }
            if (figures)
                if (const lease::Lease *l = figures->leases.findByGpu(i.globalId))
                    i.lease = *l;
            if (processes) {
                i.processes.emplace();
                for (const stats::GpuProcess &p : processes->processes)
                    if (p.gpuIndex == g.gpuId)
                        i.processes->append(p);
                const QString holder = i.lease ? ownerUser(i.lease->owner) : QString();
                for (const stats::GpuProcess &p : std::as_const(*i.processes))
                    if (leasesInUse && p.user && *p.user != holder && !i.unleasedUsers.contains(*p.user))
                        i.unleasedUsers.append(*p.user);
            }
            out.append(i);
        }
    }
    return out;
}

QList<EndpointInfo> Pool::endpointsInfo() const
{
    if (!isMultiEndpointMode())
        return {};
    QList<EndpointInfo> out;
    const AllocatorFigures *figures = figuresOf(*d->host);
    for (const endpoint::Endpoint *e : d->monitor.endpoints())
        out.append(infoOf(e, figures));
    return out;
}

std::optional<EndpointInfo> Pool::endpointInfo(const QString &endpointId) const
{
    const endpoint::Endpoint *e = d->monitor.endpoint(endpointId);
    if (!e)
        return std::nullopt;
    return infoOf(e, figuresOf(*d->host));
}

PoolStatus Pool::poolStatus() const
{
    PoolStatus s;
    s.multiEndpoint = isMultiEndpointMode();
    s.availableGpus = availableGpus();
    s.blockedRequests = queueLength();
    s.fullyDegraded = d->monitor.isFullyDegraded();
    s.looksOffline = d->monitor.looksOffline();
    s.pollingPaused = d->pollingPaused;
    s.store = storeInfo();
    s.strategy = d->strategy;
    const AllocatorFigures *figures = figuresOf(*d->host);
    for (const endpoint::Endpoint *e : d->monitor.endpoints()) {
        EndpointInfo info = infoOf(e, figures);
        s.totalGpus += info.totalGpus;
        if (info.healthy)
            ++s.healthyEndpoints;
        if (const std::optional<stats::EndpointSnapshot> &snap = e->snapshot())
            for (const stats::SummaryGpu &g : snap->summary.gpus)
                s.gpuLeases.insert(displayGpuId(e->id(), g.gpuId), {});
        s.endpoints.append(std::move(info));
    }
    s.totalEndpoints = int(s.endpoints.size());
    const QList<lease::Lease> leases = activeLeases();
    s.activeLeases = int(leases.size());
    for (const lease::Lease &l : leases)
        s.gpuLeases[displayGpuId(l)].append(l);
    return s;
}

DetailedMetrics Pool::detailedMetrics() const
{
    DetailedMetrics m;
    m.status = poolStatus();
    m.gpus = gpus();
    m.thresholds = d->thresholds;
    m.pollIntervalMs = d->engineOptions().pollIntervalMs;
    m.leases = activeLeases();
    m.queue = waitingRequests();
    m.retryQueueLength = retryQueueLength();
    m.strategy = d->strategy;
    m.balancer = balancerMetrics();
    return m;
}

ErrorRecoveryStatus Pool::errorRecoveryStatus() const
{
    ErrorRecoveryStatus r;
    r.multiEndpoint = isMultiEndpointMode();
    r.fullyDegraded = d->monitor.isFullyDegraded();
    r.looksOffline = d->monitor.looksOffline();
    r.queuedRequests = queueLength() + retryQueueLength();
    const qint64 now = d->clock.nowMs();
    for (const endpoint::Endpoint *e : d->monitor.endpoints()) {
        EndpointRecovery er;
        er.id = e->id();
        er.state = e->breaker().state();
        er.health = e->health();
        er.reason = e->reason();
        er.stats = e->breaker().stats();
        er.failureRatePercent = er.stats.failureRatePercent();
        if (er.state == endpoint::BreakerState::Open && er.stats.nextAttemptAtMs >= 0)
            er.nextAttemptInMs = qMax<qint64>(0, er.stats.nextAttemptAtMs - now);
        // The same health as status and endpoints: a closed breaker whose
        // polls fail is not a healthy endpoint.
        if (countsAsHealthy(*e))
            ++r.healthyEndpoints;
        if (er.state == endpoint::BreakerState::HalfOpen)
            ++r.recoveryOperationsActive;
        r.endpoints.append(std::move(er));
    }
    r.totalEndpoints = int(r.endpoints.size());
    r.degradedEndpoints = r.totalEndpoints - r.healthyEndpoints;
    return r;
}

StoreInfo Pool::storeInfo() const
{
    StoreInfo s = d->storeInfo;
    if (s.shared && d->host->isOpen()) {
        const StoreStatus now = d->host->storeStatus();
        s.leasesVerified = now.verified;
        s.warnings = now.warnings;
    }
    return s;
}

int Pool::availableGpus() const
{
    return d->host->isOpen() ? d->host->available() : 0;
}
QList<lease::WaiterInfo> Pool::waitingRequests() const
{
    return d->host->isOpen() ? d->host->figures().waiting : QList<lease::WaiterInfo>();
}

int Pool::queueLength() const
{
    return d->host->isOpen() ? d->host->queueLength() : 0;
}
bool Pool::isFullyDegraded() const
{
    return d->monitor.isFullyDegraded();
}
bool Pool::looksOffline() const
{
    return d->monitor.looksOffline();
}

bool Pool::anyEndpointReachable() const
{
    for (const endpoint::Endpoint *e : d->monitor.endpoints())
        if (e->snapshot() && !e->lastFailure() && e->isFresh())
            return true;
    return false;
}

Result<bool> Pool::triggerEndpointRecovery(const QString &endpointId)
{
    endpoint::Endpoint *e = d->monitor.endpoint(endpointId);
    if (!e)
        return Error {
            ErrorCode::UnknownEndpoint,
            tr("Unknown endpoint: %1. Endpoints: %2.").arg(endpointId, endpointIds().join(QStringLiteral(", "))),
            Error::Severity::Error
        };
    return d->monitor.triggerRecovery(endpointId);
}

int Pool::triggerRecoveryAll()
{
    return d->monitor.triggerRecoveryAll();
}

} // namespace gpupool::pool
