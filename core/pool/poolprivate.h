#pragma once

#include "pool/pool.h"

#include "endpoint/monitor.h"
#include "history/historystore.h"
#include "lease/allocator.h"

#include <QHash>
#include <QSet>
#include <QTimer>
#include <deque>
#include <memory>

namespace gpupool::lease {
class RedisLeaseStore;
}

// The Pool's insides, shared by pool.cpp (life, leases, strategy),
// poolengine.cpp (what the polls say, timers, one-shot refresh, retries) and
// poolstatus.cpp (the reports). Not part of the API.
namespace gpupool::pool {

// The part of a balancer view that decides whether e's GPUs may be chosen at
// all (EndpointView::isUsable): the one rule the balancer, the reports
// (EndpointInfo::usable) and the console all read. In poolengine.cpp.
void readUsability(const endpoint::Endpoint &e, balance::EndpointView &v);

class Pool::Private final : public lease::AllocatorObserver
{
public:
    Private(Pool *q, PoolOptions options);
    ~Private() override;

    // --- pool.cpp
    Status openStore(bool live);
    void closeAllocator();
    Error notRunning() const;
    // Delivers a request's outcome from the event loop (at once while the
    // pool is being destroyed).
    void deliver(RequestId id, LeaseCallback done, const Result<lease::Lease> &result);
    void deliverMany(RequestId id, LeasesCallback done, const Result<QList<lease::Lease>> &result);
    lease::ReserveOptions reserveOptions(const ReserveRequest &request) const;
    // DefaultTimeout -> the configured one; any negative -> -1 (wait forever).
    qint64 timeoutFor(qint64 requestedMs) const;
    void rememberTicket(RequestId id, quint64 ticket);
    void finishRequest(RequestId id, const lease::Result<lease::Lease> &result);
    void finishReservation(RequestId id, const lease::Result<QList<lease::Lease>> &result);
    bool canGrant(Error *why) const;
    void reportStoreError(const Error &error);

    // --- poolengine.cpp
    endpoint::EndpointOptions engineOptions() const;
    balance::EndpointView viewOf(const endpoint::Endpoint *e) const;
    void pushView(const endpoint::Endpoint *e);
    void pushAllViews();
    // Freshness changes with time alone: re-push views whose flag moved.
    void syncFreshness();
    void armStaleTimer();
    void scheduleTick();
    void handleTick();
    void afterChange(); // tick timer, availability signal
    void handlePolled(const QString &id, const endpoint::PollOutcome &outcome);
    void handleSnapshotChanged(const QString &id);
    void handleHealthChanged(const QString &id, endpoint::Health health, const QString &reason);
    void handleTransition(const QString &id, const endpoint::Transition &t);
    void handleStoreState();
    void handleStoreLeasesChanged();
    void startRefresh(RefreshCallback done);
    void settleRefresh(const QString &id, const QString &failure, bool reachable);
    void finishRefresh();
    bool anyEndpointUp() const;
    void runRetriesIfUp();
    void expireRetries();
    void failAllRetries(const Error &error);

    // --- AllocatorObserver
    void leaseGranted(const lease::Lease &lease) override;
    void leaseRenewed(const lease::Lease &lease) override;
    void leaseEnded(const lease::LeaseEnd &end) override;
    void requestQueued(quint64 ticket, int position) override;
    void requestFailed(quint64 ticket, const lease::LeaseError &error) override;
    void leasesReloaded() override;
    void storeChangedElsewhere() override;

    // The pool's strategy lives in the store (every program on it shares
    // it); a pinned one (option, variable) wins for this program only.
    void adoptPoolStrategy();

    struct PendingRequest
    {
        LeaseCallback done;
        quint64 ticket = 0;
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

    // The store and the allocator exist once openStore() succeeded.
    std::unique_ptr<lease::LeaseStore> store;
    lease::RedisLeaseStore *redis = nullptr; // == store.get() when shared
    std::unique_ptr<lease::Allocator> allocator;
    StoreInfo storeInfo;
    balance::BalancerMetrics noMetrics;

    bool live = false; // start() called
    bool open = false; // the allocator runs (live or one-shot)
    bool destroying = false;
    bool pollingPaused = false; // setPollingPaused(): the monitor stays stopped

    QHash<QString, balance::EndpointView> pushed; // last view given to the allocator
    QHash<RequestId, PendingRequest> pending;
    QHash<quint64, RequestId> idByTicket;
    RequestId nextRequestId = 1;
    RequestId requesting = 0; // inside allocator->request()
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
