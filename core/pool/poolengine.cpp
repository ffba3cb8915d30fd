#include "pool/poolprivate.h"

#include "util/logging.h"

#include <limits>

// What the polls say, reaching the allocator; the timers; the one-shot
// refresh; the retry queue.
namespace gpupool::pool {

namespace {

int clampMs(qint64 ms)
{
    return int(qBound(qint64(0), ms, qint64(std::numeric_limits<int>::max())));
}

} // namespace

endpoint::EndpointOptions Pool::Private::engineOptions() const
{
    const config::Settings &s = options.settings;
    endpoint::EndpointOptions e;
    e.timeoutMs = qMax<qint64>(1, qint64(s.endpointTimeoutSeconds * 1000));
    e.maxFailures = s.maxRetries;
    e.pollIntervalMs = qMax<qint64>(1, qint64(s.pollingIntervalSeconds * 1000));
    e.healthIntervalMs = qMax<qint64>(1, qint64(s.healthCheckIntervalSeconds * 1000));
    e.bodyCapBytes = s.maxBodyBytes;
    e.detailsEveryPolls = options.detailsEveryPolls;
    e.openBaseMs = options.breakerOpenBaseMs;
    e.openCapMs = options.breakerOpenCapMs;
    e.caCertificates = options.caCertificates;
    e.transport = s.transport;
    e.proxy = s.proxy;
    return e;
}

void readUsability(const endpoint::Endpoint &e, balance::EndpointView &v)
{
    v.breakerClosed = e.breaker().state() == endpoint::BreakerState::Closed;
    v.dataFresh = e.isFresh();
    // 401/403 and 404 are configuration problems: never chosen (docs/behaviour.md).
    const std::optional<endpoint::PollFailure> failure = e.lastFailure();
    v.authFailed
        = e.health() == endpoint::Health::Misconfigured || (failure && endpoint::isConfigProblem(failure->kind));
}

balance::EndpointView Pool::Private::viewOf(const endpoint::Endpoint *e) const
{
    balance::EndpointView v;
    v.id = e->id();
    readUsability(*e, v);
    if (const std::optional<stats::EndpointSnapshot> &snap = e->snapshot()) {
        for (const stats::SummaryGpu &g : snap->summary.gpus) {
            balance::GpuView gv;
            gv.localId = g.gpuId;
            gv.name = g.name;
            gv.memoryPercent = g.memoryUsagePercent;
            gv.utilizationPercent = g.utilizationPercent;
            if (const stats::StatsGpu *details = snap->detailsFor(g.gpuId))
                gv.memoryTotalMb = details->memoryTotalMb;
            v.gpus.append(gv);
        }
    }
    v.responseTimeMs = e->averageResponseMs();
    return v;
}

void Pool::Private::pushView(const endpoint::Endpoint *e)
{
    if (!host->isOpen())
        return;
    balance::EndpointView v = viewOf(e);
    const auto it = pushed.constFind(v.id);
    if (it != pushed.constEnd() && *it == v)
        return;
    pushed.insert(v.id, v);
    host->post([v = std::move(v)](AllocatorHost::Work &w) { w.allocator.updateEndpoint(v); });
}

void Pool::Private::pushAllViews()
{
    if (!host->isOpen())
        return;
    QList<balance::EndpointView> views;
    for (const endpoint::Endpoint *e : monitor.endpoints()) {
        views.append(viewOf(e));
        pushed.insert(views.last().id, views.last());
    }
    host->post([views = std::move(views)](AllocatorHost::Work &w) { w.allocator.setEndpoints(views); });
}

void Pool::Private::syncFreshness()
{
    if (!host->isOpen())
        return;
    for (const endpoint::Endpoint *e : monitor.endpoints()) {
        const auto it = pushed.constFind(e->id());
        if (it == pushed.constEnd() || it->dataFresh != e->isFresh())
            pushView(e);
    }
    armStaleTimer();
    afterChange();
}

// The moment the freshest-to-go-stale snapshot gets too old (docs/behaviour.md:
// older than 3 polling intervals is not assignable), even if no poll answers.
void Pool::Private::armStaleTimer()
{
    if (!live) {
        staleTimer.stop();
        return;
    }
    qint64 next = -1;
    const qint64 now = clock.nowMs();
    for (const endpoint::Endpoint *e : monitor.endpoints()) {
        if (!e->isFresh())
            continue;
        const qint64 at = e->lastSeenMs() + endpoint::EndpointOptions::kFreshIntervals * e->options().pollIntervalMs;
        if (next < 0 || at < next)
            next = at;
    }
    if (next < 0)
        staleTimer.stop();
    else
        staleTimer.start(clampMs(next - now + 1));
}

void Pool::Private::scheduleTick()
{
    if (!host->isOpen() || !open) {
        tickTimer.stop();
        return;
    }
    const qint64 ms = host->msUntilNextTick();
    if (ms < 0)
        tickTimer.stop();
    else
        tickTimer.start(clampMs(ms));
}

void Pool::Private::tick()
{
    if (open)
        host->post([](AllocatorHost::Work &w) { w.allocator.tick(); });
}

void Pool::Private::handleTick()
{
    tick();
    afterChange();
}

void Pool::Private::afterChange()
{
    scheduleTick();
    const int available = host->isOpen() ? host->available() : 0;
    if (available != lastAvailable) {
        lastAvailable = available;
        emit q->availableGpusChanged(available);
    }
}

void Pool::Private::handlePolled(const QString &id, const endpoint::PollOutcome &outcome)
{
    const endpoint::Endpoint *e = monitor.endpoint(id);
    if (!e)
        return;
    pushView(e);
    // Other programs' changes and expiries show up with each poll, too.
    tick();
    armStaleTimer();
    afterChange();
    emit q->endpointUpdated(id);
    if (refresh.active && refresh.waitingPoll.contains(id)) {
        if (outcome.ok) {
            const bool detailsComing
                = options.detailsEveryPolls > 0 && e->detailsSupported() && e->snapshot() && !e->snapshot()->details;
            refresh.waitingPoll.remove(id);
            refresh.reachable.insert(id);
            if (detailsComing)
                refresh.waitingDetails.insert(id);
            else
                settleRefresh(id, {}, true);
        } else {
            settleRefresh(id, outcome.failure.text, false);
        }
    }
    if (outcome.ok)
        runRetriesIfUp();
}

void Pool::Private::handleSnapshotChanged(const QString &id)
{
    const endpoint::Endpoint *e = monitor.endpoint(id);
    if (!e)
        return;
    pushView(e);
    afterChange();
    emit q->endpointUpdated(id);
    if (refresh.active && refresh.waitingDetails.contains(id) && !refresh.waitingPoll.contains(id))
        settleRefresh(id, {}, true);
}

void Pool::Private::handleHealthChanged(const QString &id, endpoint::Health health, const QString &reason)
{
    if (const endpoint::Endpoint *e = monitor.endpoint(id))
        pushView(e);
    afterChange();
    emit q->endpointHealthChanged(id, health, reason);
    if (health == endpoint::Health::Healthy)
        runRetriesIfUp();
}

void Pool::Private::handleTransition(const QString &id, const endpoint::Transition &t)
{
    if (const endpoint::Endpoint *e = monitor.endpoint(id))
        pushView(e);
    afterChange();
    emit q->breakerTransition(id, t);
    if (t.to == endpoint::BreakerState::Closed)
        runRetriesIfUp();
}

void Pool::Private::handleStoreState()
{
    const StoreStatus status = host->storeStatus();
    const bool changed = status.state != storeInfo.state || status.message != storeInfo.message;
    storeInfo.state = status.state;
    storeInfo.message = status.message;
    storeInfo.warnings = status.warnings;
    storeInfo.leasesVerified = status.verified;
    if (changed) {
        if (!status.message.isEmpty())
            qCWarning(lcPool).noquote() << "lease store:" << status.message;
        emit q->storeStateChanged(status.state, status.message);
    }
    afterChange();
}

void Pool::Private::startRefresh(RefreshCallback done)
{
    if (refresh.active) {
        // One refresh at a time: the new caller is told with the running one.
        RefreshCallback first = std::move(refresh.done);
        refresh.done = [first = std::move(first), done = std::move(done)](const RefreshResult &r) {
            if (first)
                first(r);
            if (done)
                done(r);
        };
        return;
    }
    refresh = Refresh {};
    refresh.active = true;
    refresh.done = std::move(done);
    const QList<endpoint::Endpoint *> endpoints = monitor.endpoints();
    for (const endpoint::Endpoint *e : endpoints)
        refresh.waitingPoll.insert(e->id());
    const qint64 timeoutMs = engineOptions().timeoutMs;
    refreshDeadline.start(clampMs(timeoutMs + 1000));
    for (endpoint::Endpoint *e : endpoints) {
        e->pollNow();
        // An open breaker sends nothing: nothing to wait for.
        if (refresh.waitingPoll.contains(e->id()) && e->breaker().state() == endpoint::BreakerState::Open)
            settleRefresh(e->id(), e->reason(), false);
    }
    if (endpoints.isEmpty())
        QMetaObject::invokeMethod(
            q, [this] { finishRefresh(); }, Qt::QueuedConnection);
}

void Pool::Private::settleRefresh(const QString &id, const QString &failure, bool reachable)
{
    refresh.waitingPoll.remove(id);
    refresh.waitingDetails.remove(id);
    if (reachable)
        refresh.reachable.insert(id);
    else
        refresh.failures.append(id + QStringLiteral(": ") + failure);
    if (refresh.waitingPoll.isEmpty() && refresh.waitingDetails.isEmpty())
        QMetaObject::invokeMethod(
            q, [this] { finishRefresh(); }, Qt::QueuedConnection);
}

void Pool::Private::finishRefresh()
{
    if (!refresh.active)
        return;
    refreshDeadline.stop();
    RefreshResult result;
    result.endpoints = int(monitor.endpoints().size());
    result.reachable = int(refresh.reachable.size());
    result.failures = refresh.failures;
    for (const QString &id : std::as_const(refresh.waitingPoll))
        result.failures.append(id + QStringLiteral(": ")
                               + Pool::tr("no answer within %1 ms").arg(engineOptions().timeoutMs));
    RefreshCallback done = std::move(refresh.done);
    refresh = Refresh {};
    if (host->isOpen()) {
        for (const endpoint::Endpoint *e : monitor.endpoints())
            pushView(e);
        const bool live = open;
        // The counters a one-shot run shows are the pool's.
        host->callVoid([live](AllocatorHost::Work &w) {
            if (live)
                w.allocator.tick();
            w.allocator.readSharedBalancer();
        });
    }
    afterChange();
    if (done)
        done(result);
    emit q->refreshFinished(result);
}

// --- AllocatorListener: the allocator's news as signals ---------------------------

void Pool::Private::leaseGranted(const lease::Lease &lease)
{
    qCDebug(lcPool).noquote() << "granted" << lease.gpuId() << "to" << lease.owner << "lease" << lease.id;
    emit q->leaseGranted(lease);
    emit q->leasesChanged();
    emit q->queueChanged(host->queueLength());
}

void Pool::Private::leaseRenewed(const lease::Lease &lease)
{
    emit q->leaseRenewed(lease);
    emit q->leasesChanged();
}

void Pool::Private::leaseEnded(const lease::LeaseEnd &end)
{
    qCDebug(lcPool).noquote() << lease::reasonName(end.reason) << end.lease.gpuId() << "lease" << end.lease.id << "by"
                              << end.endedBy;
    if (end.reason == lease::EndReason::Expired)
        emit q->leaseExpired(end);
    else
        emit q->leaseReleased(end);
    emit q->leasesChanged();
}

void Pool::Private::requestQueued(RequestId id, int position)
{
    QMetaObject::invokeMethod(
        q, [this, id, position] { emit q->requestQueued(id, position); }, Qt::QueuedConnection);
    emit q->queueChanged(host->queueLength());
}

void Pool::Private::requestDone(RequestId id, const lease::Result<lease::Lease> &result)
{
    const auto it = pending.find(id);
    if (it == pending.end())
        return;
    LeaseCallback done = std::move(it->done);
    pending.erase(it);
    Result<lease::Lease> r = fromLease(result);
    if (!r)
        reportStoreError(r.error());
    deliver(id, std::move(done), r);
}

void Pool::Private::reservationDone(RequestId id, const lease::Result<QList<lease::Lease>> &result)
{
    const auto it = pending.find(id);
    if (it == pending.end())
        return;
    LeasesCallback done = std::move(it->doneMany);
    pending.erase(it);
    Result<QList<lease::Lease>> r = fromLease(result);
    if (!r)
        reportStoreError(r.error());
    deliverMany(id, std::move(done), r);
}

void Pool::Private::queueMoved()
{
    // A request's own answer reports it (requestDone); here only the
    // queue's length moves.
    emit q->queueChanged(host->queueLength());
}

void Pool::Private::leasesReloaded()
{
    emit q->leasesChanged();
}

void Pool::Private::storeChangedElsewhere(const lease::Result<QString> &strategy)
{
    adoptPoolStrategy(strategy); // it may be what changed
}

void Pool::Private::storeStatusChanged()
{
    handleStoreState();
}

void Pool::Private::storeWarning(const QString &message)
{
    emit q->warning(message); // stays in storeInfo().warnings too; this is the moment to say it
}

void Pool::Private::figuresChanged()
{
    afterChange();
}

} // namespace gpupool::pool
