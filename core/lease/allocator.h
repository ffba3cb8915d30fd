#pragma once

#include "balance/balancer.h"
#include "balance/inventory.h"
#include "lease/leasestore.h"
#include "lease/leasetable.h"
#include "lease/waitqueue.h"
#include "util/clock.h"

#include <QSet>

#include <deque>
#include <functional>

// Everything between "a program wants a GPU" and a lease in the store
// (docs/behaviour.md "Availability", "Strategies", "Leases"), as pure logic: time
// comes from the injected clocks, nothing here starts a timer, and every
// change is made in the store first (which settles races with other
// programs) and then mirrored in the inventory and the lease table.
//
// The Pool drives it: it feeds endpoint views after each poll, calls tick()
// when msUntilNextTick() says (and on each poll, so that changes made by other
// programs show up), and turns the observer's calls into signals.
//
// Waiting (docs/behaviour.md: FIFO, oldest first). A waiter may want more than one
// GPU, or only some GPUs (filters), so "the oldest first" cannot simply mean
// "nobody passes the oldest": a request for 4 GPUs on endpoint a would stop a
// request for one GPU anywhere, and a waiter that can never be served would
// stop everyone. Nor may it mean "whoever fits now": small requests would
// take every GPU that frees and a large one would starve. So, whenever
// anything changes (serve()), waiters are looked at oldest first, and
//  - a waiter whose GPUs are free now gets them;
//  - a waiter that cannot be served yet *holds* the free GPUs it could use,
//    up to its count: younger waiters cannot take those, so GPUs gather for
//    it as they free up and it is served once it has enough - it cannot
//    starve (leases end: they expire unless renewed);
//  - younger waiters are served from what nobody older holds, so a request
//    that an older one does not compete with (another endpoint, another size)
//    passes it at once. A younger request is held back only by older ones
//    that want the same GPUs - the FIFO rule among those who compete.
//  - a waiter that asks for more matching GPUs than the pool knows at all
//    holds nothing (it could hold them for ever); it is served if the pool
//    grows, times out, or is cancelled.
// So a large request blocks smaller ones at most until it is served, its
// timeout, or its cancellation; never for a GPU it cannot use. Holds are
// tentative marks, taken and undone inside serve(): they never reach the
// store. availableGpus() leaves held GPUs out: it is what a new request for
// any GPU could get now, which is what an operator reads it as.
//
// One queue for every program on the store (queueentry.h): a request that
// has to wait is written to the store's queue, and "oldest first" is the
// store's order, whichever program a waiter belongs to. Other programs'
// waiters are never served here (their programs hold the callbacks), but
// they hold GPUs here exactly as this program's own do, and every grant is
// made on the queue as read (QueueCheck): one that changed meanwhile makes
// the grant look again. A program beats its waiters' heartbeats every
// HeartbeatIntervalMs; one that stops (killed, its machine gone) has its
// entries dropped after StaleAfterMs, and what they held is free again.
//
// Callbacks (completions and observer) never run in the middle of a change:
// they are queued and run when the outermost call returns, so they may call
// back into the allocator freely. Not thread-safe: it lives in the Pool's
// thread, like the store's database connection.
namespace gpupool::lease {

struct RequestOptions
{
    QString owner;
    QString note;
    LeaseKind kind = LeaseKind::Programmatic;
    qint64 timeoutMs = -1; // -1: wait until served, cancelled or stopped; 0: only a GPU free now
    qint64 durationMs = 0; // 0: the kind's default
};

struct ReserveOptions
{
    int count = 1;
    balance::GpuFilter filter;
    bool partial = false; // accept fewer than count (but at least one)
    // Every GPU on one endpoint (a process sees only its own host's GPUs):
    // the balancer's first choice if it has enough, else the one with the most.
    bool oneEndpoint = false;
    QString owner;
    QString note;
    LeaseKind kind = LeaseKind::Interactive;
    qint64 durationMs = 0;
};

class AllocatorObserver
{
public:
    virtual ~AllocatorObserver() = default;
    virtual void leaseGranted(const Lease &) {}
    virtual void leaseRenewed(const Lease &) {}
    virtual void leaseEnded(const LeaseEnd &) {}
    virtual void requestQueued(quint64 /*ticket*/, int /*position*/) {}
    // Timed out, cancelled, stopped, or the store failed.
    virtual void requestFailed(quint64 /*ticket*/, const LeaseError &) {}
    // Another program changed the store's leases; the lease table was re-read.
    virtual void leasesReloaded() {}
    // Another program changed the store, leases or not (a pool setting).
    virtual void storeChangedElsewhere() {}
};

class Allocator
{
public:
    // Lost races with other programs tried again at once before waiting for
    // the next tick.
    static constexpr int MaxConflictRetries = 8;
    // The shared queue's heartbeat, and when a silent entry counts as dead.
    static constexpr qint64 HeartbeatIntervalMs = 1000;
    static constexpr qint64 StaleAfterMs = 6000;
    // How long a read of the store's queue that holds other programs'
    // waiters is trusted: their heartbeats (and deaths) show up this late.
    static constexpr qint64 SharedQueueMaxAgeMs = 1000;

    Allocator(LeaseStore &store, const gpupool::MonotonicClock &clock, const WallClock &wallClock);
    Allocator(const Allocator &) = delete;
    Allocator &operator=(const Allocator &) = delete;

    void setObserver(AllocatorObserver *observer) { m_observer = observer; }
    // Lease ids; QUuid by default. Tests make them predictable.
    void setIdGenerator(std::function<QString()> generator);
    // Recorded as who noticed an expiry; "gpupool" by default.
    void setIdentity(const QString &identity) { m_identity = identity; }

    // Reads the leases already in the store (from before a restart, or held
    // by other programs).
    Status start();
    // Fails every waiting request with a Cancelled error that says so.
    void stop();
    bool isRunning() const { return m_running; }

    // Endpoints as the Pool sees them; each may make a waiter's GPU free.
    void setEndpoints(const QList<balance::EndpointView> &views);
    void updateEndpoint(const balance::EndpointView &view);
    bool removeEndpoint(const QString &endpointId);
    void setThresholds(const balance::Thresholds &thresholds);
    bool setStrategy(const QString &name, QString *error = nullptr);

    // Grants a GPU now if one is assignable and no earlier waiter holds it
    // (see "Waiting" below); else the request waits its turn. `done` runs
    // exactly once: with the lease, or with why not (timed out, cancelled,
    // stopped, store failure) - possibly before request() returns. Returns
    // the ticket (for cancel()).
    quint64 request(const RequestOptions &options, Completion done);
    // reserve() that waits: options.count GPUs passing options.filter, all
    // granted together (with options.partial: as many as there are, once at
    // least one is). timeoutMs as RequestOptions::timeoutMs. Same rules for
    // `done` as request().
    quint64 reserveWhenFree(const ReserveOptions &options, qint64 timeoutMs, ManyCompletion done);
    bool cancel(quint64 ticket);
    // Takes an entry off the store's queue: this program's own (as cancel())
    // or, from another program, one of `by`'s; NotOwner for anyone else's.
    // False when no such entry waits.
    Result<bool> cancelQueued(quint64 id, const QString &by);
    // The store's queue read now (and trusted for the next decision).
    Result<QueueSnapshot> readStoreQueue();

    Result<LeaseEnd> release(const QString &leaseId, const QString &by);
    // The operator's override: ends anyone's lease.
    Result<LeaseEnd> revoke(const QString &leaseId, const QString &by);
    // Moves the expiry to now + durationMs (0: the lease kind's default).
    Result<Lease> renew(const QString &leaseId, const QString &by, qint64 durationMs = 0);
    // N GPUs at once, all or nothing unless options.partial.
    Result<QList<Lease>> reserve(const ReserveOptions &options);

    // Expiries, other programs' changes, serving the queue, timeouts.
    void tick();
    // When tick() has something to do by time alone; -1 when nothing is due.
    qint64 msUntilNextTick() const;

    const balance::Inventory &inventory() const { return m_inventory; }
    const balance::Balancer &balancer() const { return m_balancer; }
    // Reads the pool's balancer state from the store (poolsettings::Balancer),
    // so that balancer() counts every program's grants; also done before
    // each decision. Returns what the store holds (empty: nothing yet).
    Result<QString> readSharedBalancer();
    const LeaseTable &leases() const { return m_table; }
    // Assignable now and not held for an older waiter: what a new request
    // for any GPU could get.
    int availableGpus() const;
    // GPUs held for waiters (endpoint, GPU, in the inventory's order): the
    // one answer to "assignable, but kept for an earlier request", which
    // availableGpus(), heldByEndpoint() and the Pool's views all read.
    using GpuPosition = std::pair<int, int>;
    QSet<GpuPosition> heldGpus() const;
    // The same, counted by the inventory's endpoint position.
    QList<int> heldByEndpoint() const;
    // Every waiter on the store, this program's and others' (as last read),
    // oldest first.
    int queueLength() const { return int(turns().size()); }
    QList<WaiterInfo> waiting() const;
    Result<QList<LeaseEnd>> history(int limit) { return m_store.history(limit); }

private:
    class Entry;
    struct Served;
    // One waiter in serve()'s order: this program's (by ticket) or another's.
    struct Turn
    {
        quint64 ticket = 0;
        std::optional<QueueEntry> foreign;
    };

    quint64 enqueue(Waiter waiter, qint64 timeoutMs);
    Served grantWaiter(const Waiter &waiter);
    Result<QList<Lease>> grantSelection(const ReserveOptions &options, int &available,
                                        const QueueCheck *queue = nullptr);
    // The GPUs the balancer would grant, one after another (none marked).
    QList<balance::Selection> chooseGpus(const ReserveOptions &options);
    // `preferred` if it has `count` GPUs passing `filter`, else the endpoint with the most.
    QString endpointWithRoom(const QString &preferred, int count, const balance::GpuFilter &filter) const;
    void serve();
    bool servePass();
    QList<Turn> turns() const;
    // The waiter of a turn: this program's, or another's filled into
    // `theirs` (what holds need); null when this program's has left.
    const Waiter *waiterAt(const Turn &turn, Waiter &theirs) const;
    // Reads the store's queue when the last read is not to be trusted.
    void refreshSharedQueue();
    // Every waiter, oldest first, holds what it could use (for reserve()).
    void holdForWaiters();
    // Takes a waiter that leaves (served elsewhere, failed) off the store.
    void withdraw(const Waiter &waiter);
    void beatIfDue();
    int assignableMatching(const balance::GpuFilter *filter) const;
    int knownMatching(const balance::GpuFilter *filter) const;
    QList<GpuPosition> holdsOf(const Waiter &waiter, const balance::GpuFilter *filter,
                               const QSet<GpuPosition> &taken) const;
    void hold(const Waiter &waiter, const balance::GpuFilter *filter);
    void reapplyHolds();
    void releaseHolds();
    void adopt(const Lease &lease);
    void forget(const Lease &lease);
    void ended(const LeaseEnd &end);
    bool reload();
    Result<LeaseEnd> finishLease(const QString &leaseId, const QString &by, EndReason reason);
    void fail(Waiter &waiter, const LeaseError &error);
    void later(std::function<void()> call);
    void flush();
    template<typename F>
    void notify(F call);

    LeaseStore &m_store;
    const gpupool::MonotonicClock &m_clock;
    const WallClock &m_wallClock;
    AllocatorObserver *m_observer = nullptr;
    std::function<QString()> m_newId;
    QString m_identity;

    balance::Inventory m_inventory;
    balance::Balancer m_balancer;
    // The store's balancer state that m_balancer holds (poolsettings::Balancer);
    // nullopt: read it again before the next decision.
    std::optional<QString> m_importedBalancerState;
    LeaseTable m_table;
    WaitQueue m_queue;
    // The store's queue as last read (nullopt: the store keeps none, or it
    // could not be read); stale: read it again before the next decision.
    std::optional<QueueSnapshot> m_shared;
    bool m_sharedStale = true;
    qint64 m_sharedReadMs = 0;
    qint64 m_lastBeatMs = 0;
    bool m_queueUnreadable = false;
    QList<balance::GpuRef> m_held; // inside serve() only: GPUs older waiters hold
    bool m_running = false;

    int m_depth = 0;
    std::deque<std::function<void()>> m_pending;
};

} // namespace gpupool::lease
