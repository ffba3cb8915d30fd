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
    connect(m, &endpoint::Monitor::processesRead, this, [this](const QString &id) {
        d->refresh.processesRead(id);
        emit processesChanged(id);
    });
    connect(m, &endpoint::Monitor::healthChanged, this,
            [this](const QString &id, endpoint::Health h, const QString &why) { d->handleHealthChanged(id, h, why); });
    connect(m, &endpoint::Monitor::breakerTransition, this,
            [this](const QString &id, const endpoint::Transition &t) { d->handleTransition(id, t); });
    connect(m, &endpoint::Monitor::fullyDegradedChanged, this, &Pool::fullyDegradedChanged);
    connect(m, &endpoint::Monitor::offlineChanged, this, &Pool::offlineChanged);
    connect(&d->tickTimer, &QTimer::timeout, this, [this] { d->handleTick(); });
    connect(&d->storeWatchTimer, &QTimer::timeout, this, [this] { d->handleTick(); });
    connect(&d->feed, &EngineFeed::lapsed, this, [this] { d->syncFreshness(); });
    connect(&d->retries, &RetryQueue::sizeChanged, this, &Pool::retryQueueChanged);
    connect(&d->refresh, &RefreshRound::finished, this, &Pool::refreshFinished);
}

Pool::~Pool()
{
    d->requests.setDestroying();
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
    if (Status s = d->startAllocator())
        return s;
    d->live = true;
    d->open = true;
    d->host->setPoolOpen(true);
    if (!d->storeInfo.shared)
        d->storeWatchTimer.start(1000);
    if (!d->pollingPaused)
        d->monitor.start();
    d->afterChange();
    d->feed.watch(true);
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
    d->host->setPoolOpen(false);
    d->host->callVoid([](AllocatorHost::Work &w) { w.allocator.stop(); }); // waiters fail with "stopped"
    d->retries.failAll(Error { ErrorCode::Cancelled, tr("The GPU pool stopped before an endpoint came back."),
                               Error::Severity::Error });
    d->refresh.finish();
    d->feed.watch(false);
    d->tickTimer.stop();
    d->storeWatchTimer.stop();
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
    if (Status s = d->startAllocator())
        return s;
    d->open = true;
    d->host->setPoolOpen(true);
    d->refresh.start(std::move(done));
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

void Pool::setProcessesWanted(bool wanted)
{
    d->monitor.setProcessesWanted(wanted);
}

bool Pool::processesWanted() const
{
    return d->monitor.processesWanted();
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
    const RequestId id = d->requests.nextId();
    Error why;
    if (!d->canGrant(&why)) {
        d->requests.deliver(id, std::move(done), why);
        return id;
    }
    d->syncFreshness();
    lease::RequestOptions ro;
    ro.owner = request.owner.trimmed().isEmpty() ? d->owner : request.owner.trimmed();
    ro.note = request.note;
    ro.kind = request.kind;
    ro.durationMs = request.durationMs;
    ro.timeoutMs = d->timeoutFor(request.timeoutMs);
    d->requests.add(id, std::move(done));
    d->host->request(id, ro);
    d->afterChange();
    return id;
}

RequestId Pool::requestGpus(const ReserveRequest &request, qint64 timeoutMs, LeasesCallback done)
{
    const RequestId id = d->requests.nextId();
    Error why;
    if (!d->canGrant(&why)) {
        d->requests.deliverMany(id, std::move(done), why);
        return id;
    }
    d->syncFreshness();
    const lease::ReserveOptions ro = d->reserveOptions(request);
    const qint64 timeout = d->timeoutFor(timeoutMs);
    d->requests.addMany(id, std::move(done));
    d->host->reserveWhenFree(id, ro, timeout);
    d->afterChange();
    return id;
}

bool Pool::cancelRequest(RequestId id)
{
    if (!d->requests.contains(id) || !d->host->isOpen())
        return false;
    const bool cancelled = d->host->cancel(id);
    d->afterChange();
    return cancelled;
}

Result<QList<lease::QueueEntry>> Pool::storeQueue()
{
    if (!d->host->isOpen())
        return d->notRunning();
    const lease::Result<lease::QueueSnapshot> r = d->host->call<lease::Result<lease::QueueSnapshot>>(
        [](AllocatorHost::Work &w) { return w.allocator.readStoreQueue(); }, d->closedStore());
    if (!r)
        return fromLease(lease::Result<QList<lease::QueueEntry>>(r.error()));
    return r->entries;
}

Result<bool> Pool::cancelQueued(quint64 id)
{
    if (!d->host->isOpen())
        return d->notRunning();
    return d->callStore<bool>([id, by = d->owner](AllocatorHost::Work &w) { return w.allocator.cancelQueued(id, by); });
}

void Pool::cancelQueued(quint64 id, std::function<void(const Result<bool> &)> done)
{
    if (!d->host->isOpen())
        return d->answerLater(std::move(done), Result<bool>(d->notRunning()));
    d->postStore<bool>([id, by = d->owner](AllocatorHost::Work &w) { return w.allocator.cancelQueued(id, by); },
                       std::move(done));
}

Result<lease::LeaseEnd> Pool::releaseGpu(const lease::Lease &lease, const ReleaseOptions &options)
{
    return releaseGpu(lease.id, options);
}

Result<lease::LeaseEnd> Pool::releaseGpu(const QString &leaseId, const ReleaseOptions &options)
{
    if (!d->host->isOpen() || !d->open)
        return d->notRunning();
    const QString by = options.by.trimmed().isEmpty() ? d->owner : options.by.trimmed();
    return d->afterRelease(
        d->host->call<lease::Result<lease::LeaseEnd>>(
            [leaseId, by](AllocatorHost::Work &w) { return w.allocator.release(leaseId, by); }, d->closedStore()),
        options);
}

void Pool::releaseGpu(const QString &leaseId, const ReleaseOptions &options, LeaseEndCallback done)
{
    if (!d->host->isOpen() || !d->open)
        return d->answerLater(std::move(done), Result<lease::LeaseEnd>(d->notRunning()));
    const QString by = options.by.trimmed().isEmpty() ? d->owner : options.by.trimmed();
    d->host->post<lease::Result<lease::LeaseEnd>>(
        [leaseId, by](AllocatorHost::Work &w) { return w.allocator.release(leaseId, by); },
        [this, options, done = std::move(done)](const lease::Result<lease::LeaseEnd> &r) {
            const Result<lease::LeaseEnd> answer = d->afterRelease(r, options);
            if (done)
                done(answer);
        },
        d->closedStore());
}

Result<lease::LeaseEnd> Pool::revokeLease(const QString &leaseId)
{
    if (!d->host->isOpen() || !d->open)
        return d->notRunning();
    return d->callStore<lease::LeaseEnd>(
        [leaseId, by = d->owner](AllocatorHost::Work &w) { return w.allocator.revoke(leaseId, by); });
}

void Pool::revokeLease(const QString &leaseId, LeaseEndCallback done)
{
    if (!d->host->isOpen() || !d->open)
        return d->answerLater(std::move(done), Result<lease::LeaseEnd>(d->notRunning()));
    d->postStore<lease::LeaseEnd>(
        [leaseId, by = d->owner](AllocatorHost::Work &w) { return w.allocator.revoke(leaseId, by); }, std::move(done));
}

Result<lease::Lease> Pool::renew(const QString &leaseId, qint64 durationMs, const QString &by)
{
    if (!d->host->isOpen() || !d->open)
        return d->notRunning();
    const QString who = by.trimmed().isEmpty() ? d->owner : by.trimmed();
    return d->callStore<lease::Lease>(
        [leaseId, who, durationMs](AllocatorHost::Work &w) { return w.allocator.renew(leaseId, who, durationMs); });
}

void Pool::renew(const QString &leaseId, qint64 durationMs, LeaseCallback done)
{
    if (!d->host->isOpen() || !d->open)
        return d->answerLater(std::move(done), Result<lease::Lease>(d->notRunning()));
    d->postStore<lease::Lease>([leaseId, who = d->owner, durationMs](
                                   AllocatorHost::Work &w) { return w.allocator.renew(leaseId, who, durationMs); },
                               std::move(done));
}

Result<QList<lease::Lease>> Pool::reserve(const ReserveRequest &request)
{
    Error why;
    if (!d->canGrant(&why))
        return why;
    d->syncFreshness();
    return d->callStore<QList<lease::Lease>>(
        [ro = d->reserveOptions(request)](AllocatorHost::Work &w) { return w.allocator.reserve(ro); });
}

void Pool::reserve(const ReserveRequest &request, LeasesCallback done)
{
    Error why;
    if (!d->canGrant(&why))
        return d->answerLater(std::move(done), Result<QList<lease::Lease>>(why));
    d->syncFreshness();
    d->postStore<QList<lease::Lease>>(
        [ro = d->reserveOptions(request)](AllocatorHost::Work &w) { return w.allocator.reserve(ro); }, std::move(done));
}

QList<lease::Lease> Pool::activeLeases() const
{
    if (!d->host->isOpen())
        return {};
    const AllocatorFigures &f = d->host->figures();
    return f.knownLeases ? *f.knownLeases : f.leases.all();
}

std::optional<lease::Lease> Pool::findLease(const QString &leaseId) const
{
    if (!d->host->isOpen())
        return std::nullopt;
    const lease::Lease *l = d->host->figures().leases.find(leaseId);
    return l ? std::optional<lease::Lease>(*l) : std::nullopt;
}

Result<QList<lease::LeaseEnd>> Pool::leaseHistory(int limit)
{
    if (!d->host->isOpen())
        return d->notRunning();
    return fromLease(d->host->call<lease::Result<QList<lease::LeaseEnd>>>(
        [limit](AllocatorHost::Work &w) { return w.allocator.history(limit); }, d->closedStore()));
}

void Pool::leaseHistory(int limit, std::function<void(const Result<QList<lease::LeaseEnd>> &)> done)
{
    if (!d->host->isOpen())
        return d->answerLater(std::move(done), Result<QList<lease::LeaseEnd>>(d->notRunning()));
    d->host->post<lease::Result<QList<lease::LeaseEnd>>>(
        [limit](AllocatorHost::Work &w) { return w.allocator.history(limit); },
        [done = std::move(done)](const lease::Result<QList<lease::LeaseEnd>> &r) {
            if (done)
                done(fromLease(r));
        },
        d->closedStore());
}

Status Pool::setStrategy(const QString &name)
{
    if (!balance::StrategyRegistry::contains(name))
        return Error { ErrorCode::UnknownStrategy, balance::StrategyRegistry::unknownStrategyMessage(name),
                       Error::Severity::Error };
    // The pool's, not this program's: into the store first, so that every
    // program on it balances the same way.
    if (Status s = d->openStore(d->live))
        return s;
    return d->strategyWritten(name, d->host->call<lease::Status>(Private::writeStrategy(name), d->closedStore()));
}

void Pool::setStrategy(const QString &name, std::function<void(const Status &)> done)
{
    Status refused;
    if (!balance::StrategyRegistry::contains(name))
        refused = Error { ErrorCode::UnknownStrategy, balance::StrategyRegistry::unknownStrategyMessage(name),
                          Error::Severity::Error };
    else
        refused = d->openStore(d->live);
    if (refused)
        return d->answerLater(std::move(done), refused);
    d->host->post<lease::Status>(
        Private::writeStrategy(name),
        [this, name, done = std::move(done)](const lease::Status &st) {
            const Status answer = d->strategyWritten(name, st);
            if (done)
                done(answer);
        },
        d->closedStore());
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
    return d->host->isOpen() ? d->host->figures().metrics : d->noMetrics;
}

void Pool::setThresholds(const balance::Thresholds &thresholds)
{
    d->thresholds = thresholds;
    d->host->post([thresholds](AllocatorHost::Work &w) { w.allocator.setThresholds(thresholds); });
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
quint64 Pool::queueRequestForRetry(RetryFunction fn, RetryCallback done, qint64 timeoutMs)
{
    auto refuse = [this, &done](Error error) -> quint64 {
        d->answerLater(std::move(done), Result<QVariant>(std::move(error)));
        return 0;
    };
    if (!isMultiEndpointMode())
        return refuse(Error { ErrorCode::NotMultiEndpoint,
                              tr("Queueing a request for retry needs multi-endpoint mode "
                                 "(set GPU_STATS_SERVICE_ENDPOINTS)."),
                              Error::Severity::Error });
    if (!d->open)
        return refuse(d->notRunning());
    if (!fn)
        return refuse(Error { ErrorCode::InvalidArgument, tr("Nothing to retry: the function is empty."),
                              Error::Severity::Error });
    return d->retries.add(std::move(fn), std::move(done), timeoutMs);
}

int Pool::retryQueueLength() const
{
    return d->retries.size();
}

QString Pool::recoverySummary() const
{
    return recoverySummaryText(errorRecoveryStatus());
}

} // namespace gpupool::pool
