#include "pool/poolprivate.h"

#include "pool/storefactory.h"

#include "balance/strategyregistry.h"
#include "endpoint/secretstore.h"
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
    AllocatorHost::Setup setup;
    setup.ownThread = options.storeThread;
    setup.clock = &clock;
    setup.wallClock = options.wallClock;
    setup.identity = owner;
    setup.leaseIdGenerator = options.leaseIdGenerator;
    host = std::make_unique<AllocatorHost>(*this, std::move(setup));
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
    const Result<StoreSpec> spec = StoreSpec::parse(options.settings.storeUrl);
    if (!spec) {
        storeInfo.state = StoreState::Failed;
        storeInfo.message = spec.error().message;
        return spec.error();
    }
    storeInfo.url = spec->displayUrl;
    storeInfo.shared = spec->kind == StoreSpec::Kind::Redis;
    AllocatorHost::StoreMaker make;
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
        make = [path = spec->sqlitePath]() -> lease::Result<std::unique_ptr<lease::LeaseStore>> {
            lease::Result<std::unique_ptr<lease::SqliteLeaseStore>> opened = lease::SqliteLeaseStore::open(path);
            if (!opened)
                return opened.error();
            return std::unique_ptr<lease::LeaseStore>(std::move(opened.value()));
        };
    } else {
        QString why;
        std::optional<lease::RedisUrl> url = lease::RedisUrl::parse(spec->redisUrl, &why);
        if (!url) {
            storeInfo.state = StoreState::Failed;
            storeInfo.message = why;
            return Error { ErrorCode::BadStoreUrl, why, Error::Severity::Error };
        }
        // The keyring is read here, on the Pool's thread; the store (which
        // connects as it is made) is made on its own.
        if (!url->password && options.secrets)
            url->password = options.secrets->apiKey(url->secretId());
        lease::RedisLeaseStore::Options ro;
        ro.live = liveStore;
        ro.clock = &clock;
        ro.random = &random;
        make = [url = *url, ro]() -> lease::Result<std::unique_ptr<lease::LeaseStore>> {
            return std::unique_ptr<lease::LeaseStore>(std::make_unique<lease::RedisLeaseStore>(url, ro));
        };
    }
    if (const lease::Status st = host->open(make)) {
        storeInfo.state = StoreState::Failed;
        storeInfo.message = st->message;
        return Error::fromLease(*st);
    }
    adoptPoolStrategy(host->call<lease::Result<QString>>(
        [t = thresholds, s = strategy](AllocatorHost::Work &w) {
            w.allocator.setThresholds(t);
            w.allocator.setStrategy(s);
            return w.store.poolSetting(QString::fromLatin1(lease::poolsettings::Strategy));
        },
        lease::Result<QString>(QString())));
    pushed.clear();
    pushAllViews();
    handleStoreState();
    return std::nullopt;
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
    pushed.clear();
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
