#include "pool/poolprivate.h"

#include "pool/storefactory.h"

#include "balance/strategyregistry.h"
#include "lease/redisurl.h"
#include "util/logging.h"

// The Pool's insides: construction, the store, the pool's strategy.
namespace gpupool::pool {

namespace {

const gpupool::MonotonicClock &clockOf(const PoolOptions &o)
{
    return o.clock ? *o.clock : gpupool::SteadyClock::instance();
}

gpupool::RandomSource &randomOf(const PoolOptions &o)
{
    return o.random ? *o.random : gpupool::SystemRandom::instance();
}

bool isStoreCode(ErrorCode code)
{
    switch (code) {
    case ErrorCode::StoreCorrupt:
    case ErrorCode::StoreReadOnly:
    case ErrorCode::StoreTooNew:
    case ErrorCode::StoreBusy:
    case ErrorCode::StoreFailed:
    case ErrorCode::StoreUnavailable: return true;
    default: return false;
    }
}

// A Redis URL that names an ACL user speaks for that user: its leases are
// that user's, whichever workstation or account runs the program.
QString ownerOf(const PoolOptions &options)
{
    if (!options.owner.trimmed().isEmpty())
        return options.owner.trimmed();
    const Result<StoreSpec> spec = StoreSpec::parse(options.settings.storeUrl);
    if (spec && spec->kind == StoreSpec::Kind::Redis) {
        const std::optional<lease::RedisUrl> url = lease::RedisUrl::parse(spec->redisUrl);
        if (url && !url->user.trimmed().isEmpty())
            return url->user.trimmed();
    }
    return defaultOwner();
}

AllocatorHost::Setup hostSetup(const PoolOptions &options, const gpupool::MonotonicClock &clock, const QString &owner)
{
    AllocatorHost::Setup setup;
    setup.ownThread = options.storeThread;
    setup.clock = &clock;
    setup.wallClock = options.wallClock;
    setup.identity = owner;
    setup.leaseIdGenerator = options.leaseIdGenerator;
    return setup;
}

} // namespace

Pool::Private::Private(Pool *pool, PoolOptions o)
    : q(pool)
    , options(std::move(o))
    , clock(clockOf(options))
    , random(randomOf(options))
    , owner(ownerOf(options))
    , strategy(options.settings.strategy)
    , thresholds { options.settings.memoryThresholdPercent, options.settings.utilizationThresholdPercent }
    , history(
          options.historyWindowMs,
          qMax<qint64>(history::HistoryStore::kMinIntervalMs, qint64(options.settings.pollingIntervalSeconds * 1000)))
    , monitor(engineOptions(), nullptr, clock, random)
    , host(std::make_unique<AllocatorHost>(*this, hostSetup(options, clock, owner)))
    , feed(monitor, *host, clock)
    , requests(*pool)
    , refresh(monitor, engineOptions().timeoutMs, options.detailsEveryPolls)
    , retries(clock, [this] { return open && anyEndpointUp(); })
{
    monitor.setHistory(&history);
    monitor.setSecretStore(options.secrets);
    for (const config::EndpointSpec &spec : options.settings.endpoints) {
        if (!monitor.addEndpoint(endpoint::EndpointConfig { spec.id, spec.url, spec.pinnedSha256 }))
            qCWarning(lcPool).noquote() << "duplicate endpoint id ignored:" << spec.id;
    }
    if (!balance::StrategyRegistry::contains(strategy)) {
        qCWarning(lcPool).noquote() << balance::StrategyRegistry::unknownStrategyMessage(strategy);
        strategy = balance::StrategyRegistry::defaultName();
    }
    storeInfo.url = options.settings.storeUrl;
    strategyPinned = options.strategyPinned;
    tickTimer.setSingleShot(true);
    refresh.setBeforeAnswer([this] { settleRefresh(); });
}

Pool::Private::~Private()
{
    // Its last news (the figures of a closed store) reach a Private that
    // still has its host.
    host->close();
}

Error Pool::Private::notRunning() const
{
    return Error { ErrorCode::NotRunning, Pool::tr("The GPU pool is not running: start it (or refresh once) first."),
                   Error::Severity::Error };
}

Status Pool::Private::openStore(bool liveStore)
{
    if (host->isOpen())
        return std::nullopt;
    const auto failed = [this](const Error &e) -> Status {
        storeInfo.state = StoreState::Failed;
        storeInfo.message = e.message;
        return e;
    };
    const Result<StoreSpec> spec = StoreSpec::parse(options.settings.storeUrl);
    if (!spec)
        return failed(spec.error());
    storeInfo.url = spec->displayUrl;
    storeInfo.shared = spec->kind == StoreSpec::Kind::Redis;
    StoreRecipeOptions ro;
    ro.defaultFile = options.settings.storeUrl.trimmed().isEmpty();
    ro.live = liveStore;
    ro.clock = &clock;
    ro.random = &random;
    ro.secrets = options.secrets;
    QStringList warnings;
    const Result<AllocatorHost::StoreMaker> make = storeRecipe(*spec, ro, &warnings);
    for (const QString &message : std::as_const(warnings))
        emit q->warning(message);
    if (!make)
        return failed(make.error());
    if (const lease::Status st = host->open(*make))
        return failed(Error::fromLease(*st));
    adoptPoolStrategy(host->call<lease::Result<QString>>(
        [t = thresholds, s = strategy](AllocatorHost::Work &w) {
            w.allocator.setThresholds(t);
            w.allocator.setStrategy(s);
            return w.store.poolSetting(QString::fromLatin1(lease::poolsettings::Strategy));
        },
        lease::Result<QString>(QString())));
    feed.pushAll();
    handleStoreState();
    return std::nullopt;
}

Status Pool::Private::startAllocator()
{
    if (host->isRunning())
        return std::nullopt;
    const lease::Status st
        = host->call<lease::Status>([](AllocatorHost::Work &w) { return w.allocator.start(); }, std::nullopt);
    if (!st || !host->isStoreAvailable())
        return std::nullopt;
    closeAllocator();
    storeInfo.state = StoreState::Failed;
    storeInfo.message = st->message;
    return Error::fromLease(*st);
}

void Pool::Private::adoptPoolStrategy(const lease::Result<QString> &stored)
{
    if (!stored || stored->isEmpty())
        return;
    if (*stored == strategy) {
        strategyFromStore = true;
        return;
    }
    // Each store value that is not followed is said once, not on every change.
    const auto sayOnce = [this, &stored](const QString &message) {
        if (strategyNoticeFor == *stored)
            return;
        strategyNoticeFor = *stored;
        emit q->warning(message);
    };
    if (strategyPinned)
        return sayOnce(Pool::tr("This program balances with %1 (given on its command line or in its "
                                "environment); the pool's strategy is %2.")
                           .arg(strategy, *stored));
    if (!balance::StrategyRegistry::contains(*stored))
        return sayOnce(Pool::tr("The pool's strategy in the store, \"%1\", is unknown to this gpupool; "
                                "it balances with %2.")
                           .arg(*stored, strategy));
    strategy = *stored;
    strategyFromStore = true;
    if (host->isOpen())
        host->post([name = strategy](AllocatorHost::Work &w) { w.allocator.setStrategy(name); });
    qCInfo(lcPool).noquote() << "strategy from the store:" << strategy;
    emit q->strategyChanged(strategy);
}

void Pool::Private::closeAllocator()
{
    host->close();
}

bool Pool::Private::canGrant(Error *why) const
{
    if (!host->isOpen() || !open) {
        *why = notRunning();
        return false;
    }
    if (const StoreStatus store = host->storeStatus(); store.state != StoreState::Ready) {
        *why = Error { ErrorCode::StoreUnavailable,
                       store.message.isEmpty()
                           ? Pool::tr("The shared lease store is not available; no GPU can be granted.")
                           : store.message,
                       Error::Severity::Error };
        return false;
    }
    if (!host->isRunning()) {
        *why = Error { ErrorCode::StoreUnavailable,
                       Pool::tr("The lease store could not be read yet; no GPU can be granted."),
                       Error::Severity::Error };
        return false;
    }
    return true;
}

void Pool::Private::reportStoreError(const Error &error)
{
    if (isStoreCode(error.code))
        emit q->errorOccurred(error);
}

std::function<lease::Status(AllocatorHost::Work &)> Pool::Private::writeStrategy(const QString &name)
{
    return [name](AllocatorHost::Work &w) -> lease::Status {
        if (lease::Status st = w.store.setPoolSetting(QString::fromLatin1(lease::poolsettings::Strategy), name))
            return st;
        QString why;
        if (!w.allocator.setStrategy(name, &why))
            return lease::LeaseError { lease::ErrorCode::InvalidArgument, why };
        return std::nullopt;
    };
}

Status Pool::Private::strategyWritten(const QString &name, const lease::Status &written)
{
    if (written)
        return Error::fromLease(*written);
    strategyPinned = false;
    strategyFromStore = true;
    if (strategy == name)
        return std::nullopt;
    strategy = name;
    qCInfo(lcPool).noquote() << "strategy:" << name;
    emit q->strategyChanged(name);
    return std::nullopt;
}

qint64 Pool::Private::timeoutFor(qint64 requestedMs) const
{
    if (requestedMs == DefaultTimeout)
        return options.defaultRequestTimeoutMs;
    return requestedMs < 0 ? -1 : requestedMs;
}

lease::ReserveOptions Pool::Private::reserveOptions(const ReserveRequest &request) const
{
    lease::ReserveOptions ro;
    ro.count = request.count;
    ro.filter = request.filter;
    ro.partial = request.partial;
    ro.oneEndpoint = request.oneEndpoint;
    ro.owner = request.owner.trimmed().isEmpty() ? owner : request.owner.trimmed();
    ro.note = request.note;
    ro.kind = request.kind;
    ro.durationMs = request.durationMs;
    return ro;
}

Result<lease::LeaseEnd> Pool::Private::afterRelease(const lease::Result<lease::LeaseEnd> &result,
                                                    const ReleaseOptions &options)
{
    Result<lease::LeaseEnd> r = fromLease(result);
    afterChange();
    if (r)
        return r;
    Error e = r.error();
    if (options.asProgram && (e.code == ErrorCode::UnknownLease || e.code == ErrorCode::AlreadyEnded)) {
        e.severity = Error::Severity::Warning;
        qCWarning(lcPool).noquote() << e.message;
        emit q->warning(e.message);
    }
    reportStoreError(e);
    return e;
}

} // namespace gpupool::pool
