#pragma once

#include "balance/balancer.h"
#include "balance/endpointview.h"
#include "endpoint/circuitbreaker.h"
#include "endpoint/endpoint.h"
#include "lease/lease.h"
#include "lease/waitqueue.h"

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

// What the Pool reports: plain values, copied out, safe to keep.
// The counterparts of the predecessor's PoolStatus / MultiEndpointPoolStatus,
// EndpointInfo, get_detailed_metrics() and get_error_recovery_status().
namespace gpupool::pool {

enum class StoreState : quint8 {
    Closed, // not opened yet (before start / refreshOnce)
    Ready,
    Connecting, // a shared store on its way up
    Unavailable, // a shared store that cannot be reached: no grants
    Failed, // could not be opened at all (corrupt, read-only, bad URL)
};
QString storeStateName(StoreState state); // "closed", "ready", ...

struct StoreInfo
{
    QString url; // for display: without a password
    bool shared = false; // Redis
    StoreState state = StoreState::Closed;
    QString message; // one plain line when not Ready; empty otherwise
    bool leasesVerified = true; // false: the last leases read from a store now unreachable
    QStringList warnings; // e.g. a Redis that may lose acknowledged leases
};

// One endpoint (EndpointInfo of the predecessor, and more).
struct EndpointInfo
{
    QString id;
    QUrl url;
    bool healthy = false; // breaker closed, last poll ok, data fresh
    endpoint::Health health = endpoint::Health::Unknown;
    QString reason; // why not healthy, for people
    endpoint::BreakerState breaker = endpoint::BreakerState::Closed;
    bool fresh = false; // data younger than 3 polling intervals
    bool misconfigured = false; // 401/403/404: never chosen
    // Its GPUs may be chosen (breaker closed, data fresh, no configuration
    // problem): the balancer's own rule (balance::EndpointView::isUsable).
    bool usable = false;
    qint64 lastSeenAgeMs = -1; // -1: never answered
    int totalGpus = 0;
    int availableGpus = 0; // assignable now: thresholds, freshness, leases
    int activeLeases = 0;
    std::optional<double> responseTimeMs; // EWMA; nullopt: never measured
    double failureRatePercent = 0;
    quint64 polls = 0; // answered polls
    quint64 failedPolls = 0;
};

// One GPU as the Pool sees it.
struct GpuInfo
{
    QString gpuId; // display id: "0" in single mode, "ep:0" in multi mode
    QString globalId; // always "ep:0" (the lease key)
    QString endpointId;
    int localId = 0;
    QString name;
    double memoryPercent = 0;
    double utilizationPercent = 0;
    // From /gpu/stats when the server gives details; 0 / nullopt otherwise.
    qint64 memoryTotalMb = 0;
    qint64 memoryUsedMb = 0;
    std::optional<double> temperatureC;
    std::optional<double> powerDrawW;
    bool underThresholds = false; // rule 2
    bool assignable = false; // rules 1-3
    bool heldForWaiter = false; // assignable, but kept for an earlier waiting request
    std::optional<lease::Lease> lease;
    // Who runs on it (/gpu/processes), while the Pool reads them
    // (Pool::setProcessesWanted); nullopt: not known (not read yet, or a
    // server that lists none, as the predecessor's).
    std::optional<QList<stats::GpuProcess>> processes;
    // Users whose processes run on it without a lease of theirs on it, while
    // leases are in use on the pool: "in use without a lease". Its readings
    // make it unavailable already; this says why, and whose.
    QStringList unleasedUsers;
    // Users running on it other than its lease holder ("?" where the server
    // could not tell), in the order seen; empty when processes were not read.
    QStringList usersBesideHolder() const;
    // Whether `process` (one of `processes`) is use without a lease.
    bool isUseWithoutLease(const stats::GpuProcess &process) const
    {
        return process.user && unleasedUsers.contains(*process.user);
    }
    // What a new request could get: the rule EndpointInfo::availableGpus and
    // Pool::availableGpus() count by.
    bool available() const { return assignable && !heldForWaiter; }
};

struct PoolStatus
{
    bool multiEndpoint = false;
    int totalGpus = 0;
    int availableGpus = 0; // assignable now: drops with each grant
    int activeLeases = 0; // the predecessor's active_workers
    int blockedRequests = 0; // waiting in the queue (blocked_workers)
    // Per GPU (display id) its leases; every GPU known has an entry.
    QMap<QString, QList<lease::Lease>> gpuLeases;
    // Multi-endpoint form (also filled in single mode, with one endpoint).
    int totalEndpoints = 0;
    int healthyEndpoints = 0;
    QList<EndpointInfo> endpoints;
    bool fullyDegraded = false;
    bool looksOffline = false;
    bool pollingPaused = false; // Pool::setPollingPaused()
    StoreInfo store;
    QString strategy;
};

struct DetailedMetrics
{
    PoolStatus status;
    QList<GpuInfo> gpus; // configuration order, then local id
    balance::Thresholds thresholds;
    qint64 pollIntervalMs = 0;
    QList<lease::Lease> leases; // every active lease, by GPU id
    QList<lease::WaiterInfo> queue; // oldest first
    int retryQueueLength = 0;
    QString strategy;
    balance::BalancerMetrics balancer;
};

// One endpoint's breaker for get_error_recovery_status().
struct EndpointRecovery
{
    QString id;
    endpoint::BreakerState state = endpoint::BreakerState::Closed;
    endpoint::Health health = endpoint::Health::Unknown;
    QString reason;
    double failureRatePercent = 0; // failed / answered polls x 100
    endpoint::BreakerStats stats;
    qint64 nextAttemptInMs = -1; // open: when it probes again; -1 otherwise
};

struct ErrorRecoveryStatus
{
    bool multiEndpoint = false;
    bool fullyDegraded = false; // no breaker closed: "System Status: DEGRADED"
    bool looksOffline = false;
    int totalEndpoints = 0;
    int healthyEndpoints = 0; // breaker closed
    int degradedEndpoints = 0; // the others
    int queuedRequests = 0; // GPU requests waiting + queueRequestForRetry() calls
    int recoveryOperationsActive = 0; // breakers half-open (probing)
    QList<EndpointRecovery> endpoints; // configuration order
};

// What refreshOnce() found.
struct RefreshResult
{
    int endpoints = 0;
    int reachable = 0; // answered with GPU statistics
    QStringList failures; // "id: reason", one per endpoint that did not
    bool anyReachable() const { return reachable > 0; }
};

} // namespace gpupool::pool

Q_DECLARE_METATYPE(gpupool::pool::StoreState)
Q_DECLARE_METATYPE(gpupool::pool::RefreshResult)
