#pragma once

#include "pool/allocatorhost.h"
#include "pool/pool.h"

#include "endpoint/monitor.h"
#include "history/historystore.h"

#include <QHash>
#include <QSet>
#include <QTimer>
#include <deque>
#include <memory>

// The Pool's insides, shared by pool.cpp (life, leases, strategy),
// poolengine.cpp (what the polls say, timers, one-shot refresh, retries) and
// poolstatus.cpp (the reports). Not part of the API.
namespace gpupool::pool {

// The part of a balancer view that decides whether e's GPUs may be chosen at
// all (EndpointView::isUsable): the one rule the balancer, the reports
// (EndpointInfo::usable) and the console all read. In poolengine.cpp.
void readUsability(const endpoint::Endpoint &e, balance::EndpointView &v);

class Pool::Private final : public AllocatorListener
{
public:
    Private(Pool *q, PoolOptions options);
    ~Private() override;

    // --- pool.cpp
    Status openStore(bool live);
    void closeAllocator();
    Error notRunning() const;
    // The answer of a store call that found the store closed (a race with stop()).
    lease::LeaseError closedStore() const { return { lease::ErrorCode::NotRunning, notRunning().message }; }
    // An asynchronous call's answer without asking the store: from the event
    // loop, as every answer is.
    template<typename Callback, typename Answer>
    void answerLater(Callback done, Answer answer)
    {
        if (done)
            QMetaObject::invokeMethod(
                q, [done = std::move(done), answer = std::move(answer)] { done(answer); }, Qt::QueuedConnection);
    }
    // Writes the pool's strategy into the store and hands it to the allocator.
    static std::function<lease::Status(AllocatorHost::Work &)> writeStrategy(const QString &name);
    Status strategyWritten(const QString &name, const lease::Status &written);
    // Delivers a request's outcome from the event loop (at once while the
    // pool is being destroyed).
    void deliver(RequestId id, LeaseCallback done, const Result<lease::Lease> &result);
    void deliverMany(RequestId id, LeasesCallback done, const Result<QList<lease::Lease>> &result);
    lease::ReserveOptions reserveOptions(const ReserveRequest &request) const;
    // DefaultTimeout -> the configured one; any negative -> -1 (wait forever).
    qint64 timeoutFor(qint64 requestedMs) const;
    bool canGrant(Error *why) const;
    void reportStoreError(const Error &error);
    // What releaseGpu() and its asynchronous twin do with the store's answer.
    Result<lease::LeaseEnd> afterRelease(const lease::Result<lease::LeaseEnd> &result, const ReleaseOptions &options);
    // The same for a call that changes the store: errors of the store are news.
    template<typename T>
    Result<T> afterStoreCall(const lease::Result<T> &result)
    {
        Result<T> r = fromLease(result);
        afterChange();
        if (!r)
            reportStoreError(r.error());
        return r;
    }
    template<typename T>
    using StoreJob = std::function<lease::Result<T>(AllocatorHost::Work &)>;
    // A call that changes the store, waiting for its answer ...
    template<typename T>
    Result<T> callStore(const StoreJob<T> &job)
    {
        return afterStoreCall(host->call<lease::Result<T>>(job, closedStore()));
    }
    // ... or not: `done` gets it from the event loop.
    template<typename T>
    void postStore(StoreJob<T> job, std::function<void(const Result<T> &)> done)
    {
        host->post<lease::Result<T>>(
            std::move(job),
            [this, done = std::move(done)](const lease::Result<T> &r) {
                const Result<T> answer = afterStoreCall(r);
                if (done)
                    done(answer);
            },
            closedStore());
    }

    // --- poolengine.cpp
    endpoint::EndpointOptions engineOptions() const;
    balance::EndpointView viewOf(const endpoint::Endpoint *e) const;
    void pushView(const endpoint::Endpoint *e);
    void pushAllViews();
    // Freshness changes with time alone: re-push views whose flag moved.
    void syncFreshness();
    void armStaleTimer();
    void scheduleTick();
    // Expiries, other programs' changes, serving the queue: on the store's thread.
    void tick();
    void handleTick();
    void afterChange(); // tick timer, availability signal
    void handlePolled(const QString &id, const endpoint::PollOutcome &outcome);
    void handleSnapshotChanged(const QString &id);
    void handleHealthChanged(const QString &id, endpoint::Health health, const QString &reason);
    void handleTransition(const QString &id, const endpoint::Transition &t);
    void handleStoreState();
    void startRefresh(RefreshCallback done);
    void settleRefresh(const QString &id, const QString &failure, bool reachable);
    void finishRefresh();
    bool anyEndpointUp() const;
    void runRetriesIfUp();
    void expireRetries();
    void failAllRetries(const Error &error);

    // --- AllocatorListener (poolengine.cpp)
    void leaseGranted(const lease::Lease &lease) override;
    void leaseRenewed(const lease::Lease &lease) override;
    void leaseEnded(const lease::LeaseEnd &end) override;
    void requestQueued(RequestId id, int position) override;
    void requestDone(RequestId id, const lease::Result<lease::Lease> &result) override;
    void reservationDone(RequestId id, const lease::Result<QList<lease::Lease>> &result) override;
    void queueMoved() override;
    void leasesReloaded() override;
    void storeChangedElsewhere(const lease::Result<QString> &strategy) override;
    void storeStatusChanged() override;
    void storeWarning(const QString &message) override;
    void figuresChanged() override;

    // The pool's strategy lives in the store (every program on it shares
    // it); a pinned one (option, variable) wins for this program only.
    void adoptPoolStrategy(const lease::Result<QString> &stored);

    struct PendingRequest
    {
        LeaseCallback done;
        LeasesCallback doneMany; // requestGpus()
    };
    struct Retry
    {
        quint64 id = 0;
        RetryFunction fn;
        RetryCallback done;
        qint64 enqueuedMs = 0;
        qint64 deadlineMs = -1;
    };
    struct Refresh
    {
        bool active = false;
        QSet<QString> waitingPoll;
        QSet<QString> waitingDetails;
        QStringList failures;
        QSet<QString> reachable;
        RefreshCallback done;
    };

    Pool *q;
    PoolOptions options;
    const gpupool::MonotonicClock &clock;
    gpupool::RandomSource &random;
    QString owner;
    QString strategy;
    balance::Thresholds thresholds;

    history::HistoryStore history;
    endpoint::Monitor monitor;

    // The store and the allocator, open once openStore() succeeded; on a
    // thread of their own with PoolOptions::storeThread.
    std::unique_ptr<AllocatorHost> host;
    StoreInfo storeInfo;
    balance::BalancerMetrics noMetrics;

    bool live = false; // start() called
    bool open = false; // the allocator runs (live or one-shot)
    bool destroying = false;
    bool pollingPaused = false; // setPollingPaused(): the monitor stays stopped

    QHash<QString, balance::EndpointView> pushed; // last view given to the allocator
    QHash<RequestId, PendingRequest> pending;
    RequestId nextRequestId = 1;
    int lastAvailable = -1;

    std::deque<Retry> retries;
    quint64 nextRetryId = 1;
    bool retryRunScheduled = false;

    Refresh refresh;
    QTimer tickTimer;
    QTimer staleTimer;
    QTimer retryTimer;
    QTimer refreshDeadline;
    // Live with SQLite: how soon another program's change (a lease, the
    // strategy) is seen when no poll or expiry comes first. Redis tells.
    QTimer storeWatchTimer;
    bool strategyPinned = false;
    bool strategyFromStore = false;
    QString strategyNoticeFor; // the store's strategy last warned about
};

} // namespace gpupool::pool
