#include "pool/poolprivate.h"

#include "util/logging.h"

#include <algorithm>
#include <limits>

// What the engine and the allocator say, as the Pool's signals; the timers.
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

void Pool::Private::syncFreshness()
{
    feed.pushLapsed();
    feed.watch(live);
    afterChange();
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
    feed.push(*e);
    // Other programs' changes and expiries show up with each poll, too.
    tick();
    feed.watch(live);
    afterChange();
    emit q->endpointUpdated(id);
    refresh.polled(id, outcome);
    if (outcome.ok)
        retries.runIfPossible();
}

void Pool::Private::handleSnapshotChanged(const QString &id)
{
    const endpoint::Endpoint *e = monitor.endpoint(id);
    if (!e)
        return;
    feed.push(*e);
    afterChange();
    emit q->endpointUpdated(id);
    refresh.snapshotChanged(id);
}

void Pool::Private::handleHealthChanged(const QString &id, endpoint::Health health, const QString &reason)
{
    if (const endpoint::Endpoint *e = monitor.endpoint(id))
        feed.push(*e);
    afterChange();
    emit q->endpointHealthChanged(id, health, reason);
    if (health == endpoint::Health::Healthy)
        retries.runIfPossible();
}

void Pool::Private::handleTransition(const QString &id, const endpoint::Transition &t)
{
    if (const endpoint::Endpoint *e = monitor.endpoint(id))
        feed.push(*e);
    afterChange();
    emit q->breakerTransition(id, t);
    if (t.to == endpoint::BreakerState::Closed)
        retries.runIfPossible();
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

void Pool::Private::settleRefresh()
{
    if (host->isOpen()) {
        for (const endpoint::Endpoint *e : monitor.endpoints())
            feed.push(*e);
        const bool running = open;
        // The counters a one-shot run shows are the pool's.
        host->callVoid([running](AllocatorHost::Work &w) {
            if (running)
                w.allocator.tick();
            w.allocator.readSharedBalancer();
        });
    }
    afterChange();
}

bool Pool::Private::anyEndpointUp() const
{
    const QList<endpoint::Endpoint *> &all = monitor.endpoints();
    return std::any_of(all.cbegin(), all.cend(), [](const endpoint::Endpoint *e) { return countsAsHealthy(*e); });
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
    const Result<lease::Lease> r = fromLease(result);
    if (!r && requests.contains(id))
        reportStoreError(r.error());
    requests.answer(id, r);
}

void Pool::Private::reservationDone(RequestId id, const lease::Result<QList<lease::Lease>> &result)
{
    const Result<QList<lease::Lease>> r = fromLease(result);
    if (!r && requests.contains(id))
        reportStoreError(r.error());
    requests.answerMany(id, r);
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
