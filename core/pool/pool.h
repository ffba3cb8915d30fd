#pragma once

#include "pool/poolerror.h"
#include "pool/pooloptions.h"
#include "pool/poolstatus.h"

#include "balance/balancer.h"
#include "endpoint/circuitbreaker.h"
#include "endpoint/endpoint.h"
#include "lease/lease.h"
#include "lease/queueentry.h"

#include <QObject>
#include <QString>
#include <QVariant>
#include <functional>
#include <memory>

namespace gpupool::history {
class HistoryStore;
}
namespace gpupool::endpoint {
class Monitor;
}

// The one door (docs/architecture.md): what the console, gpupoolctl and programs
// call. It owns the endpoint engine (Monitor), the chart history, the lease
// store and the Allocator, feeds the allocator what the polls say, runs its
// timers, and turns everything that happens into signals.
//
// Two ways to run:
//  - start(): live. Endpoints are polled periodically, waiting requests are
//    served as GPUs become free, expiries and other programs' changes are
//    noticed. The console, and programs.
//  - refreshOnce(): one-shot, for a short-lived gpupoolctl. Opens the store,
//    polls every endpoint once, concurrently, bounded by the endpoint
//    timeout, and calls back; no periodic timer is started. Then the caller
//    decides (reserve, release, status) and exits, or calls start() to wait.
//
// Lives in one thread, its objects too; the lease store and the allocator
// live there as well, or on a thread of their own with PoolOptions::storeThread
// (pool/allocatorhost.h).
namespace gpupool::pool {

class Pool final : public QObject
{
    Q_OBJECT

public:
    explicit Pool(PoolOptions options, QObject *parent = nullptr);
    ~Pool() override; // stops (waiters get Cancelled, their callbacks run)

    // --- configuration (fixed for the Pool's life) --------------------------
    const config::Settings &settings() const;
    bool isMultiEndpointMode() const;
    QString owner() const;
    // The GPU id as people see it in this mode: "0" or "server1_8000:0".
    QString displayGpuId(const lease::Lease &lease) const;
    QString displayGpuId(const QString &endpointId, int localId) const;
    QStringList endpointIds() const;

    // --- life -----------------------------------------------------------------
    // Opens the store (if not yet), reads the leases in it, starts polling.
    // Fails with a clear error (bad store URL, corrupt/read-only/too new file)
    // and then nothing runs; a shared store that is merely unreachable is not
    // a failure: the pool runs, grants nothing, and says so (storeInfo()).
    Status start();
    // Opens the lease store only (no polling), for a caller that just reads
    // or changes what lives there (the pool's strategy). start() and
    // refreshOnce() open it themselves.
    Status openStore();
    // Fails every waiting request and every queued retry with Cancelled.
    void stop();
    bool isRunning() const;
    // One-shot (see above). `done` runs once, from the event loop, when every
    // endpoint answered or failed, or the endpoint timeout (+1 s) passed.
    // Store errors come back through the returned Status at once (and
    // `done` is then not called).
    Status refreshOnce(RefreshCallback done);
    // Known after a refresh or a poll: has any endpoint answered?
    bool anyEndpointReachable() const;
    // Polls every endpoint now (console's "refresh"), paused or not.
    void refreshNow();
    // Reads who runs on each GPU (/gpu/processes, where servers list them)
    // while wanted: a view that shows them, a rule that needs them
    // (GpuInfo::processes, GpuInfo::unleasedUsers); also in refreshOnce().
    void setProcessesWanted(bool wanted);
    bool processesWanted() const;
    // Pauses the periodic polls (the endpoint engine stops: nothing is sent)
    // and keeps everything else: leases, waiting requests, the store, the
    // timers for expiries and timeouts. What the last polls said ages, so
    // after 3 polling intervals no GPU is assignable (docs/behaviour.md) and
    // waiters wait until polling resumes. Kept across stop() and start().
    void setPollingPaused(bool paused);
    bool isPollingPaused() const;

    // --- leases -----------------------------------------------------------------
    // Asynchronous: never completes before it returns. Granted at once when a
    // GPU is assignable and nobody waits before; else waits its turn (FIFO)
    // until the timeout, cancelRequest() or stop(). `done` (may be empty) and
    // requestGranted()/requestFailed() report the outcome, exactly once.
    RequestId requestGpu(const GpuRequest &request, LeaseCallback done = {});
    RequestId requestGpu(qint64 timeoutMs, LeaseCallback done = {});
    // reserve() that waits its turn: request.count GPUs passing
    // request.filter, granted together (with request.partial: as many as
    // there are once one is). timeoutMs as GpuRequest::timeoutMs. Waiters
    // are served oldest first, but a waiter holds back only the free GPUs it
    // could use, so younger requests for other GPUs pass it (the rules and
    // why: lease/allocator.h, "Waiting"). `done` (may be empty) and
    // reservationGranted()/requestFailed() report the outcome, exactly once,
    // never before it returns.
    RequestId requestGpus(const ReserveRequest &request, qint64 timeoutMs, LeasesCallback done = {});
    // Withdraws a waiting request (it fails with Cancelled); false when it
    // is not waiting (granted, failed, unknown).
    bool cancelRequest(RequestId id);
    // The store's wait queue: every program's waiters on this store, oldest
    // first, as read now (lease/queueentry.h).
    Result<QList<lease::QueueEntry>> storeQueue();
    // Takes a waiting request off the store's queue by its id there; only
    // this pool's owner's own (NotOwner otherwise). False when none waits
    // with that id. Its program sees it go and fails it with Cancelled.
    Result<bool> cancelQueued(quint64 id);
    void cancelQueued(quint64 id, std::function<void(const Result<bool> &)> done);

    Result<lease::LeaseEnd> releaseGpu(const QString &leaseId, const ReleaseOptions &options = {});
    Result<lease::LeaseEnd> releaseGpu(const lease::Lease &lease, const ReleaseOptions &options = {});
    // The operator's override: ends anyone's lease (recorded as revoked).
    Result<lease::LeaseEnd> revokeLease(const QString &leaseId);
    // New expiry: now + durationMs (0: the kind's default). Owner only.
    Result<lease::Lease> renew(const QString &leaseId, qint64 durationMs = 0, const QString &by = {});
    // N at once with filters; all or nothing unless request.partial. Not
    // enough: "Not enough GPUs available. Requested: N, Available: M".
    Result<QList<lease::Lease>> reserve(const ReserveRequest &request);

    // The same without waiting for the store (PoolOptions::storeThread): the
    // answer reaches `done` from the event loop, never before the call
    // returns, after the signals the change caused. What the console calls.
    void releaseGpu(const QString &leaseId, const ReleaseOptions &options, LeaseEndCallback done);
    void revokeLease(const QString &leaseId, LeaseEndCallback done);
    void renew(const QString &leaseId, qint64 durationMs, LeaseCallback done);
    void reserve(const ReserveRequest &request, LeasesCallback done);

    QList<lease::Lease> activeLeases() const; // as last read from the store
    std::optional<lease::Lease> findLease(const QString &leaseId) const;
    Result<QList<lease::LeaseEnd>> leaseHistory(int limit = 100);
    void leaseHistory(int limit, std::function<void(const Result<QList<lease::LeaseEnd>> &)> done);

    // --- status -----------------------------------------------------------------
    PoolStatus poolStatus() const;
    // Multi-endpoint mode only (as the predecessor): empty in single mode.
    QList<EndpointInfo> endpointsInfo() const;
    std::optional<EndpointInfo> endpointInfo(const QString &endpointId) const;
    QList<GpuInfo> gpus() const;
    DetailedMetrics detailedMetrics() const;
    ErrorRecoveryStatus errorRecoveryStatus() const;
    // recoverySummaryText(errorRecoveryStatus()): docs/behaviour.md's text exactly.
    QString recoverySummary() const;
    StoreInfo storeInfo() const;
    int availableGpus() const;
    int queueLength() const;
    // Every program's waiting requests on the store, as last read, oldest first.
    QList<lease::WaiterInfo> waitingRequests() const;
    bool isFullyDegraded() const;
    bool looksOffline() const;

    // --- recovery ---------------------------------------------------------------
    // An open breaker goes half-open and probes now. UnknownEndpoint for a
    // bad id; false (no error) when that breaker is not open.
    Result<bool> triggerEndpointRecovery(const QString &endpointId);
    int triggerRecoveryAll();
    // Runs `fn` once an endpoint is back (at once, from the event loop, when
    // one is up now); `done` gets its result, or Cancelled on stop(), or
    // TimedOut after timeoutMs (-1: no limit). Multi-endpoint mode only
    // (NotMultiEndpoint otherwise, reported through `done` too). Returns 0
    // when refused.
    quint64 queueRequestForRetry(RetryFunction fn, RetryCallback done, qint64 timeoutMs = -1);
    int retryQueueLength() const;

    // --- strategy -----------------------------------------------------------------
    // The strategy is the pool's: it lives in the store, so every program on
    // that store balances the same way and sees a change within a second.
    // setStrategy() writes it there (opening the store when needed) and
    // applies it here. Switching keeps every counter. An unknown name is
    // refused with exactly "Unknown load balancing strategy: X. Available
    // strategies: ..." and the current strategy stays. A strategy pinned by
    // PoolOptions::strategyPinned wins here until setStrategy() is called.
    Status setStrategy(const QString &name);
    void setStrategy(const QString &name, std::function<void(const Status &)> done);
    QString strategy() const;
    // The strategy in use was read from the store (not the settings).
    bool isStrategyFromStore() const;
    static QStringList availableStrategies();
    const balance::BalancerMetrics &balancerMetrics() const;

    // Strict limits for "available"; takes effect at once.
    void setThresholds(const balance::Thresholds &thresholds);
    balance::Thresholds thresholds() const;

    // --- for the console's views ------------------------------------------------------
    const history::HistoryStore &history() const;
    // Read-only access to the engine (per-endpoint details, breaker stats).
    const endpoint::Monitor &monitor() const;

signals:
    void started();
    void stopped();
    void pollingPausedChanged(bool paused);
    void refreshFinished(const gpupool::pool::RefreshResult &result);

    // Endpoints
    void endpointUpdated(const QString &endpointId); // a poll answered (snapshot, health, times)
    void processesChanged(const QString &endpointId); // a processes read ended
    void endpointHealthChanged(const QString &endpointId, gpupool::endpoint::Health health, const QString &reason);
    void breakerTransition(const QString &endpointId, const gpupool::endpoint::Transition &transition);
    void fullyDegradedChanged(bool degraded);
    void offlineChanged(bool offline);
    void availableGpusChanged(int available);

    // Leases
    void leaseGranted(const gpupool::lease::Lease &lease);
    void leaseRenewed(const gpupool::lease::Lease &lease);
    // Released or revoked (see end.reason); by this program or another one.
    void leaseReleased(const gpupool::lease::LeaseEnd &end);
    void leaseExpired(const gpupool::lease::LeaseEnd &end);
    // Any change of the active leases, including other programs' (re-read).
    void leasesChanged();

    // Requests and queues
    void requestQueued(gpupool::pool::RequestId id, int position);
    void requestGranted(gpupool::pool::RequestId id, const gpupool::lease::Lease &lease);
    // requestGpus() served (requestFailed() when not).
    void reservationGranted(gpupool::pool::RequestId id, const QList<gpupool::lease::Lease> &leases);
    void requestFailed(gpupool::pool::RequestId id, const gpupool::pool::Error &error);
    void queueChanged(int waiting);
    void retryQueueChanged(int queued);

    // Strategy, store, problems
    void strategyChanged(const QString &name);
    void storeStateChanged(gpupool::pool::StoreState state, const QString &message);
    void errorOccurred(const gpupool::pool::Error &error);
    void warning(const QString &message);

private:
    class Private;
    friend class Private;
    std::unique_ptr<Private> d;
};

} // namespace gpupool::pool

Q_DECLARE_METATYPE(gpupool::lease::Lease)
Q_DECLARE_METATYPE(gpupool::lease::LeaseEnd)
