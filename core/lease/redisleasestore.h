#pragma once

#include "lease/leasestore.h"
#include "lease/redisconnection.h"
#include "lease/redisreconnect.h"
#include "lease/redisurl.h"
#include "util/clock.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <memory>

namespace gpupool::endpoint {
class SecretStore;
}

// A LeaseStore shared by every console and gpupoolctl that points at the
// same Redis (and cluster name): the store that lets operators on several
// workstations never get the same GPU.
//
// - Every change is one Lua script run by the server (redisscript.h): owner,
//   fence and exclusivity are checked where no other client can interleave.
// - Time for expiry is the server's clock. The `nowMs` arguments of the
//   LeaseStore interface are not trusted for it: a grant's expiry is the
//   server's now + the spec's duration, a renewal's is the server's now +
//   (newExpiresMs - nowMs), and expireDue() ends what the server's clock says
//   is due. serverClock() gives the allocator a wall clock in line with it.
// - Live: other clients' changes arrive by pub/sub (leasesChanged()); a
//   periodic full re-read heals a missed message.
// - Redis down: nothing is granted (every change fails with a plain line
//   saying so), knownLeases() keeps the last leases read, marked unverified,
//   and the store reconnects with backoff and re-reads everything on return.
// - Redis back without its data (restarted without persistence, emptied):
//   said once and kept (dataLost(), dataLossMessage(), warnings()).
namespace gpupool::lease {

class RedisSubscriber;

class RedisLeaseStore final : public QObject, public LeaseStore
{
    Q_OBJECT

public:
    enum class State { Connecting, Ready, Unavailable };
    Q_ENUM(State)

    struct Options
    {
        int timeoutMs = 2000; // connecting, and each reply
        int rereadIntervalMs = 5000; // the periodic full re-read (live only)
        int historyKept = 10000; // ended leases kept for history()
        // Subscribe and run timers (a console); false for a one-shot
        // command line that connects, does one thing and exits.
        bool live = true;
        endpoint::BackoffPolicy reconnect = RedisReconnect::defaultPolicy();
        const gpupool::MonotonicClock *clock = nullptr; // the steady clock when null
        gpupool::RandomSource *random = nullptr; // the system's when null
    };

    // Connects at once (bounded by timeoutMs). A failure leaves the store
    // Unavailable, retrying with backoff when live; connectStatus() tells.
    // The password is the URL's, else secrets->apiKey(url.secretId()).
    RedisLeaseStore(RedisUrl url, Options options, const endpoint::SecretStore *secrets = nullptr,
                    QObject *parent = nullptr);
    explicit RedisLeaseStore(RedisUrl url) : RedisLeaseStore(std::move(url), Options()) {}
    ~RedisLeaseStore() override;

    const RedisUrl &url() const { return m_url; }
    State state() const { return m_state; }
    bool isAvailable() const { return m_state == State::Ready; }
    // The error of the last failed connect; nullopt when connected.
    Status connectStatus() const;
    // One plain line for the console and the command line; empty when Ready.
    QString statusMessage() const { return m_statusMessage; }
    // Found at connect: a server that may lose acknowledged leases; and,
    // once seen, that it did lose them (dataLossMessage()).
    QStringList warnings() const;
    // Empty until the server is found to have lost lease data: restarted
    // without persistence, or emptied. Stays for the store's life: leases
    // acknowledged before it may be gone while their GPUs are still in use.
    QString dataLossMessage() const { return m_dataLoss; }
    // The last leases read; shown as unverified while !isAvailable().
    QList<Lease> knownLeases() const;
    bool knownLeasesVerified() const { return isAvailable(); }
    // Server time minus this machine's, measured at connect.
    qint64 serverClockOffsetMs() const { return m_clockOffsetMs; }
    const WallClock &serverClock() const { return m_serverClock; }
    // Other clients' changes arrive as they happen (pub/sub is up); when
    // false they arrive with the next periodic re-read.
    bool isLive() const;
    // Tries to connect now if the backoff allows; true when Ready.
    bool reconnectIfDue();

    Result<QList<Lease>> grant(const QList<GrantSpec> &specs, qint64 nowMs, const SettingUpdate *update = nullptr,
                               const QueueCheck *queue = nullptr) override;
    // After a grant failed with StoreFailed its outcome is unknown: the
    // script may have run and only the answer been lost. This asks again
    // with the same specs (same lease ids): the leases if that grant went
    // through, else a fresh try. grant() does this by itself once, when a
    // connection drops mid-call and comes straight back. A grant that went
    // through but has run out on the server's clock since is never handed
    // back: it is ended there (the whole batch) and AlreadyEnded says to ask
    // afresh, with new ids.
    Result<QList<Lease>> resumeGrant(const QList<GrantSpec> &specs, const SettingUpdate *update = nullptr,
                                     const QueueCheck *queue = nullptr);
    Result<LeaseEnd> end(const QString &leaseId, const QString &by, EndReason reason, qint64 nowMs) override;
    Result<Lease> renew(const QString &leaseId, const QString &by, qint64 newExpiresMs, qint64 nowMs) override;
    Result<QList<LeaseEnd>> expireDue(qint64 nowMs, const QString &noticedBy) override;
    Result<QList<Lease>> activeLeases() override;
    Result<QList<LeaseEnd>> history(int limit) override;
    Result<quint64> lastFence(const QString &gpuId) override;
    Result<QString> poolSetting(const QString &name) override;
    Status setPoolSetting(const QString &name, const QString &value) override;
    Result<QueueEntry> enqueue(const QueueEntry &entry, qint64 nowMs) override;
    Result<QueueSnapshot> queue(qint64 nowMs) override;
    Status heartbeat(const QList<quint64> &ids, qint64 nowMs) override;
    Result<bool> dequeue(quint64 id, const QString &by) override;
    bool changedElsewhere() override;

signals:
    void stateChanged(gpupool::lease::RedisLeaseStore::State state);
    // Another client changed the store, or it came back: re-read.
    // (Not in LeaseStore: only Redis can push; SQLite's data_version is what
    // changedElsewhere() asks; and LeaseStore as a QObject would make this
    // class one twice, all for one connect fewer in the Pool.)
    void leasesChanged();
    // The server lost lease data (dataLossMessage()); leasesChanged() follows.
    void dataLost(const QString &message);

private:
    class ServerClock final : public WallClock
    {
    public:
        explicit ServerClock(const RedisLeaseStore &store) : m_store(store) {}
        qint64 msSinceEpoch() const override;

    private:
        const RedisLeaseStore &m_store;
    };

    // redisleasestoreconnection.cpp: connecting, losing, live updates.
    bool connectNow();
    bool openAndRead();
    void checkDurability();
    void checkEpoch();
    void reportDataLoss(const QString &evidence);
    void lose(const QString &why);
    void setState(State state);
    void scheduleRetry();
    void startSubscriber();
    void handleRetryTimer();
    void handleRereadTimer();
    void handleSubscribed();
    void handleMessage(const QByteArray &payload);
    void handleSubscriptionLost(const QString &reason);
    LeaseError unavailable() const;

    // redisleasestore.cpp: running the script.
    enum class Retry { No, Plain, Resume };
    RedisReplyPtr eval(const QList<QByteArray> &args, Retry retry, QString *error);
    Result<QList<Lease>> grantOrResume(const QList<GrantSpec> &specs, const SettingUpdate *update,
                                       const QueueCheck *queue, bool resume);
    Result<QJsonObject> change(const QList<QByteArray> &args, Retry retry, const QString &doing);
    LeaseError failed(const QString &doing, const QString &why) const;
    void forgetEnded(const QJsonValue &ends);
    RedisReplyPtr send(QList<QByteArray> command, Retry retry, QString *error);
    void sawVersion(qint64 version, bool ownChange);
    // The active leases, read in one script. forCaller: the caller now has
    // everything, so nothing is pending for changedElsewhere().
    Result<QList<Lease>> readSnapshot(bool forCaller);

    RedisUrl m_url;
    Options m_options;
    std::optional<QByteArray> m_password;
    QByteArray m_prefix;
    QList<QByteArray> m_keys;
    QByteArray m_channel;
    QByteArray m_origin; // this store's id in published messages
    RedisConnection m_conn;
    RedisReconnect m_reconnect;
    RedisReconnect m_resubscribe;
    RedisSubscriber *m_subscriber = nullptr;
    QTimer m_retryTimer;
    QTimer m_resubscribeTimer;
    QTimer m_rereadTimer;
    ServerClock m_serverClock;

    State m_state = State::Connecting;
    QString m_statusMessage;
    QString m_lastError;
    QStringList m_warnings;
    QString m_dataLoss;
    // The data's identity: a random id the first client puts next to the
    // leases. Another one on reconnect: what we knew is gone, even when the
    // change counter has since climbed past where we saw it.
    QByteArray m_epoch;
    qint64 m_clockOffsetMs = 0;
    qint64 m_seenVersion = -1; // the store's change counter as last seen
    bool m_dirty = false; // someone else changed it since changedElsewhere()
    bool m_connecting = false; // inside connectNow(): no nested reconnects
    QHash<QString, Lease> m_known;
};

} // namespace gpupool::lease
