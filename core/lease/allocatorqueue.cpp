#include "lease/allocator_p.h"

#include "config/gpuid.h"
#include "util/logging.h"

#include <QSet>

#include <algorithm>

// The Allocator serving its wait queue: who gets GPUs when, and what the
// waiters that cannot be served yet hold back (allocator.h, "Waiting").
namespace gpupool::lease {

struct Allocator::Served
{
    std::optional<QList<Lease>> leases;
    std::optional<LeaseError> error; // neither: not now, it keeps waiting
    bool conflict = false; // another program got there first: look again
};

namespace {

Waiter waiterOf(const QueueEntry &e)
{
    Waiter w;
    w.storeId = e.id;
    w.owner = e.owner;
    w.count = e.count;
    w.filter = e.filter;
    w.partial = e.partial;
    w.oneEndpoint = e.oneEndpoint;
    return w;
}

const balance::GpuFilter *filterOf(const Waiter &w)
{
    return w.filter.isEmpty() ? nullptr : &w.filter;
}

} // namespace

quint64 Allocator::enqueue(Waiter w, qint64 timeoutMs)
{
    w.enqueuedAtMs = m_clock.nowMs();
    w.deadlineMs = timeoutMs < 0 ? -1 : w.enqueuedAtMs + timeoutMs;
    const QString owner = w.owner;
    // Behind everyone already waiting; serve() decides who goes first.
    const quint64 ticket = m_queue.push(std::move(w));
    serve();
    if (m_queue.position(ticket) < 0)
        return ticket; // served (or failed) already
    if (timeoutMs == 0) {
        Waiter mine = *m_queue.take(ticket);
        fail(mine, timedOutError(mine, m_clock.nowMs()));
        return ticket;
    }
    // Into the store's queue, behind every program's waiters.
    Waiter *mine = m_queue.find(ticket);
    QueueEntry e = entryOf(*mine);
    e.staleAfterMs = StaleAfterMs;
    const qint64 wall = m_wallClock.msSinceEpoch();
    e.deadlineMs = timeoutMs < 0 ? -1 : wall + timeoutMs;
    if (const Result<QueueEntry> stored = m_store.enqueue(e, wall)) {
        mine->storeId = stored->id;
        m_lastBeatMs = m_clock.nowMs();
    } else if (!m_queueUnreadable) {
        qCWarning(lcLease).noquote() << "request" << ticket << "waits in this program only:" << stored.error().message;
    }
    m_sharedStale = true;
    refreshSharedQueue();
    const QList<Turn> order = turns();
    int position = 0;
    while (position < order.size() && order.at(position).ticket != ticket)
        ++position;
    qCDebug(lcLease) << "request" << ticket << "of" << owner << "waits at position" << position;
    notify([ticket, position](AllocatorObserver *o) { o->requestQueued(ticket, position); });
    return ticket;
}

bool Allocator::cancel(quint64 ticket)
{
    Entry entry(*this);
    std::optional<Waiter> w = m_queue.take(ticket);
    if (!w)
        return false;
    withdraw(*w);
    fail(*w, cancelledError(*w, m_clock.nowMs()));
    serve(); // what it held is free for the next
    return true;
}

Result<bool> Allocator::cancelQueued(quint64 id, const QString &by)
{
    Entry entry(*this);
    if (const Waiter *mine = m_queue.findByStoreId(id)) {
        if (mine->owner != by) {
            QueueEntry theirs;
            theirs.id = id;
            theirs.owner = mine->owner;
            return queuerules::notYours(theirs, by);
        }
        return cancel(mine->ticket);
    }
    const Result<bool> r = m_store.dequeue(id, by);
    m_sharedStale = true;
    if (r && *r)
        serve();
    else
        refreshSharedQueue();
    return r;
}

Result<QueueSnapshot> Allocator::readStoreQueue()
{
    Entry entry(*this);
    m_sharedStale = true;
    refreshSharedQueue();
    if (m_shared && !m_sharedStale)
        return *m_shared;
    return m_store.queue(m_wallClock.msSinceEpoch()); // for its error
}

void Allocator::withdraw(const Waiter &waiter)
{
    if (waiter.storeId == 0)
        return;
    if (const Result<bool> r = m_store.dequeue(waiter.storeId, waiter.owner); !r)
        qCWarning(lcLease).noquote() << "could not take request" << waiter.ticket
                                     << "off the store's queue (it ends when its heartbeat goes stale):"
                                     << r.error().message;
    // Gone from what this program shows at once, whatever the store said.
    if (m_shared)
        m_shared->entries.removeIf([&waiter](const QueueEntry &e) { return e.id == waiter.storeId; });
    m_sharedStale = true;
}

void Allocator::refreshSharedQueue()
{
    const qint64 mono = m_clock.nowMs();
    if (m_shared && !m_sharedStale) {
        const bool foreign = std::any_of(m_shared->entries.cbegin(), m_shared->entries.cend(),
                                         [this](const QueueEntry &e) { return !m_queue.findByStoreId(e.id); });
        if (!foreign || mono - m_sharedReadMs < SharedQueueMaxAgeMs)
            return;
    }
    const Result<QueueSnapshot> r = m_store.queue(m_wallClock.msSinceEpoch());
    if (!r) {
        if (!m_queueUnreadable)
            qCInfo(lcLease).noquote() << "no shared wait queue; waiting in this program only:" << r.error().message;
        m_queueUnreadable = true;
        m_shared.reset();
        return;
    }
    m_queueUnreadable = false;
    m_shared = *r;
    m_sharedStale = false;
    m_sharedReadMs = mono;
    QSet<quint64> present;
    for (const QueueEntry &e : r->entries)
        present.insert(e.id);
    for (int i = 0; i < m_queue.size();) {
        if (m_queue.at(i).storeId != 0 && !present.contains(m_queue.at(i).storeId)) {
            Waiter gone = m_queue.takeAt(i);
            fail(gone, removedError(gone, mono));
            continue;
        }
        ++i;
    }
}

// The store's queue, oldest first, with this program's waiters in their
// places; then its waiters the store does not have (not written yet, or
// the store keeps no queue).
QList<Allocator::Turn> Allocator::turns() const
{
    QList<Turn> out;
    QSet<quint64> placed;
    if (m_shared) {
        for (const QueueEntry &e : m_shared->entries) {
            if (const Waiter *mine = m_queue.findByStoreId(e.id)) {
                out.append({ mine->ticket, std::nullopt });
                placed.insert(mine->ticket);
            } else {
                out.append({ 0, e });
            }
        }
    }
    for (int i = 0; i < m_queue.size(); ++i)
        if (!placed.contains(m_queue.at(i).ticket))
            out.append({ m_queue.at(i).ticket, std::nullopt });
    return out;
}

QList<WaiterInfo> Allocator::waiting() const
{
    QList<WaiterInfo> out;
    const qint64 mono = m_clock.nowMs();
    const qint64 wall = m_wallClock.msSinceEpoch();
    for (const Turn &t : turns()) {
        if (t.foreign) {
            const QueueEntry &e = *t.foreign;
            out.append({ 0, e.id, e.owner, e.note, qMax<qint64>(0, wall - e.createdMs),
                         e.deadlineMs < 0 ? -1 : qMax<qint64>(0, e.deadlineMs - wall), e.count,
                         queuerules::describeWants(e) });
        } else if (const Waiter *w = m_queue.find(t.ticket)) {
            out.append(WaitQueue::infoOf(*w, mono));
        }
    }
    return out;
}

void Allocator::beatIfDue()
{
    const qint64 mono = m_clock.nowMs();
    if (mono - m_lastBeatMs < HeartbeatIntervalMs)
        return;
    QList<quint64> ids;
    for (int i = 0; i < m_queue.size(); ++i)
        if (m_queue.at(i).storeId != 0)
            ids.append(m_queue.at(i).storeId);
    if (ids.isEmpty())
        return;
    m_lastBeatMs = mono;
    if (const Status s = m_store.heartbeat(ids, m_wallClock.msSinceEpoch()))
        qCWarning(lcLease).noquote() << "could not renew the waiting requests' heartbeat:" << s->message;
}

Allocator::Served Allocator::grantWaiter(const Waiter &waiter)
{
    ReserveOptions o;
    o.count = waiter.count;
    o.filter = waiter.filter;
    o.partial = waiter.partial;
    o.oneEndpoint = waiter.oneEndpoint;
    o.owner = waiter.owner;
    o.note = waiter.note;
    o.kind = waiter.kind;
    o.durationMs = waiter.durationMs;
    int available = 0;
    const QueueCheck check { m_shared ? m_shared->version : 0, waiter.storeId };
    Result<QList<Lease>> r = grantSelection(o, available, m_shared ? &check : nullptr);
    if (r) {
        if (m_shared && waiter.storeId != 0) {
            // The grant took it off the store's queue and moved the version by one.
            m_shared->version += 1;
            m_shared->entries.removeIf([&waiter](const QueueEntry &e) { return e.id == waiter.storeId; });
        }
        return { *r, std::nullopt };
    }
    if (r.code() == ErrorCode::NotEnoughGpus)
        return {}; // a re-read showed fewer free than thought: wait on
    if (r.code() != ErrorCode::GpuTaken)
        return { std::nullopt, r.error() };
    qCDebug(lcLease) << "a GPU for request" << waiter.ticket << "was taken by another program; looking again";
    return { std::nullopt, std::nullopt, true };
}

// See "Waiting" in allocator.h.
void Allocator::serve()
{
    if (!m_running)
        return;
    for (int attempt = 0; attempt <= MaxConflictRetries; ++attempt) {
        if (servePass())
            return;
        m_sharedStale = true;
        reload();
    }
    qCDebug(lcLease) << "kept losing races to other programs; serving again at the next tick";
}

// One look at every waiter, oldest first; false when another program
// changed the leases or the queue under it.
bool Allocator::servePass()
{
    refreshSharedQueue();
    const QList<Turn> order = turns();
    bool conflict = false;
    for (const Turn &t : order) {
        if (!m_running)
            break;
        if (t.foreign) {
            // Another program's waiter: it holds GPUs here as ours do.
            Waiter theirs;
            const Waiter *w = waiterAt(t, theirs);
            if (assignableMatching(filterOf(*w)) > 0)
                hold(*w, filterOf(*w));
            continue;
        }
        const int i = m_queue.position(t.ticket);
        if (i < 0)
            continue;
        const Waiter &w = m_queue.at(i);
        const int free = assignableMatching(filterOf(w));
        if (free > 0 && free >= (w.partial ? 1 : w.count)) {
            const Served s = grantWaiter(w);
            if (s.conflict) {
                conflict = true;
                break;
            }
            if (s.leases || s.error) {
                Waiter taken = m_queue.takeAt(i);
                if (s.error) {
                    withdraw(taken);
                    fail(taken, *s.error);
                } else {
                    later([done = std::move(taken.done), doneMany = std::move(taken.doneMany), leases = *s.leases] {
                        if (doneMany)
                            doneMany(leases);
                        else if (done)
                            done(leases.first());
                    });
                }
                continue;
            }
        }
        if (free > 0)
            hold(m_queue.at(i), filterOf(m_queue.at(i)));
    }
    releaseHolds();
    return !conflict;
}

const Waiter *Allocator::waiterAt(const Turn &turn, Waiter &theirs) const
{
    if (!turn.foreign)
        return m_queue.find(turn.ticket); // null once it left
    theirs = waiterOf(*turn.foreign);
    return &theirs;
}

void Allocator::holdForWaiters()
{
    for (const Turn &t : turns()) {
        Waiter theirs;
        const Waiter *w = waiterAt(t, theirs);
        if (w && assignableMatching(filterOf(*w)) > 0)
            hold(*w, filterOf(*w));
    }
}

// The holds serve() takes, worked out without taking them: the waiters left
// in the queue after serve() are exactly those it could not serve, so each
// holds what it could use, oldest first. By endpoint position.
QSet<Allocator::GpuPosition> Allocator::heldGpus() const
{
    QSet<GpuPosition> held;
    const QList<Turn> order = turns();
    if (order.isEmpty() || m_inventory.totalAssignable() == 0)
        return held;
    for (const Turn &t : order) {
        Waiter theirs;
        const Waiter *w = waiterAt(t, theirs);
        if (!w)
            continue;
        for (const GpuPosition &p : holdsOf(*w, filterOf(*w), held))
            held.insert(p);
    }
    return held;
}

QList<int> Allocator::heldByEndpoint() const
{
    QList<int> counts(m_inventory.endpointCount(), 0);
    for (const GpuPosition &p : heldGpus())
        ++counts[p.first];
    return counts;
}

int Allocator::availableGpus() const
{
    return m_inventory.totalAssignable() - int(heldGpus().size());
}

int Allocator::assignableMatching(const balance::GpuFilter *filter) const
{
    if (!filter)
        return m_inventory.totalAssignable();
    int n = 0;
    for (int e = 0; e < m_inventory.endpointCount(); ++e)
        n += m_inventory.assignableCount(e, filter);
    return n;
}

// GPUs the pool knows that pass the filter, in any state.
int Allocator::knownMatching(const balance::GpuFilter *filter) const
{
    if (!filter)
        return m_inventory.totalGpus();
    int n = 0;
    for (int e = 0; e < m_inventory.endpointCount(); ++e) {
        const balance::EndpointView &v = m_inventory.endpoint(e).view;
        if (!filter->admitsEndpoint(v.id))
            continue;
        for (const balance::GpuView &g : v.gpus)
            n += filter->admitsGpu(g) ? 1 : 0;
    }
    return n;
}

// What a waiter that cannot be served yet holds: the first assignable GPUs it
// could use, up to its count, leaving out those in `taken` (held already by
// older waiters); nothing when it could never be served as asked, since
// holding would then block others for nothing.
QList<Allocator::GpuPosition> Allocator::holdsOf(const Waiter &waiter, const balance::GpuFilter *filter,
                                                 const QSet<GpuPosition> &taken) const
{
    QList<GpuPosition> out;
    if (knownMatching(filter) < waiter.count)
        return out;
    for (int e = 0; e < m_inventory.endpointCount() && out.size() < waiter.count; ++e)
        for (int g = 0; g < m_inventory.endpoint(e).view.gpus.size() && out.size() < waiter.count; ++g)
            if (m_inventory.isAssignable(e, g, filter) && !taken.contains({ e, g }))
                out.append({ e, g });
    return out;
}

// Inside serve(): the holds become lease marks, so younger waiters see
// those GPUs as taken (and releaseHolds() undoes them).
void Allocator::hold(const Waiter &waiter, const balance::GpuFilter *filter)
{
    for (const auto &[e, g] : holdsOf(waiter, filter, {})) {
        const balance::Inventory::Endpoint &ep = m_inventory.endpoint(e);
        const balance::GpuRef ref { ep.view.id, ep.view.gpus.at(g).localId };
        m_inventory.setLeased(ref.endpointId, ref.localId, true);
        m_held.append(ref);
    }
}

// A re-read replaces every lease mark, the holds' too.
void Allocator::reapplyHolds()
{
    for (qsizetype i = m_held.size() - 1; i >= 0; --i) {
        const balance::GpuRef &ref = m_held.at(i);
        if (m_table.findByGpu(config::formatGlobalGpuId(ref.endpointId, ref.localId)))
            m_held.remove(i); // someone else's lease now: not ours to undo
        else
            m_inventory.setLeased(ref.endpointId, ref.localId, true);
    }
}

void Allocator::releaseHolds()
{
    for (const balance::GpuRef &ref : std::as_const(m_held))
        if (!m_table.findByGpu(config::formatGlobalGpuId(ref.endpointId, ref.localId)))
            m_inventory.setLeased(ref.endpointId, ref.localId, false);
    m_held.clear();
}

} // namespace gpupool::lease
