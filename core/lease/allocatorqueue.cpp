#include "lease/allocator.h"

#include "config/gpuid.h"
#include "util/logging.h"

#include <QSet>

// The Allocator serving its wait queue: who gets GPUs when, and what the
// waiters that cannot be served yet hold back (allocator.h, "Waiting").
namespace gpupool::lease {

struct Allocator::Served
{
    std::optional<QList<Lease>> leases;
    std::optional<LeaseError> error; // neither: not now, it keeps waiting
};

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
    for (int attempt = 0; attempt <= MaxConflictRetries; ++attempt) {
        Result<QList<Lease>> r = grantSelection(o, available);
        if (r)
            return { *r, std::nullopt };
        if (r.code() == ErrorCode::NotEnoughGpus)
            return {}; // a re-read showed fewer free than thought: wait on
        if (r.code() != ErrorCode::GpuTaken)
            return { std::nullopt, r.error() };
        qCDebug(lcLease) << "a GPU for request" << waiter.ticket << "was taken by another program; looking again";
        reload();
    }
    return {}; // kept losing races: try again at the next tick
}

// See "Waiting" in allocator.h.
void Allocator::serve()
{
    if (!m_running || m_queue.isEmpty())
        return;
    for (int i = 0; m_running && i < m_queue.size();) {
        const Waiter &w = m_queue.at(i);
        const balance::GpuFilter *filter = w.filter.isEmpty() ? nullptr : &w.filter;
        const int free = assignableMatching(filter);
        if (free > 0 && free >= (w.partial ? 1 : w.count)) {
            const Served s = grantWaiter(w);
            if (s.leases || s.error) {
                Waiter taken = m_queue.takeAt(i);
                if (s.error) {
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
            hold(m_queue.at(i), filter);
        ++i;
    }
    releaseHolds();
}

// The holds serve() takes, worked out without taking them: the waiters left
// in the queue after serve() are exactly those it could not serve, so each
// holds what it could use, oldest first. By endpoint position.
QList<int> Allocator::heldByEndpoint() const
{
    QList<int> counts(m_inventory.endpointCount(), 0);
    if (m_queue.isEmpty() || m_inventory.totalAssignable() == 0)
        return counts;
    QSet<GpuPosition> held;
    for (int i = 0; i < m_queue.size(); ++i) {
        const Waiter &w = m_queue.at(i);
        for (const GpuPosition &p : holdsOf(w, w.filter.isEmpty() ? nullptr : &w.filter, held)) {
            held.insert(p);
            ++counts[p.first];
        }
    }
    return counts;
}

int Allocator::availableGpus() const
{
    int held = 0;
    for (int n : heldByEndpoint())
        held += n;
    return m_inventory.totalAssignable() - held;
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
