// RedisLeaseStore: connecting, noticing that Redis is gone, coming back, and
// hearing about other clients' changes (pub/sub + the periodic re-read). The
// operations themselves are in redisleasestore.cpp.
#include "lease/redisleasestore.h"

#include "endpoint/secretstore.h"
#include "lease/redisdurability.h"
#include "lease/redisscript.h"
#include "lease/redissubscriber.h"
#include "util/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QUuid>
#include <algorithm>
#include <hiredis/hiredis.h>

namespace gpupool::lease {

namespace {

const gpupool::MonotonicClock &clockOf(const RedisLeaseStore::Options &o)
{
    return o.clock ? *o.clock : gpupool::SteadyClock::instance();
}

gpupool::RandomSource &randomOf(const RedisLeaseStore::Options &o)
{
    return o.random ? *o.random : gpupool::SystemRandom::instance();
}

} // namespace

RedisLeaseStore::RedisLeaseStore(RedisUrl url, Options options, const endpoint::SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_options(options)
    , m_conn(options.timeoutMs)
    , m_reconnect(options.reconnect, clockOf(options), randomOf(options))
    , m_resubscribe(options.reconnect, clockOf(options), randomOf(options))
    , m_serverClock(*this)
{
    if (m_url.historyKept) // the URL every program on the store shares beats a program's default
        m_options.historyKept = *m_url.historyKept;
    m_password = m_url.password;
    if (!m_password && secrets)
        m_password = secrets->apiKey(m_url.secretId());
    m_prefix = m_url.keyPrefix();
    m_keys = redisscript::keys(m_prefix);
    // Channels are not per database: the number keeps clusters of the same
    // name in different databases from waking each other.
    m_channel = m_prefix + QByteArrayLiteral("changed:") + QByteArray::number(m_url.db);
    m_origin = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);

    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &RedisLeaseStore::handleRetryTimer);
    m_resubscribeTimer.setSingleShot(true);
    connect(&m_resubscribeTimer, &QTimer::timeout, this, &RedisLeaseStore::startSubscriber);
    m_rereadTimer.setInterval(m_options.rereadIntervalMs);
    connect(&m_rereadTimer, &QTimer::timeout, this, &RedisLeaseStore::handleRereadTimer);
    connectNow();
}

RedisLeaseStore::~RedisLeaseStore() = default;

qint64 RedisLeaseStore::ServerClock::msSinceEpoch() const
{
    return QDateTime::currentMSecsSinceEpoch() + m_store.m_clockOffsetMs;
}

Status RedisLeaseStore::connectStatus() const
{
    if (m_state == State::Ready)
        return std::nullopt;
    return unavailable();
}

QStringList RedisLeaseStore::warnings() const
{
    QStringList all = m_warnings;
    if (!m_dataLoss.isEmpty())
        all.append(m_dataLoss);
    return all;
}

QList<Lease> RedisLeaseStore::knownLeases() const
{
    QList<Lease> all = m_known.values();
    std::sort(all.begin(), all.end(), [](const Lease &a, const Lease &b) { return a.gpuId() < b.gpuId(); });
    return all;
}

bool RedisLeaseStore::isLive() const
{
    return m_state == State::Ready && m_subscriber && m_subscriber->isSubscribed();
}

bool RedisLeaseStore::reconnectIfDue()
{
    if (m_state == State::Ready)
        return true;
    if (!m_reconnect.isDue())
        return false;
    return connectNow();
}

bool RedisLeaseStore::connectNow()
{
    const bool cameBack = m_state == State::Unavailable;
    m_connecting = true;
    const bool ok = openAndRead();
    m_connecting = false;
    if (!ok)
        return false;
    m_reconnect.succeeded();
    m_lastError.clear();
    m_statusMessage.clear();
    setState(State::Ready);
    qCDebug(lcRedis).noquote() << "connected to" << m_url.toDisplayString();
    if (m_options.live) {
        startSubscriber();
        m_rereadTimer.start();
    }
    if (cameBack) {
        // Whatever happened while we were away: everybody re-reads.
        m_dirty = true;
        QMetaObject::invokeMethod(this, &RedisLeaseStore::leasesChanged, Qt::QueuedConnection);
    }
    return true;
}

bool RedisLeaseStore::openAndRead()
{
    QString why;
    if (!m_conn.open(m_url, m_password, &why)) {
        lose(why);
        return false;
    }
    // Loaded now so that EVALSHA finds it; a restarted server has forgotten
    // it, which send() handles by sending the source once.
    const RedisReplyPtr loaded
        = m_conn.command({ QByteArrayLiteral("SCRIPT"), QByteArrayLiteral("LOAD"), redisscript::source() }, &why);
    if (!loaded || RedisConnection::isError(loaded.get())) {
        lose(loaded
                 ? tr("it refused gpupool's script: %1").arg(QString::fromUtf8(RedisConnection::string(loaded.get())))
                 : why);
        return false;
    }
    checkDurability();
    checkEpoch();
    const Result<QList<Lease>> snapshot = readSnapshot(false);
    if (!snapshot) {
        if (m_conn.isOpen())
            lose(snapshot.error().message);
        return false;
    }
    return true;
}

void RedisLeaseStore::checkDurability()
{
    QString appendonly, appendfsync;
    for (QString *value : { &appendonly, &appendfsync }) {
        const QByteArray name
            = value == &appendonly ? QByteArrayLiteral("appendonly") : QByteArrayLiteral("appendfsync");
        QString why;
        const RedisReplyPtr r = m_conn.command({ QByteArrayLiteral("CONFIG"), QByteArrayLiteral("GET"), name }, &why);
        if (!r || RedisConnection::size(r.get()) != 2) {
            // Managed services and ACLs often forbid CONFIG: nothing to say.
            qCDebug(lcRedis) << "cannot read" << name << (r ? RedisConnection::string(r.get()) : why.toUtf8());
            return;
        }
        *value = QString::fromUtf8(RedisConnection::string(RedisConnection::at(r.get(), 1)));
    }
    m_warnings = durabilityWarnings(m_url.toDisplayString(), appendonly, appendfsync);
    for (const QString &w : std::as_const(m_warnings))
        qCWarning(lcRedis).noquote() << w;
}

void RedisLeaseStore::checkEpoch()
{
    // The first client to find no epoch names the data; everyone reads it.
    const QByteArray key = m_prefix + QByteArrayLiteral("epoch");
    QString why;
    m_conn.command({ QByteArrayLiteral("SET"), key, QUuid::createUuid().toByteArray(QUuid::WithoutBraces),
                     QByteArrayLiteral("NX") },
                   &why);
    const RedisReplyPtr r = m_conn.command({ QByteArrayLiteral("GET"), key }, &why);
    if (!r || r->type != REDIS_REPLY_STRING) {
        // A read-only replica, an ACL that forbids SET: the counter still tells.
        qCDebug(lcRedis) << "no epoch:" << (r ? RedisConnection::string(r.get()) : why.toUtf8());
        return;
    }
    const QByteArray epoch = RedisConnection::string(r.get());
    if (!m_epoch.isEmpty() && epoch != m_epoch)
        reportDataLoss(tr("the leases it holds now are not those read before"));
    m_epoch = epoch;
}

void RedisLeaseStore::reportDataLoss(const QString &evidence)
{
    m_dataLoss = tr("The Redis server of %1 has lost lease data (%2): it was restarted without persistence, or "
                    "emptied. Leases acknowledged before may have been lost, so a GPU still in use can be granted "
                    "to someone else; leases known from before are unverified until they are read again. Run it "
                    "with \"appendonly yes\" and \"appendfsync always\".")
                     .arg(m_url.toDisplayString(), evidence);
    qCWarning(lcRedis).noquote() << m_dataLoss;
    // The counter starts over with the data: nothing to compare it with.
    m_seenVersion = -1;
    m_dirty = true;
    QMetaObject::invokeMethod(
        this, [this, message = m_dataLoss] { emit dataLost(message); }, Qt::QueuedConnection);
    QMetaObject::invokeMethod(this, &RedisLeaseStore::leasesChanged, Qt::QueuedConnection);
}

void RedisLeaseStore::lose(const QString &why)
{
    m_conn.close();
    m_rereadTimer.stop();
    m_resubscribeTimer.stop();
    if (m_subscriber)
        m_subscriber->stop();
    m_reconnect.failed();
    m_lastError = why;
    m_statusMessage = tr("The shared lease store %1 cannot be reached (%2). No GPU is granted until it is back; "
                         "the leases shown are the last known and unverified. Trying again in %3 s.")
                          .arg(m_url.toDisplayString(), why)
                          .arg(qMax(0.1, double(m_reconnect.lastDelayMs()) / 1000.0), 0, 'f', 1);
    qCWarning(lcRedis).noquote() << m_statusMessage;
    setState(State::Unavailable);
    if (m_options.live)
        m_retryTimer.start(int(m_reconnect.msUntilDue()));
}

void RedisLeaseStore::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    QMetaObject::invokeMethod(
        this, [this, state] { emit stateChanged(state); }, Qt::QueuedConnection);
}

LeaseError RedisLeaseStore::unavailable() const
{
    const QString message = m_statusMessage.isEmpty()
        ? tr("The shared lease store %1 is not connected yet; no GPU is granted until it is.")
              .arg(m_url.toDisplayString())
        : m_statusMessage;
    return { ErrorCode::StoreUnavailable, message };
}

void RedisLeaseStore::handleRetryTimer()
{
    if (m_state == State::Ready)
        return;
    if (!m_reconnect.isDue()) {
        m_retryTimer.start(int(m_reconnect.msUntilDue()));
        return;
    }
    connectNow();
}

void RedisLeaseStore::startSubscriber()
{
    if (m_state != State::Ready || !m_options.live)
        return;
    if (!m_subscriber) {
        m_subscriber = new RedisSubscriber(this);
        connect(m_subscriber, &RedisSubscriber::subscribed, this, &RedisLeaseStore::handleSubscribed);
        connect(m_subscriber, &RedisSubscriber::message, this, &RedisLeaseStore::handleMessage);
        connect(m_subscriber, &RedisSubscriber::lost, this, &RedisLeaseStore::handleSubscriptionLost);
    }
    m_subscriber->start(m_url, m_password, m_channel, m_options.timeoutMs);
}

void RedisLeaseStore::handleSubscribed()
{
    m_resubscribe.succeeded();
    // Messages sent while nobody listened are gone: look now.
    handleRereadTimer();
}

void RedisLeaseStore::handleMessage(const QByteArray &payload)
{
    const QByteArray origin = payload.mid(payload.indexOf(' ') + 1);
    if (origin == m_origin)
        return;
    m_dirty = true;
    emit leasesChanged();
}

void RedisLeaseStore::handleSubscriptionLost(const QString &reason)
{
    if (m_state != State::Ready)
        return;
    // Often the first sign that Redis is gone, while nobody asks anything.
    QString why;
    const RedisReplyPtr pong = m_conn.command({ QByteArrayLiteral("PING") }, &why);
    if (!pong) {
        lose(why);
        return;
    }
    qCInfo(lcRedis).noquote() << "live updates interrupted:" << reason;
    m_resubscribe.failed();
    m_resubscribeTimer.start(int(m_resubscribe.msUntilDue()));
}

void RedisLeaseStore::handleRereadTimer()
{
    if (m_state != State::Ready)
        return;
    const bool wasDirty = m_dirty;
    if (!readSnapshot(false))
        return;
    if (m_dirty && !wasDirty)
        emit leasesChanged();
}

} // namespace gpupool::lease
