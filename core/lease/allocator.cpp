#include "lease/allocator_p.h"

#include "util/logging.h"

#include <QCoreApplication>
#include <QUuid>

namespace gpupool::lease {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::Allocator", text);
}

LeaseError notRunning()
{
    return { ErrorCode::NotRunning, tr("The GPU pool is not started.") };
}

LeaseError notEnough(int requested, int available)
{
    return { ErrorCode::NotEnoughGpus,
             tr("Not enough GPUs available. Requested: %1, Available: %2").arg(requested).arg(available) };
}

} // namespace

Allocator::Allocator(LeaseStore &store, const gpupool::MonotonicClock &clock, const WallClock &wallClock)
    : m_store(store)
    , m_clock(clock)
    , m_wallClock(wallClock)
    , m_identity(QStringLiteral("gpupool"))
    , m_balancer(clock)
{
    setIdGenerator({});
}

void Allocator::setIdGenerator(std::function<QString()> generator)
{
    if (generator)
        m_newId = std::move(generator);
    else
        m_newId = [] { return QUuid::createUuid().toString(QUuid::WithoutBraces); };
}

Status Allocator::start()
{
    Entry entry(*this);
    if (m_running)
        return std::nullopt;
    const Result<QList<Lease>> active = m_store.activeLeases();
    if (!active)
        return active.error();
    m_table.replaceAll(*active);
    QList<balance::GpuRef> refs;
    for (const Lease &l : *active)
        refs.append({ l.endpointId, l.localGpuId });
    m_inventory.replaceLeased(refs);
    m_running = true;
    qCDebug(lcLease) << "started with" << active->size() << "active leases";
    return std::nullopt;
}

void Allocator::stop()
{
    Entry entry(*this);
    if (!m_running)
        return;
    m_running = false;
    const qint64 now = m_clock.nowMs();
    QList<Waiter> waiters = m_queue.takeAll();
    for (Waiter &w : waiters) {
        withdraw(w);
        fail(w, stoppedError(w, now));
    }
    m_shared.reset(); // a stopped pool reads nothing more
    if (!waiters.isEmpty())
        qCInfo(lcLease) << "stopped;" << waiters.size() << "waiting requests cancelled";
}

void Allocator::setEndpoints(const QList<balance::EndpointView> &views)
{
    Entry entry(*this);
    m_inventory.setEndpoints(views);
    serve();
}

void Allocator::updateEndpoint(const balance::EndpointView &view)
{
    Entry entry(*this);
    m_inventory.updateEndpoint(view);
    serve();
}

bool Allocator::removeEndpoint(const QString &endpointId)
{
    Entry entry(*this);
    return m_inventory.removeEndpoint(endpointId);
}

void Allocator::setThresholds(const balance::Thresholds &thresholds)
{
    Entry entry(*this);
    m_inventory.setThresholds(thresholds);
    serve();
}

bool Allocator::setStrategy(const QString &name, QString *error)
{
    return m_balancer.setStrategy(name, error);
}

namespace {

// What every waiter takes from its request (RequestOptions or ReserveOptions).
template<typename Options>
Waiter waiterFor(const Options &options)
{
    Waiter w;
    w.owner = options.owner;
    w.note = options.note;
    w.kind = options.kind;
    w.durationMs = options.durationMs > 0 ? options.durationMs : defaultDurationMs(options.kind);
    return w;
}

} // namespace

quint64 Allocator::request(const RequestOptions &options, Completion done)
{
    Entry entry(*this);
    Waiter w = waiterFor(options);
    w.done = std::move(done);
    if (!m_running || options.owner.trimmed().isEmpty()) {
        fail(w,
             m_running ? LeaseError { ErrorCode::InvalidArgument,
                                      tr("A GPU request needs an owner (user@host or a worker id).") }
                       : notRunning());
        return 0;
    }
    return enqueue(std::move(w), options.timeoutMs);
}

quint64 Allocator::reserveWhenFree(const ReserveOptions &options, qint64 timeoutMs, ManyCompletion done)
{
    Entry entry(*this);
    Waiter w = waiterFor(options);
    w.count = options.count;
    w.filter = options.filter;
    w.partial = options.partial;
    w.oneEndpoint = options.oneEndpoint;
    w.doneMany = std::move(done);
    if (!m_running) {
        fail(w, notRunning());
        return 0;
    }
    if (options.count < 1) {
        fail(w,
             { ErrorCode::InvalidArgument, tr("Reserving needs a count of at least 1; got %1.").arg(options.count) });
        return 0;
    }
    if (options.owner.trimmed().isEmpty()) {
        fail(w, { ErrorCode::InvalidArgument, tr("A reservation needs an owner (user@host or a worker id).") });
        return 0;
    }
    return enqueue(std::move(w), timeoutMs);
}

Result<LeaseEnd> Allocator::release(const QString &leaseId, const QString &by)
{
    return finishLease(leaseId, by, EndReason::Released);
}

Result<LeaseEnd> Allocator::revoke(const QString &leaseId, const QString &by)
{
    return finishLease(leaseId, by, EndReason::Revoked);
}

Result<LeaseEnd> Allocator::finishLease(const QString &leaseId, const QString &by, EndReason reason)
{
    Entry entry(*this);
    const Result<LeaseEnd> r = m_store.end(leaseId, by, reason, m_wallClock.msSinceEpoch());
    if (r) {
        ended(*r);
    } else if (r.code() == ErrorCode::AlreadyEnded && m_table.find(leaseId)) {
        // Ended elsewhere (another program, or it ran out just now): our copy
        // is behind.
        reload();
    } else {
        qCDebug(lcLease) << "end of" << leaseId << "by" << by << "refused:" << r.error().message;
    }
    serve();
    return r;
}

Result<Lease> Allocator::renew(const QString &leaseId, const QString &by, qint64 durationMs)
{
    Entry entry(*this);
    if (durationMs <= 0) {
        const Lease *known = m_table.find(leaseId);
        durationMs = defaultDurationMs(known ? known->kind : LeaseKind::Programmatic);
    }
    const Result<Lease> r
        = m_store.renew(leaseId, by, m_wallClock.msSinceEpoch() + durationMs, m_wallClock.msSinceEpoch());
    if (r) {
        m_table.insert(*r);
        const Lease lease = *r;
        notify([lease](AllocatorObserver *o) { o->leaseRenewed(lease); });
    } else if (r.code() == ErrorCode::AlreadyEnded && m_table.find(leaseId)) {
        reload();
        serve();
    }
    return r;
}

Result<QList<Lease>> Allocator::reserve(const ReserveOptions &options)
{
    Entry entry(*this);
    if (!m_running)
        return notRunning();
    if (options.count < 1)
        return LeaseError { ErrorCode::InvalidArgument,
                            tr("Reserving needs a count of at least 1; got %1.").arg(options.count) };
    if (options.owner.trimmed().isEmpty())
        return LeaseError { ErrorCode::InvalidArgument,
                            tr("A reservation needs an owner (user@host or a worker id).") };
    int available = 0;
    for (int attempt = 0; attempt <= MaxConflictRetries; ++attempt) {
        // What any program's waiters hold is not free for a request that
        // does not wait; the grant is made on the queue as read.
        refreshSharedQueue();
        holdForWaiters();
        const QueueCheck check { m_shared ? m_shared->version : 0, 0 };
        Result<QList<Lease>> r = grantSelection(options, available, m_shared ? &check : nullptr);
        releaseHolds();
        if (r || r.code() != ErrorCode::GpuTaken)
            return r;
        m_sharedStale = true;
        reload(); // another program got there first: look again
    }
    return notEnough(options.count, available);
}

Result<QString> Allocator::readSharedBalancer()
{
    const Result<QString> shared = m_store.poolSetting(QString::fromLatin1(poolsettings::Balancer));
    if (shared && m_importedBalancerState != *shared) {
        m_balancer.importState(*shared);
        m_importedBalancerState = *shared;
    }
    return shared;
}

Result<QList<Lease>> Allocator::grantSelection(const ReserveOptions &options, int &available, const QueueCheck *queue)
{
    // Choose one GPU after another as if each were granted (so the strategy
    // spreads them as it would spread single requests), then grant them all
    // in one transaction; the tentative marks are undone either way and the
    // grant sets them for real.
    // The balancer's turn is the pool's: read from the store, and the moved
    // turn written with the grant in one step (SettingUpdate), so that any
    // mix of programs rotates as one balancer would.
    const QString stateName = QString::fromLatin1(poolsettings::Balancer);
    const Result<QString> shared = readSharedBalancer();
    const QList<balance::Selection> chosen = chooseGpus(options);
    available = int(chosen.size());
    if (available < options.count && (!options.partial || available == 0)) {
        m_importedBalancerState.reset(); // the choices moved the turn: undo by reading it again
        return notEnough(options.count, available);
    }

    const qint64 duration = options.durationMs > 0 ? options.durationMs : defaultDurationMs(options.kind);
    QList<GrantSpec> specs;
    for (const balance::Selection &s : chosen)
        specs.append({ m_newId(), s.endpointId, s.localGpuId, options.owner, options.note, options.kind, duration });
    const SettingUpdate update { stateName, shared ? *shared : QString(), m_balancer.exportState() };
    Result<QList<Lease>> r = m_store.grant(specs, m_wallClock.msSinceEpoch(), shared ? &update : nullptr, queue);
    // What the balancer holds now is in the store only if the grant went
    // through; otherwise the store's turn is read again next time.
    m_importedBalancerState = r && shared ? std::optional<QString>(update.value) : std::nullopt;
    if (r)
        for (const Lease &l : *r)
            adopt(l);
    return r;
}

QList<balance::Selection> Allocator::chooseGpus(const ReserveOptions &options)
{
    balance::GpuFilter filter = options.filter;
    QList<balance::Selection> chosen;
    while (chosen.size() < options.count) {
        const std::optional<balance::Selection> s = m_balancer.select(m_inventory, &filter);
        if (!s)
            break;
        if (options.oneEndpoint && chosen.isEmpty() && options.count > 1) {
            filter.endpointIds = { endpointWithRoom(s->endpointId, options.count, filter) };
            if (filter.endpointIds.constFirst() != s->endpointId)
                continue; // the balancer's choice has too few: choose again on the roomiest
        }
        m_inventory.setLeased(s->endpointId, s->localGpuId, true);
        chosen.append(*s);
    }
    for (const balance::Selection &s : chosen)
        m_inventory.setLeased(s.endpointId, s.localGpuId, false);
    return chosen;
}

QString Allocator::endpointWithRoom(const QString &preferred, int count, const balance::GpuFilter &filter) const
{
    int best = m_inventory.indexOf(preferred);
    int room = m_inventory.assignableCount(best, &filter);
    for (int i = 0; i < m_inventory.endpointCount() && room < count; ++i) {
        const int here = m_inventory.assignableCount(i, &filter);
        if (here > room && filter.admitsEndpoint(m_inventory.endpoint(i).view.id)) {
            best = i;
            room = here;
        }
    }
    return m_inventory.endpoint(best).view.id;
}

void Allocator::tick()
{
    Entry entry(*this);
    if (!m_running)
        return;
    const bool elsewhere = m_store.changedElsewhere();
    if (elsewhere) {
        m_sharedStale = true;
        reload();
        notify([](AllocatorObserver *o) { o->storeChangedElsewhere(); });
    }
    const qint64 now = m_wallClock.msSinceEpoch();
    const qint64 next = m_table.nextExpiryMs();
    if (next >= 0 && next <= now) {
        const Result<QList<LeaseEnd>> r = m_store.expireDue(now, m_identity);
        if (!r)
            qCWarning(lcLease) << "expiry failed:" << r.error().message;
        else
            for (const LeaseEnd &e : *r)
                ended(e);
        // Someone may have ended some of them before us; either way our copy
        // must not keep a lease the store no longer has.
        if (m_table.nextExpiryMs() >= 0 && m_table.nextExpiryMs() <= now)
            reload();
    }
    // Our heartbeat before reading the queue: a program that was suspended
    // (a laptop's sleep) must not find its own entries stale.
    beatIfDue();
    // Serve before timing out: a request whose deadline falls on the tick
    // that frees a GPU gets the GPU.
    serve();
    const qint64 mono = m_clock.nowMs();
    QList<Waiter> late = m_queue.takeTimedOut(mono);
    for (Waiter &w : late) {
        withdraw(w);
        fail(w, timedOutError(w, mono));
    }
    if (!late.isEmpty())
        serve(); // what they held is free for the next
}

qint64 Allocator::msUntilNextTick() const
{
    qint64 next = -1;
    const qint64 expiry = m_table.nextExpiryMs();
    if (m_running && expiry >= 0)
        next = qMax<qint64>(0, expiry - m_wallClock.msSinceEpoch());
    const qint64 mono = m_clock.nowMs();
    const auto due = [&next, mono](qint64 at) {
        const qint64 wait = qMax<qint64>(0, at - mono);
        next = next < 0 ? wait : qMin(next, wait);
    };
    if (const qint64 deadline = m_queue.nextDeadlineMs(); deadline >= 0)
        due(deadline);
    if (!m_running)
        return next;
    // Heartbeats for our entries in the store's queue; re-reads while
    // another program's waiters hold GPUs here (their heartbeats, or their
    // deaths, show up only so).
    bool stored = false;
    for (int i = 0; i < m_queue.size() && !stored; ++i)
        stored = m_queue.at(i).storeId != 0;
    if (stored)
        due(m_lastBeatMs + HeartbeatIntervalMs);
    if (m_shared && int(m_shared->entries.size()) > 0 && turns().size() > m_queue.size())
        due(m_sharedReadMs + SharedQueueMaxAgeMs);
    return next;
}

void Allocator::adopt(const Lease &lease)
{
    m_table.insert(lease);
    m_inventory.setLeased(lease.endpointId, lease.localGpuId, true);
    qCDebug(lcLease) << "granted" << lease.gpuId() << "to" << lease.owner << "fence" << lease.fence;
    notify([lease](AllocatorObserver *o) { o->leaseGranted(lease); });
}

void Allocator::forget(const Lease &lease)
{
    m_table.remove(lease.id);
    // Only if no other lease holds the GPU now (a reload may have brought one).
    if (!m_table.findByGpu(lease.gpuId()))
        m_inventory.setLeased(lease.endpointId, lease.localGpuId, false);
}

void Allocator::ended(const LeaseEnd &end)
{
    forget(end.lease);
    qCDebug(lcLease) << "lease" << end.lease.id << "on" << end.lease.gpuId() << reasonName(end.reason);
    notify([end](AllocatorObserver *o) { o->leaseEnded(end); });
}

bool Allocator::reload()
{
    const Result<QList<Lease>> active = m_store.activeLeases();
    if (!active) {
        qCWarning(lcLease) << "cannot re-read the leases:" << active.error().message;
        return false;
    }
    const LeaseTable::Diff diff = m_table.replaceAll(*active);
    if (diff.isEmpty())
        return true;
    QList<balance::GpuRef> refs;
    for (const Lease &l : *active)
        refs.append({ l.endpointId, l.localGpuId });
    m_inventory.replaceLeased(refs);
    reapplyHolds();
    notify([](AllocatorObserver *o) { o->leasesReloaded(); });
    return true;
}

void Allocator::fail(Waiter &waiter, const LeaseError &error)
{
    qCDebug(lcLease) << "request" << waiter.ticket << "of" << waiter.owner << "failed:" << error.message;
    const quint64 ticket = waiter.ticket;
    later([done = std::move(waiter.done), doneMany = std::move(waiter.doneMany), error] {
        if (doneMany)
            doneMany(error);
        else if (done)
            done(error);
    });
    if (ticket != 0)
        notify([ticket, error](AllocatorObserver *o) { o->requestFailed(ticket, error); });
}

void Allocator::later(std::function<void()> call)
{
    m_pending.push_back(std::move(call));
}

void Allocator::flush()
{
    // A callback may call back in; its own Entry then flushes what it adds,
    // and this loop picks up whatever is left.
    while (!m_pending.empty()) {
        std::function<void()> call = std::move(m_pending.front());
        m_pending.pop_front();
        call();
    }
}

} // namespace gpupool::lease
