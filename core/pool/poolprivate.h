#pragma once

#include "pool/allocatorhost.h"
#include "pool/enginefeed.h"
#include "pool/pool.h"
#include "pool/refreshround.h"
#include "pool/requestbook.h"
#include "pool/retryqueue.h"

#include "endpoint/monitor.h"
#include "history/historystore.h"

#include <QTimer>
#include <memory>

// The Pool's insides: the parts it is made of and the wiring between them.
// The parts are classes of their own: AllocatorHost (the store and the
// allocator, on their thread or inline), EngineFeed (what the polls say,
// to the allocator), RequestBook (requests waiting for an answer),
// RefreshRound (gpupoolctl's one round of polls), RetryQueue (work waiting
// for an endpoint). Private is defined in poolprivate.cpp (the store, the
// strategy) and poolengine.cpp (the engine's and the allocator's news).
// Not part of the API.
namespace gpupool::pool {

// What every report calls a healthy endpoint: polls answer, and recently.
// In poolstatus.cpp.
bool countsAsHealthy(const endpoint::Endpoint &e);

class Pool::Private final : public AllocatorListener
{
public:
    Private(Pool *q, PoolOptions options);
    ~Private() override;

    // --- poolprivate.cpp
    Status openStore(bool live);
    // Reads the leases already in the opened store (allocator start). A shared
    // store that is only unreachable now is no failure: the pool says so and
    // starts granting when the store comes back.
    Status startAllocator();
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
    // The pool's strategy lives in the store (every program on it shares
    // it); a pinned one (option, variable) wins for this program only.
    void adoptPoolStrategy(const lease::Result<QString> &stored);
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
    // Freshness changes with time alone: re-push views whose flag moved.
    void syncFreshness();
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
    // Before a one-shot refresh answers: what the polls said, to the allocator.
    void settleRefresh();
    bool anyEndpointUp() const; // countsAsHealthy(), for any endpoint

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
    EngineFeed feed;
    RequestBook requests;
    RefreshRound refresh;
    RetryQueue retries;
    StoreInfo storeInfo;
    balance::BalancerMetrics noMetrics;

    bool live = false; // start() called
    bool open = false; // the allocator runs (live or one-shot)
    bool pollingPaused = false; // setPollingPaused(): the monitor stays stopped
    int lastAvailable = -1;

    QTimer tickTimer;
    // Live with SQLite: how soon another program's change (a lease, the
    // strategy) is seen when no poll or expiry comes first. Redis tells.
    QTimer storeWatchTimer;
    bool strategyPinned = false;
    bool strategyFromStore = false;
    QString strategyNoticeFor; // the store's strategy last warned about
};

} // namespace gpupool::pool
