#pragma once

#include "pool/pooloptions.h"
#include "pool/poolstatus.h"

#include "lease/allocator.h"

#include <QMutex>
#include <QObject>
#include <QSemaphore>
#include <QThread>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>

namespace gpupool::lease {
class RedisLeaseStore;
}

// Where the lease store and the Allocator run, and how the Pool talks to
// them (docs/architecture.md "Threads"). A store call can wait: SQLite up to
// its busy timeout when another program holds the file, Redis up to its reply
// timeout when the server is slow or gone. So the console runs the two on a
// thread of their own ("lease-store"), and its window never waits for them;
// gpupoolctl and programs, which have nothing else to do meanwhile, run them
// on their own thread (inline), exactly as before.
//
// The rules are the same either way:
//  - Whatever touches the allocator or the store is a job run on the store's
//    thread (in order). post() does not wait; call() waits for its answer.
//  - What the Pool reads between jobs (figures(), available(), ...) is what
//    the store's thread published after its last jobs, never the allocator
//    itself, so nothing is shared across threads but those copies.
//  - The allocator's news (grants, ends, completions) reach the listener on
//    the Pool's thread, in order, after the figures of the job that made
//    them: a handler that reads figures() sees its own news in them (and
//    whatever else that job changed).
namespace gpupool::pool {

class AllocatorWorker;
struct AllocatorPublished;

// What the Pool reads of the allocator and its store between jobs.
struct AllocatorFigures
{
    balance::Inventory inventory;
    QSet<lease::Allocator::GpuPosition> held;
    QList<int> heldByEndpoint;
    lease::LeaseTable leases;
    // A shared store that cannot be reached: the leases it last knew.
    std::optional<QList<lease::Lease>> knownLeases;
    QList<lease::WaiterInfo> waiting;
    balance::BalancerMetrics metrics;
};

// A shared store's connection as last seen (a file store is always Ready).
struct StoreStatus
{
    StoreState state = StoreState::Ready;
    QString message;
    QStringList warnings;
    bool verified = true;
};

// The Pool's side: called on its thread, from its event loop or from the
// end of a call() it made.
class AllocatorListener
{
public:
    virtual ~AllocatorListener() = default;
    virtual void leaseGranted(const lease::Lease &lease) = 0;
    virtual void leaseRenewed(const lease::Lease &lease) = 0;
    virtual void leaseEnded(const lease::LeaseEnd &end) = 0;
    virtual void requestQueued(RequestId id, int position) = 0;
    virtual void requestDone(RequestId id, const lease::Result<lease::Lease> &result) = 0;
    virtual void reservationDone(RequestId id, const lease::Result<QList<lease::Lease>> &result) = 0;
    virtual void queueMoved() = 0;
    virtual void leasesReloaded() = 0;
    // Another program changed the store; `strategy` is the pool's strategy in it.
    virtual void storeChangedElsewhere(const lease::Result<QString> &strategy) = 0;
    // A shared store's connection went up or down.
    virtual void storeStatusChanged() = 0;
    virtual void storeWarning(const QString &message) = 0;
    // New figures arrived (availability, the next tick).
    virtual void figuresChanged() = 0;
};

class AllocatorHost final
{
public:
    // What a job works on, on the store's thread.
    struct Work
    {
        lease::Allocator &allocator;
        lease::LeaseStore &store;
    };
    using StoreMaker = std::function<lease::Result<std::unique_ptr<lease::LeaseStore>>()>;

    struct Setup
    {
        bool ownThread = false;
        const gpupool::MonotonicClock *clock = nullptr;
        const gpupool::WallClock *wallClock = nullptr; // null: the Redis server's, or the system's
        QString identity;
        std::function<QString()> leaseIdGenerator;
    };

    AllocatorHost(AllocatorListener &listener, Setup setup);
    ~AllocatorHost();
    AllocatorHost(const AllocatorHost &) = delete;
    AllocatorHost &operator=(const AllocatorHost &) = delete;

    // Makes the store (with `make`, on the store's thread) and an allocator
    // on it; waits. A Redis store's news reach the listener from then on.
    lease::Status open(const StoreMaker &make);
    bool isOpen() const { return m_open; }
    // Takes the allocator and the store apart; waits.
    void close();
    // The Pool runs (live or one-shot): a shared store's news make a tick.
    void setPoolOpen(bool open);

    // Runs `job` on the store's thread and waits for it; the news it caused
    // have reached the listener when this returns. Only while open.
    // `closed` is the answer when no store is open.
    template<typename R>
    R call(const std::function<R(Work &)> &job, R closed)
    {
        std::optional<R> result;
        runAndWait([&](Work &w) { result.emplace(job(w)); });
        return result ? std::move(*result) : std::move(closed);
    }
    void callVoid(const std::function<void(Work &)> &job) { runAndWait(job); }
    // Runs `job` on the store's thread; `done` gets its result on the Pool's
    // thread (in call order, after the figures the job changed). Only while open.
    template<typename R>
    void post(std::function<R(Work &)> job, std::function<void(const R &)> done, R closed)
    {
        auto result = std::make_shared<std::optional<R>>();
        if (!m_open) {
            if (done)
                send([done = std::move(done), closed = std::move(closed)] { done(closed); });
            return;
        }
        enqueue([job = std::move(job), result](Work &w) { result->emplace(job(w)); },
                [done = std::move(done), result, closed = std::move(closed)] {
                    if (done)
                        done(*result ? **result : closed);
                });
    }
    void post(std::function<void(Work &)> job) { enqueue(std::move(job), {}); }

    // A waiting request, named by the Pool's id: its outcome reaches
    // requestDone()/reservationDone(), its place requestQueued().
    void request(RequestId id, const lease::RequestOptions &options);
    void reserveWhenFree(RequestId id, const lease::ReserveOptions &options, qint64 timeoutMs);
    // Withdraws a waiting request (it fails with Cancelled); false when it
    // was no longer waiting. Waits.
    bool cancel(RequestId id);

    // As last published (inline: as it is now).
    bool isRunning() const;
    int available() const;
    int queueLength() const;
    // -1: nothing due by time alone.
    qint64 msUntilNextTick() const;
    const AllocatorFigures &figures() const;
    StoreStatus storeStatus() const;
    bool isStoreAvailable() const { return storeStatus().state == StoreState::Ready; }

    // Runs the news the store's thread sent, in order (from the event loop;
    // call() does it too).
    void deliver();

private:
    friend class AllocatorWorker;

    void runAndWait(const std::function<void(Work &)> &job);
    // Runs `step` on the store's thread and waits (inline: runs it).
    void onStoreThread(const std::function<void()> &step);
    void enqueue(std::function<void(Work &)> job, std::function<void()> done);
    // News for the Pool's thread, delivered in order (from any thread).
    void send(std::function<void()> news);
    const AllocatorPublished &published() const;

    AllocatorListener &m_listener;
    Setup m_setup;
    std::unique_ptr<AllocatorWorker> m_worker;
    QThread m_thread;
    QObject m_context; // on the Pool's thread: where news are delivered
    bool m_open = false;
    mutable bool m_inlineStale = true;

    mutable QMutex m_mutex; // guards m_news
    std::deque<std::function<void()>> m_news;
    std::atomic<bool> m_deliverScheduled = false;
    std::unique_ptr<AllocatorPublished> m_published; // own thread: replaced by news
};

} // namespace gpupool::pool
