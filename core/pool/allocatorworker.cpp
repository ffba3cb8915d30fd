#include "pool/allocatorworker.h"

#include "lease/redisleasestore.h"
#include "util/clock.h"
#include "util/logging.h"

namespace gpupool::pool {

AllocatorWorker::AllocatorWorker(AllocatorHost &host)
    : m_host(host)
    , m_listener(host.m_listener)
    , m_quietPublish(new QTimer(this))
{
    m_quietPublish->setSingleShot(true);
    connect(m_quietPublish, &QTimer::timeout, this, &AllocatorWorker::publishNow);
}

lease::Status AllocatorWorker::open(const AllocatorHost::StoreMaker &make)
{
    lease::Result<std::unique_ptr<lease::LeaseStore>> made = make();
    if (!made)
        return made.error();
    m_store = std::move(made.value());
    m_redis = dynamic_cast<lease::RedisLeaseStore *>(m_store.get());
    const AllocatorHost::Setup &s = m_host.m_setup;
    const gpupool::WallClock *wall = s.wallClock;
    if (m_redis) {
        connect(m_redis, &lease::RedisLeaseStore::stateChanged, this, [this] { handleRedisState(); });
        connect(m_redis, &lease::RedisLeaseStore::leasesChanged, this, [this] { handleRedisLeasesChanged(); });
        connect(m_redis, &lease::RedisLeaseStore::dataLost, this, [this](const QString &message) {
            say([l = &m_listener, message] { l->storeWarning(message); });
            afterStoreNews();
        });
        if (!wall)
            wall = &m_redis->serverClock();
    }
    if (!wall)
        wall = &gpupool::SystemWallClock::instance();
    m_allocator = std::make_unique<lease::Allocator>(*m_store, *s.clock, *wall);
    m_allocator->setObserver(this);
    m_allocator->setIdentity(s.identity);
    if (s.leaseIdGenerator)
        m_allocator->setIdGenerator(s.leaseIdGenerator);
    return std::nullopt;
}

void AllocatorWorker::close()
{
    // The store's signals reach handlers that use the allocator: none may
    // arrive while the two are taken apart (the allocator goes first).
    if (m_redis)
        m_redis->disconnect(this);
    m_allocator.reset();
    m_store.reset();
    m_redis = nullptr;
    m_ticketOf.clear();
    m_idOf.clear();
    m_startError.clear();
}

void AllocatorWorker::runJob(const std::function<void(AllocatorHost::Work &)> &job)
{
    if (!m_allocator) {
        qCWarning(lcPool) << "a lease job ran with no store open";
        return;
    }
    AllocatorHost::Work w { *m_allocator, *m_store };
    ++m_depth;
    job(w);
    --m_depth;
}

void AllocatorWorker::forget(RequestId id)
{
    m_idOf.remove(m_ticketOf.take(id));
}

void AllocatorWorker::request(RequestId id, const lease::RequestOptions &options)
{
    m_ticketOf.insert(id, 0);
    m_requesting = id;
    const quint64 ticket = m_allocator->request(options, [this, id](const lease::Result<lease::Lease> &r) {
        forget(id);
        say([l = &m_listener, id, r] { l->requestDone(id, r); });
    });
    m_requesting = 0;
    if (m_ticketOf.contains(id)) { // still waiting
        m_ticketOf.insert(id, ticket);
        m_idOf.insert(ticket, id);
    }
}

void AllocatorWorker::reserveWhenFree(RequestId id, const lease::ReserveOptions &options, qint64 timeoutMs)
{
    m_ticketOf.insert(id, 0);
    m_requesting = id;
    const quint64 ticket
        = m_allocator->reserveWhenFree(options, timeoutMs, [this, id](const lease::Result<QList<lease::Lease>> &r) {
              forget(id);
              say([l = &m_listener, id, r] { l->reservationDone(id, r); });
          });
    m_requesting = 0;
    if (m_ticketOf.contains(id)) {
        m_ticketOf.insert(id, ticket);
        m_idOf.insert(ticket, id);
    }
}

bool AllocatorWorker::cancel(RequestId id)
{
    const quint64 ticket = m_ticketOf.value(id);
    return ticket != 0 && m_allocator->cancel(ticket);
}

void AllocatorWorker::storeChangedElsewhere()
{
    // The strategy may be what changed; the balancer's counters are every
    // program's (the strategy panel shows them).
    const lease::Result<QString> strategy = m_store->poolSetting(QString::fromLatin1(lease::poolsettings::Strategy));
    m_allocator->readSharedBalancer();
    say([l = &m_listener, strategy] { l->storeChangedElsewhere(strategy); });
}

void AllocatorWorker::handleRedisState()
{
    // Back: read what is there now, then serve whoever waits.
    if (m_allocator && m_redis->isAvailable()) {
        if (poolOpen && !m_allocator->isRunning()) {
            const lease::Status st = m_allocator->start();
            m_startError = st ? st->message : QString();
        }
        if (poolOpen)
            m_allocator->tick();
    }
    say([l = &m_listener] { l->storeStatusChanged(); });
    afterStoreNews();
}

void AllocatorWorker::handleRedisLeasesChanged()
{
    if (m_allocator && poolOpen)
        m_allocator->tick();
    afterStoreNews();
}

void AllocatorWorker::afterStoreNews()
{
    if (m_depth > 0) // the job it came from delivers
        return;
    if (m_host.m_setup.ownThread) {
        schedulePublish(); // figuresChanged() goes with the figures
        return;
    }
    say([l = &m_listener] { l->figuresChanged(); });
    m_host.deliver();
}

void AllocatorWorker::say(std::function<void()> news)
{
    if (m_host.m_setup.ownThread)
        m_held.append(std::move(news));
    else
        m_host.send(std::move(news));
}

StoreStatus AllocatorWorker::storeStatus() const
{
    StoreStatus s;
    if (!m_redis)
        return s;
    switch (m_redis->state()) {
    case lease::RedisLeaseStore::State::Ready: s.state = StoreState::Ready; break;
    case lease::RedisLeaseStore::State::Connecting: s.state = StoreState::Connecting; break;
    case lease::RedisLeaseStore::State::Unavailable: s.state = StoreState::Unavailable; break;
    }
    s.message = m_startError.isEmpty() ? m_redis->statusMessage() : m_startError;
    s.warnings = m_redis->warnings();
    s.verified = m_redis->knownLeasesVerified();
    return s;
}

void AllocatorWorker::fill(AllocatorPublished &p) const
{
    p = AllocatorPublished();
    p.store = storeStatus();
    if (!m_allocator)
        return;
    const lease::Allocator &a = *m_allocator;
    p.running = a.isRunning();
    p.available = a.availableGpus();
    p.queueLength = a.queueLength();
    const qint64 due = a.msUntilNextTick();
    p.nextTickAtMs = due < 0 ? -1 : m_host.m_setup.clock->nowMs() + due;
    AllocatorFigures &f = p.figures;
    f.inventory = a.inventory();
    f.held = a.heldGpus();
    f.heldByEndpoint = a.heldByEndpoint();
    f.leases = a.leases();
    f.knownLeases.reset();
    if (m_redis && !m_redis->isAvailable())
        f.knownLeases = m_redis->knownLeases();
    f.waiting = a.waiting();
    f.metrics = a.balancer().metrics();
}

void AllocatorWorker::publishNow()
{
    m_publishScheduled = false;
    m_quietPublish->stop();
    auto p = std::make_shared<AllocatorPublished>();
    fill(*p);
    AllocatorHost *host = &m_host;
    m_host.send([host, p] {
        host->m_published = std::make_unique<AllocatorPublished>(std::move(*p));
        host->m_listener.figuresChanged();
    });
    for (std::function<void()> &news : m_held)
        m_host.send(std::move(news));
    m_held.clear();
}

void AllocatorWorker::schedulePublish()
{
    if (m_held.isEmpty()) {
        // Only figures moved (a poll's readings, a tick that changed
        // nothing): at most every kQuietPublishMs, since each copy is the
        // whole inventory and every endpoint's poll makes one.
        if (!m_publishScheduled && !m_quietPublish->isActive())
            m_quietPublish->start(kQuietPublishMs);
        return;
    }
    if (m_publishScheduled)
        return;
    m_publishScheduled = true;
    // News: after the jobs already queued, so that a burst publishes once.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_publishScheduled)
                publishNow();
        },
        Qt::QueuedConnection);
}

} // namespace gpupool::pool
