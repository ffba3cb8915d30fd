#pragma once

#include "balance/endpointview.h"
#include "lease/lease.h"
#include "lease/leaseerror.h"
#include "lease/queueentry.h"

#include <QList>
#include <QString>
#include <deque>
#include <functional>
#include <optional>

// The requests waiting for GPUs (docs/behaviour.md "Leases"), oldest first; each
// may have a deadline on the monotonic clock (a wait happens inside one
// process, so unlike a lease it never needs absolute time). Who is served
// when is the Allocator's business (allocator.h); the queue keeps the order.
namespace gpupool::lease {

using Completion = std::function<void(const Result<Lease> &)>;
using ManyCompletion = std::function<void(const Result<QList<Lease>> &)>;

struct Waiter
{
    quint64 ticket = 0;
    QString owner;
    QString note;
    LeaseKind kind = LeaseKind::Programmatic;
    qint64 durationMs = 0;
    qint64 enqueuedAtMs = 0;
    qint64 deadlineMs = -1; // -1: waits until served, cancelled or stopped
    // What it waits for: `count` GPUs that pass `filter`, granted together;
    // with `partial`, as many as there are (up to count) once one is.
    int count = 1;
    balance::GpuFilter filter;
    bool partial = false;
    bool oneEndpoint = false; // ReserveOptions::oneEndpoint
    // Its entry in the store's queue (queueentry.h); 0 while it has none.
    quint64 storeId = 0;
    Completion done; // one GPU (Allocator::request)
    ManyCompletion doneMany; // a waiting reservation (Allocator::reserveWhenFree)
};

// What a status view shows of a waiter.
struct WaiterInfo
{
    quint64 ticket = 0; // 0: another program's
    quint64 id = 0; // in the store's queue; 0: not in it
    QString owner;
    QString note;
    qint64 waitedMs = 0;
    qint64 remainingMs = -1; // -1: no deadline
    int count = 1;
    QString wants; // queuerules::describeWants()
};

class WaitQueue
{
public:
    // Assigns the ticket (from 1, never reused).
    quint64 push(Waiter waiter);

    bool isEmpty() const { return m_waiters.empty(); }
    int size() const { return int(m_waiters.size()); }
    const Waiter &front() const { return m_waiters.front(); }
    Waiter takeFront();
    // By position (0: the oldest).
    const Waiter &at(int index) const { return m_waiters[size_t(index)]; }
    Waiter takeAt(int index);
    std::optional<Waiter> take(quint64 ticket);
    Waiter *find(quint64 ticket);
    const Waiter *find(quint64 ticket) const;
    const Waiter *findByStoreId(quint64 storeId) const;
    // 0 for the front; -1 when not waiting.
    int position(quint64 ticket) const;

    // Waiters whose deadline is <= nowMs, oldest first.
    QList<Waiter> takeTimedOut(qint64 nowMs);
    QList<Waiter> takeAll();
    // The earliest deadline; -1 when none.
    qint64 nextDeadlineMs() const;

    QList<WaiterInfo> snapshot(qint64 nowMs) const;
    static WaiterInfo infoOf(const Waiter &waiter, qint64 nowMs);

private:
    std::deque<Waiter> m_waiters;
    quint64 m_nextTicket = 1;
};

// The store's record of a waiter: whose, what it waits for (ids, times and
// heartbeat are the store's to fill in).
QueueEntry entryOf(const Waiter &waiter);

// "No GPU became available for <owner>: the request waited 30.0 s and timed
// out." (for more than one GPU: "Not enough GPUs ...", with the count)
LeaseError timedOutError(const Waiter &waiter, qint64 nowMs);
// The pool stopped (or the request was withdrawn) while it waited.
LeaseError stoppedError(const Waiter &waiter, qint64 nowMs);
LeaseError cancelledError(const Waiter &waiter, qint64 nowMs);
// Its entry left the store's queue without this program: cancelled from
// another program, or its heartbeat was missed for too long.
LeaseError removedError(const Waiter &waiter, qint64 nowMs);

} // namespace gpupool::lease
