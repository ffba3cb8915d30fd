#include "pool/pool.h"

#include "endpoint/monitor.h"
#include "history/historystore.h"
#include "balance/strategyregistry.h"

#include <QTimer>

// First version: the API only, so that gpupoolctl and the console can be
// written against it. Everything reports NotRunning.
namespace gpupool::pool {

class Pool::Private
{
public:
    explicit Private(PoolOptions o)
        : options(std::move(o)), monitor(endpoint::EndpointOptions {}), balancer(endpoint::SteadyClock::instance())
    {
    }
    PoolOptions options;
    endpoint::Monitor monitor;
    history::HistoryStore history;
    balance::Balancer balancer;
    RequestId nextId = 1;
};

static Error notRunning()
{
    return Error { ErrorCode::NotRunning, Pool::tr("The GPU pool is not running."), Error::Severity::Error };
}

Pool::Pool(PoolOptions options, QObject *parent) : QObject(parent), d(std::make_unique<Private>(std::move(options))) {}
Pool::~Pool() = default;

const config::Settings &Pool::settings() const { return d->options.settings; }
bool Pool::isMultiEndpointMode() const { return d->options.settings.mode == config::Mode::MultiEndpoint; }
QString Pool::owner() const { return d->options.owner.isEmpty() ? defaultOwner() : d->options.owner; }
QString Pool::displayGpuId(const lease::Lease &l) const { return displayGpuId(l.endpointId, l.localGpuId); }
QString Pool::displayGpuId(const QString &endpointId, int localId) const
{
    return isMultiEndpointMode() ? endpointId + QLatin1Char(':') + QString::number(localId) : QString::number(localId);
}
QStringList Pool::endpointIds() const
{
    QStringList ids;
    for (const config::EndpointSpec &e : d->options.settings.endpoints)
        ids.append(e.id);
    return ids;
}
Status Pool::start() { return notRunning(); }
void Pool::stop() {}
bool Pool::isRunning() const { return false; }
Status Pool::refreshOnce(RefreshCallback) { return notRunning(); }
bool Pool::anyEndpointReachable() const { return false; }
void Pool::refreshNow() {}
RequestId Pool::requestGpu(const GpuRequest &, LeaseCallback done)
{
    const RequestId id = d->nextId++;
    QTimer::singleShot(0, this, [this, id, done] {
        if (done)
            done(notRunning());
        emit requestFailed(id, notRunning());
    });
    return id;
}
RequestId Pool::requestGpu(qint64 timeoutMs, LeaseCallback done)
{
    GpuRequest r;
    r.timeoutMs = timeoutMs;
    return requestGpu(r, std::move(done));
}
bool Pool::cancelRequest(RequestId) { return false; }
Result<lease::LeaseEnd> Pool::releaseGpu(const QString &, const ReleaseOptions &) { return notRunning(); }
Result<lease::LeaseEnd> Pool::releaseGpu(const lease::Lease &l, const ReleaseOptions &o) { return releaseGpu(l.id, o); }
Result<lease::LeaseEnd> Pool::revokeLease(const QString &) { return notRunning(); }
Result<lease::Lease> Pool::renew(const QString &, qint64, const QString &) { return notRunning(); }
Result<QList<lease::Lease>> Pool::reserve(const ReserveRequest &) { return notRunning(); }
QList<lease::Lease> Pool::activeLeases() const { return {}; }
std::optional<lease::Lease> Pool::findLease(const QString &) const { return std::nullopt; }
Result<QList<lease::LeaseEnd>> Pool::leaseHistory(int) { return notRunning(); }
PoolStatus Pool::poolStatus() const { return {}; }
QList<EndpointInfo> Pool::endpointsInfo() const { return {}; }
std::optional<EndpointInfo> Pool::endpointInfo(const QString &) const { return std::nullopt; }
QList<GpuInfo> Pool::gpus() const { return {}; }
DetailedMetrics Pool::detailedMetrics() const { return {}; }
ErrorRecoveryStatus Pool::errorRecoveryStatus() const { return {}; }
QString Pool::recoverySummary() const { return {}; }
StoreInfo Pool::storeInfo() const { return {}; }
int Pool::availableGpus() const { return 0; }
int Pool::queueLength() const { return 0; }
bool Pool::isFullyDegraded() const { return false; }
bool Pool::looksOffline() const { return false; }
Result<bool> Pool::triggerEndpointRecovery(const QString &) { return notRunning(); }
int Pool::triggerRecoveryAll() { return 0; }
quint64 Pool::queueRequestForRetry(RetryFunction, RetryCallback, qint64) { return 0; }
int Pool::retryQueueLength() const { return 0; }
Status Pool::setStrategy(const QString &) { return notRunning(); }
QString Pool::strategy() const { return d->options.settings.strategy; }
QStringList Pool::availableStrategies() { return balance::StrategyRegistry::names(); }
const balance::BalancerMetrics &Pool::balancerMetrics() const { return d->balancer.metrics(); }
void Pool::setThresholds(const balance::Thresholds &) {}
balance::Thresholds Pool::thresholds() const { return {}; }
const history::HistoryStore &Pool::history() const { return d->history; }
const endpoint::Monitor &Pool::monitor() const { return d->monitor; }

QString defaultOwner() { return QStringLiteral("user@host"); }

QString errorCodeName(ErrorCode) { return {}; }
Error Error::fromLease(const lease::LeaseError &e) { return Error { ErrorCode(quint8(e.code)), e.message, Severity::Error }; }
QString storeStateName(StoreState) { return {}; }
QString recoverySummaryText(const ErrorRecoveryStatus &) { return {}; }

} // namespace gpupool::pool
