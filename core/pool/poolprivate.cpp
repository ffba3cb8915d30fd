#include "pool/poolprivate.h"

#include "pool/storefactory.h"

#include "balance/strategyregistry.h"
#include "lease/redisleasestore.h"
#include "lease/sqliteleasestore.h"
#include "lease/sqlitelegacyfile.h"
#include "util/logging.h"

// The Pool's insides that pool.cpp and the others share: construction, the
// store, delivering a request's outcome.
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
    for (QTimer *t : { &tickTimer, &staleTimer, &retryTimer, &refreshDeadline })
        t->setSingleShot(true);
}

Pool::Private::~Private()
{
    // The store's signals reach handlers that use the allocator: none may
    // arrive while the two are taken apart (the allocator goes first).
    if (redis)
        QObject::disconnect(redis, nullptr, q, nullptr);
    allocator.reset();
    store.reset();
}

Error Pool::Private::notRunning() const
{
    return Error { ErrorCode::NotRunning, Pool::tr("The GPU pool is not running: start it (or refresh once) first."),
                   Error::Severity::Error };
}

Status Pool::Private::openStore(bool liveStore)
{
    if (allocator)
        return std::nullopt;
    const Result<StoreSpec> spec = StoreSpec::parse(options.settings.storeUrl);
    if (!spec) {
        storeInfo.state = StoreState::Failed;
        storeInfo.message = spec.error().message;
        return spec.error();
    }
    storeInfo.url = spec->displayUrl;
    storeInfo.shared = spec->kind == StoreSpec::Kind::Redis;
    const gpupool::WallClock *wall = options.wallClock;
    if (spec->kind == StoreSpec::Kind::Sqlite) {
        if (options.settings.storeUrl.trimmed().isEmpty()) {
            const lease::LegacyFileMove move
                = lease::moveLegacyLeaseFile(spec->sqlitePath, lease::legacyDefaultLeaseFiles());
            for (const QString &message : move.messages)
                emit q->warning(message);
            if (move.error) {
                storeInfo.state = StoreState::Failed;
                storeInfo.message = move.error->message;
                return Error::fromLease(*move.error);
            }
        }
        lease::Result<std::unique_ptr<lease::SqliteLeaseStore>> opened
            = lease::SqliteLeaseStore::open(spec->sqlitePath);
        if (!opened) {
            storeInfo.state = StoreState::Failed;
            storeInfo.message = opened.error().message;
            return Error::fromLease(opened.error());
        }
        store = std::move(opened.value());
    } else {
        QString why;
        const std::optional<lease::RedisUrl> url = lease::RedisUrl::parse(spec->redisUrl, &why);
        if (!url) {
            storeInfo.state = StoreState::Failed;
            storeInfo.message = why;
            return Error { ErrorCode::BadStoreUrl, why, Error::Severity::Error };
        }
        lease::RedisLeaseStore::Options ro;
        ro.live = liveStore;
        ro.clock = &clock;
        ro.random = &random;
        auto shared = std::make_unique<lease::RedisLeaseStore>(*url, ro, options.secrets);
        redis = shared.get();
        QObject::connect(redis, &lease::RedisLeaseStore::stateChanged, q, [this] { handleStoreState(); });
        QObject::connect(redis, &lease::RedisLeaseStore::leasesChanged, q, [this] { handleStoreLeasesChanged(); });
        // Stays in storeInfo().warnings too; this is the moment to say it.
        QObject::connect(redis, &lease::RedisLeaseStore::dataLost, q,
                         [this](const QString &message) { emit q->warning(message); });
        if (!wall)
            wall = &redis->serverClock();
        store = std::move(shared);
    }
    if (!wall)
        wall = &gpupool::SystemWallClock::instance();

    allocator = std::make_unique<lease::Allocator>(*store, clock, *wall);
    allocator->setObserver(this);
    allocator->setIdentity(owner);
    if (options.leaseIdGenerator)
        allocator->setIdGenerator(options.leaseIdGenerator);
    allocator->setThresholds(thresholds);
    allocator->setStrategy(strategy);
    adoptPoolStrategy();
    pushed.clear();
    pushAllViews();
    handleStoreState();
    return std::nullopt;
}

void Pool::Private::adoptPoolStrategy()
{
    if (!store)
        return;
    const lease::Result<QString> stored = store->poolSetting(QString::fromLatin1(lease::poolsettings::Strategy));
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
    QString why;
    if (!balance::StrategyRegistry::contains(*stored) || (allocator && !allocator->setStrategy(*stored, &why)))
        return sayOnce(Pool::tr("The pool's strategy in the store, \"%1\", is unknown to this gpupool; "
                                "it balances with %2.")
                           .arg(*stored, strategy));
    strategy = *stored;
    strategyFromStore = true;
    qCInfo(lcPool).noquote() << "strategy from the store:" << strategy;
    emit q->strategyChanged(strategy);
}

void Pool::Private::closeAllocator()
{
    allocator.reset();
    store.reset();
    redis = nullptr;
    pushed.clear();
}

bool Pool::Private::canGrant(Error *why) const
{
    if (!allocator || !open) {
        *why = notRunning();
        return false;
    }
    if (redis && !redis->isAvailable()) {
        *why = Error { ErrorCode::StoreUnavailable,
                       redis->statusMessage().isEmpty()
                           ? Pool::tr("The shared lease store is not available; no GPU can be granted.")
                           : redis->statusMessage(),
                       Error::Severity::Error };
        return false;
    }
    if (!allocator->isRunning()) {
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

namespace {

// A request's answer goes to its callback and to the Pool's signals, from
// the event loop (never inside the call that asked), unless the Pool is
// being destroyed and there is no loop turn left.
template<typename T, typename Callback, typename Signal>
void deliverResult(Pool *q, bool destroying, RequestId id, Callback done, const Result<T> &result, Signal granted)
{
    auto run = [q, id, done = std::move(done), result, granted] {
        if (done)
            done(result);
        if (result)
            emit(q->*granted)(id, result.value());
        else
            emit q->requestFailed(id, result.error());
    };
    if (destroying)
        run();
    else
        QMetaObject::invokeMethod(q, std::move(run), Qt::QueuedConnection);
}

} // namespace

void Pool::Private::deliver(RequestId id, LeaseCallback done, const Result<lease::Lease> &result)
{
    deliverResult(q, destroying, id, std::move(done), result, &Pool::requestGranted);
}

void Pool::Private::deliverMany(RequestId id, LeasesCallback done, const Result<QList<lease::Lease>> &result)
{
    deliverResult(q, destroying, id, std::move(done), result, &Pool::reservationGranted);
}

qint64 Pool::Private::timeoutFor(qint64 requestedMs) const
{
    if (requestedMs == DefaultTimeout)
        return options.defaultRequestTimeoutMs;
    return requestedMs < 0 ? -1 : requestedMs;
}

// The allocator's ticket of a waiting request, unless it was answered at once
// (the callback already took the request out of `pending`).
void Pool::Private::rememberTicket(RequestId id, quint64 ticket)
{
    const auto it = pending.find(id);
    if (it != pending.end()) {
        it->ticket = ticket;
        idByTicket.insert(ticket, id);
    }
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

void Pool::Private::finishRequest(RequestId id, const lease::Result<lease::Lease> &result)
{
    const auto it = pending.find(id);
    if (it == pending.end())
        return;
    PendingRequest p = std::move(it.value());
    pending.erase(it);
    idByTicket.remove(p.ticket);
    Result<lease::Lease> r = fromLease(result);
    if (!r)
        reportStoreError(r.error());
    deliver(id, std::move(p.done), r);
}

} // namespace gpupool::pool
