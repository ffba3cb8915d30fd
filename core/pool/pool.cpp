#include "pool/pool.h"

#include "pool/poolprivate.h"
#include "pool/recoverysummary.h"

#include "balance/strategyregistry.h"
#include "config/gpuid.h"
#include "lease/redisleasestore.h"
#include "util/logging.h"

namespace gpupool::pool {

// --- Pool ------------------------------------------------------------------------

Pool::Pool(PoolOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, std::move(options)))
{
    endpoint::Monitor *m = &d->monitor;
    connect(m, &endpoint::Monitor::endpointPolled, this,
            [this](const QString &id, const endpoint::PollOutcome &o) { d->handlePolled(id, o); });
    connect(m, &endpoint::Monitor::snapshotChanged, this, [this](const QString &id) { d->handleSnapshotChanged(id); });
    connect(m, &endpoint::Monitor::healthChanged, this,
            [this](const QString &id, endpoint::Health h, const QString &why) { d->handleHealthChanged(id, h, why); });
    connect(m, &endpoint::Monitor::breakerTransition, this,
            [this](const QString &id, const endpoint::Transition &t) { d->handleTransition(id, t); });
    connect(m, &endpoint::Monitor::fullyDegradedChanged, this, &Pool::fullyDegradedChanged);
    connect(m, &endpoint::Monitor::offlineChanged, this, &Pool::offlineChanged);
    connect(&d->tickTimer, &QTimer::timeout, this, [this] { d->handleTick(); });
    connect(&d->storeWatchTimer, &QTimer::timeout, this, [this] { d->handleTick(); });
    connect(&d->staleTimer, &QTimer::timeout, this, [this] { d->syncFreshness(); });
    connect(&d->retryTimer, &QTimer::timeout, this, [this] { d->expireRetries(); });
    connect(&d->refreshDeadline, &QTimer::timeout, this, [this] { d->finishRefresh(); });
}

Pool::~Pool()
{
    d->destroying = true;
    stop();
    d->monitor.disconnect(this);
}

const config::Settings &Pool::settings() const
{
    return d->options.settings;
}
bool Pool::isMultiEndpointMode() const
{
    return d->options.settings.mode == config::Mode::MultiEndpoint;
}
QString Pool::owner() const
{
    return d->owner;
}

QString Pool::displayGpuId(const lease::Lease &l) const
{
    return displayGpuId(l.endpointId, l.localGpuId);
}

QString Pool::displayGpuId(const QString &endpointId, int localId) const
{
    return config::formatGpuId(d->options.settings.mode, endpointId, localId);
}

QStringList Pool::endpointIds() const
{
    QStringList ids;
    for (const endpoint::Endpoint *e : d->monitor.endpoints())
        ids.append(e->id());
    return ids;
}

Status Pool::start()
{
    if (d->live)
        return Error { ErrorCode::AlreadyRunning, tr("The GPU pool is already running."), Error::Severity::Error };
    if (Status s = d->openStore(true))
        return s;
    if (!d->allocator->isRunning()) {
        const lease::Status st = d->allocator->start();
        // A shared store that is only unreachable now is no reason not to run:
        // the pool says so and starts granting when the store comes back.
        if (st && !(d->redis && !d->redis->isAvailable())) {
            d->closeAllocator();
            d->storeInfo.state = StoreState::Failed;
            d->storeInfo.message = st->message;
            return Error::fromLease(*st);
        }
    }
    d->live = true;
    d->open = true;
    if (!d->redis)
        d->storeWatchTimer.start(1000);
    if (!d->pollingPaused)
        d->monitor.start();
    d->afterChange();
    d->armStaleTimer();
    qCInfo(lcPool).noquote() << "started:" << d->monitor.endpoints().size() << "endpoints, store" << d->storeInfo.url
                             << "owner" << d->owner;
    emit started();
    return std::nullopt;
}

void Pool::stop()
{
    const bool wasOpen = d->open || d->live;
    d->monitor.stop();
    d->live = false;
    d->open = false;
    if (d->allocator)
        d->allocator->stop(); // waiters fail with "stopped"
    d->failAllRetries(Error { ErrorCode::Cancelled, tr("The GPU pool stopped before an endpoint came back."),
                              Error::Severity::Error });
    if (d->refresh.active)
        d->finishRefresh();
    for (QTimer *t : { &d->tickTimer, &d->staleTimer, &d->retryTimer, &d->refreshDeadline, &d->storeWatchTimer })
        t->stop();
    if (wasOpen) {
        qCInfo(lcPool) << "stopped";
        emit stopped();
    }
}

bool Pool::isRunning() const
{
    return d->open;
}

Status Pool::refreshOnce(RefreshCallback done)
{
    if (Status s = d->openStore(d->live))
        return s;
    if (!d->allocator->isRunning()) {
        const lease::Status st = d->allocator->start();
        if (st && !(d->redis && !d->redis->isAvailable())) {
            d->closeAllocator();
            d->storeInfo.state = StoreState::Failed;
            d->storeInfo.message = st->message;
            return Error::fromLease(*st);
        }
    }
    d->open = true;
    d->startRefresh(std::move(done));
    return std::nullopt;
}

void Pool::refreshNow()
{
    for (endpoint::Endpoint *e : d->monitor.endpoints())
        e->pollNow();
}

void Pool::setPollingPaused(bool paused)
{
    if (paused == d->pollingPaused)
        return;
    d->pollingPaused = paused;
    if (d->live) {
        if (paused)
            d->monitor.stop();
        else
            d->monitor.start();
    }
    qCInfo(lcPool) << (paused ? "polling paused" : "polling resumed");
    emit pollingPausedChanged(paused);
}

bool Pool::isPollingPaused() const
{
    return d->pollingPaused;
}

RequestId Pool::requestGpu(qint64 timeoutMs, LeaseCallback done)
{
    GpuRequest r;
    r.timeoutMs = timeoutMs;
    return requestGpu(r, std::move(done));
}

RequestId Pool::requestGpu(const GpuRequest &request, LeaseCallback done)
{
    const RequestId id = d->nextRequestId++;
    Error why;
    if (!d->canGrant(&why)) {
        d->deliver(id, std::move(done), why);
        return id;
    }
    d->syncFreshness();
    lease::RequestOptions ro;
    ro.owner = request.owner.trimmed().isEmpty() ? d->owner : request.owner.trimmed();
    ro.note = request.note;
    ro.kind = request.kind;
    ro.durationMs = request.durationMs;
    ro.timeoutMs = d->timeoutFor(request.timeoutMs);
    d->pending.insert(id, Private::PendingRequest { std::move(done), 0, {} });
    d->requesting = id;
    const quint64 ticket
        = d->allocator->request(ro, [this, id](const lease::Result<lease::Lease> &r) { d->finishRequest(id, r); });
    d->requesting = 0;
    d->rememberTicket(id, ticket);
    d->afterChange();
    return id;
}

RequestId Pool::requestGpus(const ReserveRequest &request, qint64 timeoutMs, LeasesCallback done)
{
    const RequestId id = d->nextRequestId++;
    Error why;
    if (!d->canGrant(&why)) {
        d->deliverMany(id, std::move(done), why);
        return id;
    }
    d->syncFreshness();
    const lease::ReserveOptions ro = d->reserveOptions(request);
    const qint64 timeout = d->timeoutFor(timeoutMs);
    Private::PendingRequest pending;
    pending.doneMany = std::move(done);
    d->pending.insert(id, std::move(pending));
    d->requesting = id;
    const quint64 ticket = d->allocator->reserveWhenFree(
        ro, timeout, [this, id](const lease::Result<QList<lease::Lease>> &r) { d->finishReservation(id, r); });
    d->requesting = 0;
    d->rememberTicket(id, ticket);
    d->afterChange();
    return id;
}

void Pool::Private::finishReservation(RequestId id, const lease::Result<QList<lease::Lease>> &result)
{
    const auto it = pending.find(id);
    if (it == pending.end())
        return;
    PendingRequest p = std::move(it.value());
    pending.erase(it);
    idByTicket.remove(p.ticket);
    Result<QList<lease::Lease>> r = fromLease(result);
    if (!r)
        reportStoreError(r.error());
    deliverMany(id, std::move(p.doneMany), r);
}

bool Pool::cancelRequest(RequestId id)
{
    const auto it = d->pending.constFind(id);
    if (it == d->pending.constEnd() || !d->allocator)
        return false;
    const bool cancelled = d->allocator->cancel(it->ticket);
    d->afterChange();
    return cancelled;
}

Result<QList<lease::QueueEntry>> Pool::storeQueue()
{
    if (!d->allocator)
        return d->notRunning();
    const lease::Result<lease::QueueSnapshot> r = d->allocator->readStoreQueue();
    if (!r)
        return fromLease(lease::Result<QList<lease::QueueEntry>>(r.error()));
    return r->entries;
}

Result<bool> Pool::cancelQueued(quint64 id)
{
    if (!d->allocator)
        return d->notRunning();
    Result<bool> r = fromLease(d->allocator->cancelQueued(id, d->owner));
    d->afterChange();
    return r;
}

Result<lease::LeaseEnd> Pool::releaseGpu(const lease::Lease &lease, const ReleaseOptions &options)
{
    return releaseGpu(lease.id, options);
}

Result<lease::LeaseEnd> Pool::releaseGpu(const QString &leaseId, const ReleaseOptions &options)
{
    if (!d->allocator || !d->open)
        return d->notRunning();
    const QString by = options.by.trimmed().isEmpty() ? d->owner : options.by.trimmed();
    Result<lease::LeaseEnd> r = fromLease(d->allocator->release(leaseId, by));
    d->afterChange();
    if (r)
        return r;
    Error e = r.error();
    if (options.asProgram && (e.code == ErrorCode::UnknownLease || e.code == ErrorCode::AlreadyEnded)) {
        e.severity = Error::Severity::Warning;
        qCWarning(lcPool).noquote() << e.message;
        emit warning(e.message);
    }
    d->reportStoreError(e);
    return e;
}

Result<lease::LeaseEnd> Pool::revokeLease(const QString &leaseId)
{
    if (!d->allocator || !d->open)
        return d->notRunning();
    Result<lease::LeaseEnd> r = fromLease(d->allocator->revoke(leaseId, d->owner));
    d->afterChange();
    if (!r)
        d->reportStoreError(r.error());
    return r;
}

Result<lease::Lease> Pool::renew(const QString &leaseId, qint64 durationMs, const QString &by)
{
    if (!d->allocator || !d->open)
        return d->notRunning();
    const QString who = by.trimmed().isEmpty() ? d->owner : by.trimmed();
    Result<lease::Lease> r = fromLease(d->allocator->renew(leaseId, who, durationMs));
    d->afterChange();
    if (!r)
        d->reportStoreError(r.error());
    return r;
}

Result<QList<lease::Lease>> Pool::reserve(const ReserveRequest &request)
{
    Error why;
    if (!d->canGrant(&why))
        return why;
    d->syncFreshness();
    const lease::ReserveOptions ro = d->reserveOptions(request);
    Result<QList<lease::Lease>> r = fromLease(d->allocator->reserve(ro));
    d->afterChange();
    if (!r)
        d->reportStoreError(r.error());
    return r;
}

QList<lease::Lease> Pool::activeLeases() const
{
    if (d->redis && !d->redis->isAvailable())
        return d->redis->knownLeases();
    return d->allocator ? d->allocator->leases().all() : QList<lease::Lease>();
}

std::optional<lease::Lease> Pool::findLease(const QString &leaseId) const
{
    if (!d->allocator)
        return std::nullopt;
    const lease::Lease *l = d->allocator->leases().find(leaseId);
    return l ? std::optional<lease::Lease>(*l) : std::nullopt;
}

Result<QList<lease::LeaseEnd>> Pool::leaseHistory(int limit)
{
    if (!d->allocator)
        return d->notRunning();
    return fromLease(d->allocator->history(limit));
}

Status Pool::setStrategy(const QString &name)
{
    if (!balance::StrategyRegistry::contains(name))
        return Error { ErrorCode::UnknownStrategy, balance::StrategyRegistry::unknownStrategyMessage(name),
                       Error::Severity::Error };
    // The pool's, not this program's: into the store first, so that every
    // program on it balances the same way.
    if (!d->store) {
        if (Status s = d->openStore(false))
            return s;
    }
    if (const lease::Status s = d->store->setPoolSetting(QString::fromLatin1(lease::poolsettings::Strategy), name))
        return Error::fromLease(*s);
    d->strategyPinned = false;
    d->strategyFromStore = true;
    if (d->allocator) {
        QString why;
        if (!d->allocator->setStrategy(name, &why))
            return Error { ErrorCode::UnknownStrategy, why, Error::Severity::Error };
    }
    if (d->strategy == name)
        return std::nullopt;
    d->strategy = name;
    qCInfo(lcPool).noquote() << "strategy:" << name;
    emit strategyChanged(name);
    return std::nullopt;
}

QString Pool::strategy() const
{
    return d->strategy;
}
bool Pool::isStrategyFromStore() const
{
    return d->strategyFromStore;
}

Status Pool::openStore()
{
    return d->openStore(d->live);
}
QStringList Pool::availableStrategies()
{
    return balance::StrategyRegistry::names();
}

const balance::BalancerMetrics &Pool::balancerMetrics() const
{
    return d->allocator ? d->allocator->balancer().metrics() : d->noMetrics;
}

void Pool::setThresholds(const balance::Thresholds &thresholds)
{
    d->thresholds = thresholds;
    if (d->allocator)
        d->allocator->setThresholds(thresholds);
    d->afterChange();
}

balance::Thresholds Pool::thresholds() const
{
    return d->thresholds;
}
const history::HistoryStore &Pool::history() const
{
    return d->history;
}
const endpoint::Monitor &Pool::monitor() const
{
    return d->monitor;
}
QString Pool::recoverySummary() const
{
    return recoverySummaryText(errorRecoveryStatus());
}

} // namespace gpupool::pool
