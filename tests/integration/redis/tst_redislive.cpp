// Several consoles on one Redis: a change shows up in the others within a
// second (pub/sub), a missed message is healed by the periodic re-read, and
// a Redis that dies and comes back is survived: no grants while it is gone,
// a plain message, the known leases kept as unverified, everything re-read
// on return, and fences that go on growing.
#include "lease/redisconnection.h"
#include "lease/redisleasestore.h"
#include "testredis.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace gpupool::lease;
using gpupool::testing::TestRedis;

namespace {

constexpr qint64 Hour = 3600 * 1000;

GrantSpec spec(const char *id, int gpu, const char *owner = "alice@ws1")
{
    return { QString::fromLatin1(id),
             QStringLiteral("srv1"),
             gpu,
             QString::fromLatin1(owner),
             QString(),
             LeaseKind::Interactive,
             Hour };
}

QStringList ids(const QList<Lease> &leases)
{
    QStringList out;
    for (const Lease &l : leases)
        out.append(l.id);
    return out;
}

} // namespace

class TestRedisLive : public QObject
{
    Q_OBJECT

private slots:
    void secondConsoleSeesAGrantWithinOneSecond();
    void missedMessageIsHealedByTheReread();
    void redisKilledAndRestarted();
    void droppedConnectionIsTriedAgainOnce();
    void restartWithoutPersistenceIsReported();
    void poolSettingReachesTheOthersAtOnce();
};

void TestRedisLive::poolSettingReachesTheOthersAtOnce()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(redis, {});
    const RedisUrl url = *RedisUrl::parse(redis.url());
    RedisLeaseStore a(url, { .live = false });
    RedisLeaseStore b(url, { .rereadIntervalMs = int(Hour) });
    QTRY_VERIFY_WITH_TIMEOUT(b.isLive(), 5000);
    QVERIFY(!b.changedElsewhere());
    QCOMPARE(*b.poolSetting(QStringLiteral("strategy")), QString());

    QSignalSpy changed(&b, &RedisLeaseStore::leasesChanged);
    QVERIFY(!a.setPoolSetting(QStringLiteral("strategy"), QStringLiteral("round_robin")));
    QVERIFY(changed.wait(5000)); // told on the channel, as for a lease
    QVERIFY(b.changedElsewhere());
    QCOMPARE(*b.poolSetting(QStringLiteral("strategy")), QStringLiteral("round_robin"));
    // Setting what is already there changes nothing and tells nobody.
    QVERIFY(!a.setPoolSetting(QStringLiteral("strategy"), QStringLiteral("round_robin")));
    QVERIFY(!changed.wait(300));
    QVERIFY(!b.changedElsewhere());
    QVERIFY(a.activeLeases()->isEmpty());

    // Written with a grant, only when unchanged since it was read.
    const SettingUpdate turn { QStringLiteral("balancer"), QString(), QStringLiteral("turn 1") };
    QVERIFY(a.grant({ spec("L1", 0) }, 0, &turn));
    QCOMPARE(*b.poolSetting(QStringLiteral("balancer")), QStringLiteral("turn 1"));
    const auto stale = b.grant({ spec("L2", 1, "bob@ws2") }, 0, &turn); // b read it before a's grant
    QCOMPARE(stale.code(), ErrorCode::GpuTaken);
    QCOMPARE(b.activeLeases()->size(), 1);
    const SettingUpdate next { QStringLiteral("balancer"), QStringLiteral("turn 1"), QStringLiteral("turn 2") };
    QVERIFY(b.grant({ spec("L2", 1, "bob@ws2") }, 0, &next));
    QCOMPARE(*a.poolSetting(QStringLiteral("balancer")), QStringLiteral("turn 2"));
}

void TestRedisLive::secondConsoleSeesAGrantWithinOneSecond()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(redis, {});
    const RedisUrl url = *RedisUrl::parse(redis.url());
    RedisLeaseStore a(url, { .live = false });
    // The re-read is an hour away: only pub/sub can tell it in time.
    RedisLeaseStore b(url, { .rereadIntervalMs = int(Hour) });
    QVERIFY(a.isAvailable() && b.isAvailable());
    QTRY_VERIFY_WITH_TIMEOUT(b.isLive(), 5000);
    QVERIFY(!b.changedElsewhere());

    QSignalSpy changed(&b, &RedisLeaseStore::leasesChanged);
    QElapsedTimer clock;
    clock.start();
    const auto g = a.grant({ spec("L1", 0) }, 0);
    QVERIFY(g);
    QVERIFY(changed.wait(1000));
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(b.changedElsewhere());
    QCOMPARE(*b.activeLeases(), *g);
    QVERIFY(!b.changedElsewhere()); // it has everything now

    // Its own changes are not news to it.
    QVERIFY(b.grant({ spec("L2", 1, "bob@ws2") }, 0));
    QVERIFY(!b.changedElsewhere());
    // The releasing console hears of it, too.
    QSignalSpy back(&b, &RedisLeaseStore::leasesChanged);
    QVERIFY(a.end(QStringLiteral("L1"), QStringLiteral("alice@ws1"), EndReason::Released, 0));
    QVERIFY(back.wait(1000));
    QCOMPARE(ids(*b.activeLeases()), QStringList { QStringLiteral("L2") });
}

void TestRedisLive::missedMessageIsHealedByTheReread()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(redis, {});
    const RedisUrl url = *RedisUrl::parse(redis.url());
    RedisLeaseStore a(url, { .live = false });
    // Re-read often; come back to pub/sub only after a minute.
    RedisLeaseStore b(url, { .rereadIntervalMs = 200, .reconnect = { 60'000, 2.0, 60'000, 0.0 } });
    QTRY_VERIFY_WITH_TIMEOUT(b.isLive(), 5000);

    // Its subscription goes away (a proxy restart, a network blip) while the
    // command connection stays: every message from now on is missed.
    RedisConnection admin;
    QString why;
    QVERIFY2(admin.open(url, std::nullopt, &why), qPrintable(why));
    const RedisReplyPtr killed = admin.command({ QByteArrayLiteral("CLIENT"), QByteArrayLiteral("KILL"),
                                                 QByteArrayLiteral("TYPE"), QByteArrayLiteral("pubsub") },
                                               &why);
    QCOMPARE(RedisConnection::integer(killed.get()), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!b.isLive(), 5000);
    QCOMPARE(b.state(), RedisLeaseStore::State::Ready); // still usable, only not live

    QSignalSpy changed(&b, &RedisLeaseStore::leasesChanged);
    const auto g = a.grant({ spec("L1", 0) }, 0);
    QVERIFY(g);
    QVERIFY(changed.wait(5000));
    QVERIFY(!b.isLive()); // it was the re-read, not a message
    QVERIFY(b.changedElsewhere());
    QCOMPARE(*b.activeLeases(), *g);
}

void TestRedisLive::redisKilledAndRestarted()
{
    TestRedis redis;
    // Durable as the README asks: every acknowledged lease survives a crash.
    GPUPOOL_START_REDIS(redis,
                        { QStringLiteral("--appendonly"), QStringLiteral("yes"), QStringLiteral("--appendfsync"),
                          QStringLiteral("always") });
    const RedisUrl url = *RedisUrl::parse(redis.url());
    const gpupool::endpoint::BackoffPolicy fast { 50, 2.0, 400, 0.0 };
    RedisLeaseStore a(url, { .live = false, .reconnect = fast });
    RedisLeaseStore b(url, { .rereadIntervalMs = int(Hour), .reconnect = fast });
    QVERIFY(b.warnings().isEmpty());
    const auto held = a.grant({ spec("L1", 0) }, 0);
    QVERIFY(held);
    QTRY_VERIFY_WITH_TIMEOUT(b.isLive(), 5000);
    QCOMPARE(ids(*b.activeLeases()), QStringList { QStringLiteral("L1") });

    redis.kill();
    // Nobody asked anything: the lost subscription tells.
    QTRY_COMPARE_WITH_TIMEOUT(b.state(), RedisLeaseStore::State::Unavailable, 5000);
    QVERIFY2(b.statusMessage().contains(QStringLiteral("cannot be reached"))
                 && b.statusMessage().contains(QStringLiteral("unverified")),
             qPrintable(b.statusMessage()));
    QCOMPARE(b.knownLeases(), *held);
    QVERIFY(!b.knownLeasesVerified());
    QVERIFY(!b.changedElsewhere());
    const auto refused = b.grant({ spec("L2", 1, "bob@ws2") }, 0);
    QCOMPARE(refused.code(), ErrorCode::StoreUnavailable); // known to be down: nothing was asked
    QVERIFY2(refused.error().message.contains(QStringLiteral("No GPU is granted")),
             qPrintable(refused.error().message));
    // Lost during the call: whether it was made is unknown.
    QCOMPARE(a.grant({ spec("L3", 2) }, 0).code(), ErrorCode::StoreFailed);
    QCOMPARE(a.state(), RedisLeaseStore::State::Unavailable);
    QCOMPARE(a.grant({ spec("L3", 2) }, 0).code(), ErrorCode::StoreUnavailable);
    QCOMPARE(b.activeLeases().code(), ErrorCode::StoreUnavailable);

    QSignalSpy changed(&b, &RedisLeaseStore::leasesChanged);
    QString why;
    QVERIFY2(redis.restart(&why), qPrintable(why));
    QTRY_COMPARE_WITH_TIMEOUT(b.state(), RedisLeaseStore::State::Ready, 5000);
    QVERIFY(changed.count() > 0 || changed.wait(1000)); // everybody re-reads on return
    QVERIFY(b.statusMessage().isEmpty());
    QVERIFY(b.changedElsewhere());
    QCOMPARE(*b.activeLeases(), *held); // the acknowledged lease survived the crash
    QVERIFY(b.knownLeasesVerified());
    QVERIFY(b.dataLossMessage().isEmpty()); // a durable Redis lost nothing
    QVERIFY(b.warnings().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(b.isLive(), 5000);

    // The command line comes back on its own next call once its backoff allows.
    QTRY_VERIFY_WITH_TIMEOUT(a.reconnectIfDue(), 5000);
    QVERIFY(a.end(QStringLiteral("L1"), QStringLiteral("alice@ws1"), EndReason::Released, 0));
    const auto next = a.grant({ spec("L4", 0) }, 0);
    QVERIFY(next);
    QCOMPARE(next->first().fence, quint64(2)); // fences go on growing
    QCOMPARE(ids(*a.activeLeases()), QStringList { QStringLiteral("L4") });
}

void TestRedisLive::droppedConnectionIsTriedAgainOnce()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(redis, {});
    const RedisUrl url = *RedisUrl::parse(redis.url());
    RedisLeaseStore a(url, { .live = false });
    QVERIFY(a.grant({ spec("L1", 0) }, 0));
    // The server drops every ordinary connection (an idle time-out, a proxy).
    RedisConnection admin;
    QString why;
    QVERIFY2(admin.open(url, std::nullopt, &why), qPrintable(why));
    const RedisReplyPtr killed
        = admin.command({ QByteArrayLiteral("CLIENT"), QByteArrayLiteral("KILL"), QByteArrayLiteral("TYPE"),
                          QByteArrayLiteral("normal"), QByteArrayLiteral("SKIPME"), QByteArrayLiteral("yes") },
                        &why);
    QCOMPARE(RedisConnection::integer(killed.get()), 1);
    // Nobody notices: the next call reconnects once and goes through.
    const auto g = a.grant({ spec("L2", 1) }, 0);
    QVERIFY2(g, qPrintable(g ? QString() : g.error().message));
    QCOMPARE(a.state(), RedisLeaseStore::State::Ready);
    QCOMPARE(ids(*a.activeLeases()), (QStringList { QStringLiteral("L1"), QStringLiteral("L2") }));
}

void TestRedisLive::restartWithoutPersistenceIsReported()
{
    TestRedis redis;
    // As many a default install runs: nothing on disk at all.
    GPUPOOL_START_REDIS(redis,
                        { QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--save"), QString() });
    const RedisUrl url = *RedisUrl::parse(redis.url());
    const gpupool::endpoint::BackoffPolicy fast { 50, 2.0, 400, 0.0 };
    RedisLeaseStore console(url, { .rereadIntervalMs = int(Hour), .reconnect = fast });
    RedisLeaseStore cli(url, { .live = false, .reconnect = fast });
    QCOMPARE(console.warnings().size(), 1); // appendonly no: said at connect
    QVERIFY(console.dataLossMessage().isEmpty());
    QVERIFY(cli.grant({ spec("L1", 0) }, 0));
    QVERIFY(cli.grant({ spec("L2", 1) }, 0));
    QTRY_COMPARE_WITH_TIMEOUT(console.knownLeases().size(), 2, 5000);
    QSignalSpy lost(&console, &RedisLeaseStore::dataLost);
    QSignalSpy changed(&console, &RedisLeaseStore::leasesChanged);

    redis.kill();
    QString why;
    QVERIFY2(redis.restart(&why), qPrintable(why));
    // Someone else makes more changes than `cli` ever saw before it comes
    // back: its change counter alone would not tell it.
    RedisLeaseStore other(url, { .live = false });
    for (const char *id : { "L3", "L4", "L5" }) {
        QVERIFY(other.grant({ spec(id, 2, "bob@ws2") }, 0));
        QVERIFY(other.end(QString::fromLatin1(id), QStringLiteral("bob@ws2"), EndReason::Released, 0));
    }

    QVERIFY(lost.count() > 0 || lost.wait(5000));
    QCOMPARE(lost.count(), 1);
    const QString message = console.dataLossMessage();
    QCOMPARE(lost.first().at(0).toString(), message);
    QVERIFY2(message.contains(QStringLiteral("restarted without persistence"))
                 && message.contains(QStringLiteral("may have been lost"))
                 && message.contains(QStringLiteral("unverified")),
             qPrintable(message));
    QVERIFY(console.warnings().contains(message));
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() > 0, 5000);
    QVERIFY(console.knownLeases().isEmpty()); // re-read: L1 and L2 are gone

    // The command line finds out on its next call (its connection broke
    // with the restart; the call reconnects once by itself).
    const auto read = cli.activeLeases();
    QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
    QVERIFY(read->isEmpty());
    QVERIFY2(cli.dataLossMessage().contains(QStringLiteral("not those read before")),
             qPrintable(cli.dataLossMessage()));
    QVERIFY(cli.warnings().contains(cli.dataLossMessage()));
    // The danger the message is about: GPU 0, still in use by L1's owner,
    // goes to someone else, and its fence starts over.
    const auto again = other.grant({ spec("L6", 0, "bob@ws2") }, 0);
    QVERIFY(again);
    QCOMPARE(again->first().fence, quint64(1));
    // It connected after the loss: nothing it knew was lost.
    QVERIFY(other.dataLossMessage().isEmpty());
    QCOMPARE(lost.count(), 1); // said once
}

QTEST_GUILESS_MAIN(TestRedisLive)
#include "tst_redislive.moc"
