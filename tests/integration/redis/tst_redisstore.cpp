// The lease script's rules against a real redis-server (redisscript.h): the
// same contract as tests/unit/lease/tst_leasestore.cpp, with time taken from
// the server's clock instead of the caller's.
#include "endpoint/secretstore.h"
#include "lease/redisconnection.h"
#include "lease/redisleasestore.h"
#include "testredis.h"

#include <QTest>
#include <hiredis/hiredis.h>
#include <memory>

using namespace gpupool::lease;
using gpupool::testing::TestRedis;

namespace {

constexpr qint64 Hour = 3600 * 1000;
// What the caller believes the time is: far from the server's, to prove that
// nothing the server decides reads it.
constexpr qint64 CallerNow = 1'000'000;

GrantSpec spec(const char *id, const char *endpoint, int gpu, const char *owner = "alice@ws1", qint64 durationMs = Hour)
{
    return { QString::fromLatin1(id), QString::fromLatin1(endpoint), gpu,       QString::fromLatin1(owner),
             QStringLiteral("note"),  LeaseKind::Programmatic,       durationMs };
}

const QString Alice = QStringLiteral("alice@ws1");
const QString Bob = QStringLiteral("bob@ws2");

} // namespace

class TestRedisStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void grantRecordsEverythingOnServerTime();
    void leasesAreExclusive();
    void batchIsAllOrNothing();
    void fencesStrictlyIncreasePerGpu();
    void releaseByOwnerOnly();
    void releaseUnknownAndTwice();
    void revokeAndExpiredRequests();
    void renewByOwnerOnly();
    void expiryFollowsTheServersClock();
    void expiredLeaseGivesWayAndIsRecorded();
    void historyNewestFirstAndBounded();
    void historyKeptFromTheUrl();
    void leaseIdsAreNeverReused();
    void resumeGrantAnswersALostReply();
    void resumeGrantNeverHandsBackARunOutLease();
    void clustersAreSeparate();
    void warnsAboutWeakPersistence();
    void passwordFromUrlOrSecretStore();

private:
    std::unique_ptr<RedisLeaseStore> open(const QString &cluster = QStringLiteral("test"),
                                          RedisLeaseStore::Options options = {});
    qint64 serverNowMs();

    TestRedis m_redis;
    std::unique_ptr<RedisLeaseStore> m_store;
    RedisLeaseStore &store() { return *m_store; }
};

std::unique_ptr<RedisLeaseStore> TestRedisStore::open(const QString &cluster, RedisLeaseStore::Options options)
{
    options.live = false;
    auto url = RedisUrl::parse(m_redis.url(cluster));
    return url ? std::make_unique<RedisLeaseStore>(*url, options) : nullptr;
}

qint64 TestRedisStore::serverNowMs()
{
    RedisConnection c;
    QString why;
    if (!c.open(*RedisUrl::parse(m_redis.url()), std::nullopt, &why))
        return -1;
    const RedisReplyPtr t = c.command({ QByteArrayLiteral("TIME") }, &why);
    return RedisConnection::integer(RedisConnection::at(t.get(), 0)) * 1000
        + RedisConnection::integer(RedisConnection::at(t.get(), 1)) / 1000;
}

void TestRedisStore::initTestCase()
{
    GPUPOOL_START_REDIS(m_redis, {});
}

void TestRedisStore::init()
{
    RedisConnection c;
    QString why;
    QVERIFY2(c.open(*RedisUrl::parse(m_redis.url()), std::nullopt, &why), qPrintable(why));
    QVERIFY(c.command({ QByteArrayLiteral("FLUSHALL") }, &why));
    m_store = open();
    QVERIFY(m_store);
    QVERIFY2(!store().connectStatus(), qPrintable(store().statusMessage()));
    QCOMPARE(store().state(), RedisLeaseStore::State::Ready);
}

void TestRedisStore::cleanup()
{
    m_store.reset();
}

void TestRedisStore::grantRecordsEverythingOnServerTime()
{
    const qint64 before = serverNowMs();
    const auto r = store().grant({ spec("L1", "srv1", 2) }, CallerNow);
    const qint64 after = serverNowMs();
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
    QCOMPARE(r->size(), 1);
    const Lease &l = r->first();
    QCOMPARE(l.id, QStringLiteral("L1"));
    QCOMPARE(l.gpuId(), QStringLiteral("srv1:2"));
    QCOMPARE(l.owner, Alice);
    QCOMPARE(l.note, QStringLiteral("note"));
    QCOMPARE(l.kind, LeaseKind::Programmatic);
    QVERIFY2(l.createdMs >= before && l.createdMs <= after, "created on the server's clock");
    QCOMPARE(l.expiresMs, l.createdMs + Hour);
    QCOMPARE(l.fence, quint64(1));
    QCOMPARE(*store().activeLeases(), QList<Lease> { l });
    QVERIFY(qAbs(store().serverClock().msSinceEpoch() - serverNowMs()) < 1000);
}

void TestRedisStore::leasesAreExclusive()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, CallerNow));
    // Another workstation, with its own connection.
    const auto other = open();
    const auto again = other->grant({ spec("L2", "srv1", 0, "bob@ws2") }, CallerNow + 10 * Hour);
    QCOMPARE(again.code(), ErrorCode::GpuTaken);
    QVERIFY2(again.error().message.contains(QStringLiteral("srv1:0")) && again.error().message.contains(Alice),
             qPrintable(again.error().message));
    QCOMPARE(store().activeLeases()->size(), 1);
    QCOMPARE(*store().lastFence(QStringLiteral("srv1:0")), quint64(1));
}

void TestRedisStore::batchIsAllOrNothing()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 1) }, CallerNow));
    const auto batch
        = store().grant({ spec("B0", "srv1", 0), spec("B1", "srv1", 1), spec("B2", "srv1", 2) }, CallerNow);
    QCOMPARE(batch.code(), ErrorCode::GpuTaken);
    QCOMPARE(store().activeLeases()->size(), 1);
    QCOMPARE(*store().lastFence(QStringLiteral("srv1:0")), quint64(0)); // no fence spent
    const auto ok = store().grant({ spec("B0", "srv1", 0), spec("B2", "srv1", 2) }, CallerNow);
    QVERIFY(ok);
    QCOMPARE(ok->size(), 2);
    QCOMPARE(store().activeLeases()->size(), 3);
}

void TestRedisStore::fencesStrictlyIncreasePerGpu()
{
    const auto other = open();
    for (int i = 1; i <= 6; ++i) {
        // Alternate clients: the counter lives in Redis, not in a client.
        RedisLeaseStore &s = i % 2 ? store() : *other;
        const QByteArray id = "F" + QByteArray::number(i);
        const auto g = s.grant({ spec(id.constData(), "srv1", 0) }, CallerNow);
        QVERIFY(g);
        QCOMPARE(g->first().fence, quint64(i));
        QVERIFY(s.end(g->first().id, Alice, EndReason::Released, CallerNow));
    }
    QCOMPARE(*store().lastFence(QStringLiteral("srv1:0")), quint64(6));
    QCOMPARE(store().grant({ spec("G1", "srv1", 1) }, CallerNow)->first().fence, quint64(1));
    QCOMPARE(*store().lastFence(QStringLiteral("never:7")), quint64(0));
}

void TestRedisStore::releaseByOwnerOnly()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, CallerNow));
    const auto bob = store().end(QStringLiteral("L1"), Bob, EndReason::Released, CallerNow);
    QCOMPARE(bob.code(), ErrorCode::NotOwner);
    QVERIFY2(bob.error().message.contains(Alice) && bob.error().message.contains(Bob), qPrintable(bob.error().message));
    QCOMPARE(store().activeLeases()->size(), 1); // still Alice's
    QVERIFY(store().history(10)->isEmpty());
    const qint64 before = serverNowMs();
    const auto r = store().end(QStringLiteral("L1"), Alice, EndReason::Released, CallerNow);
    QVERIFY(r);
    QCOMPARE(r->reason, EndReason::Released);
    QCOMPARE(r->endedBy, Alice);
    QVERIFY(r->endedMs >= before && r->endedMs <= serverNowMs());
    QVERIFY(store().activeLeases()->isEmpty());
    QCOMPARE(*store().history(10), QList<LeaseEnd> { *r });
}

void TestRedisStore::releaseUnknownAndTwice()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, CallerNow));
    const auto unknown = store().end(QStringLiteral("nope"), Alice, EndReason::Released, CallerNow);
    QCOMPARE(unknown.code(), ErrorCode::UnknownLease);
    QVERIFY(unknown.error().message.contains(QStringLiteral("nope")));
    QVERIFY(store().end(QStringLiteral("L1"), Alice, EndReason::Released, CallerNow));
    const auto again = store().end(QStringLiteral("L1"), Alice, EndReason::Released, CallerNow);
    QCOMPARE(again.code(), ErrorCode::AlreadyEnded);
    QVERIFY2(again.error().message.contains(QStringLiteral("released by alice@ws1")),
             qPrintable(again.error().message));
    QCOMPARE(store().history(10)->size(), 1);
}

void TestRedisStore::revokeAndExpiredRequests()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, CallerNow));
    QCOMPARE(store().end(QStringLiteral("L1"), Alice, EndReason::Expired, CallerNow).code(),
             ErrorCode::InvalidArgument);
    QCOMPARE(store().end(QStringLiteral("L1"), QStringLiteral("  "), EndReason::Revoked, CallerNow).code(),
             ErrorCode::InvalidArgument);
    QCOMPARE(store().activeLeases()->size(), 1);
    const auto r = store().end(QStringLiteral("L1"), QStringLiteral("root@admin"), EndReason::Revoked, CallerNow);
    QVERIFY(r);
    QCOMPARE(r->reason, EndReason::Revoked);
    QCOMPARE(store().history(1)->first().endedBy, QStringLiteral("root@admin"));
    QCOMPARE(store().end(QStringLiteral("L1"), Alice, EndReason::Released, CallerNow).code(), ErrorCode::AlreadyEnded);
}

void TestRedisStore::renewByOwnerOnly()
{
    const auto g = store().grant({ spec("L1", "srv1", 0) }, CallerNow);
    QVERIFY(g);
    QCOMPARE(store().renew(QStringLiteral("L1"), Bob, CallerNow + 2 * Hour, CallerNow).code(), ErrorCode::NotOwner);
    QCOMPARE(store().renew(QStringLiteral("L1"), Alice, CallerNow, CallerNow).code(), ErrorCode::InvalidArgument);
    QCOMPARE(store().renew(QStringLiteral("zz"), Alice, CallerNow + Hour, CallerNow).code(), ErrorCode::UnknownLease);
    QCOMPARE(store().activeLeases()->first().expiresMs, g->first().expiresMs);
    // "3 h from now" on the caller's clock is 3 h from now on the server's.
    const qint64 before = serverNowMs();
    const auto r = store().renew(QStringLiteral("L1"), Alice, CallerNow + 3 * Hour, CallerNow);
    QVERIFY(r);
    QVERIFY(r->expiresMs >= before + 3 * Hour && r->expiresMs <= serverNowMs() + 3 * Hour);
    QCOMPARE(r->fence, quint64(1)); // a renewal is the same grant
    QCOMPARE(store().activeLeases()->first().expiresMs, r->expiresMs);
}

void TestRedisStore::expiryFollowsTheServersClock()
{
    QVERIFY(store().grant({ spec("LONG", "srv1", 0, "alice@ws1", Hour) }, CallerNow));
    const auto g = store().grant({ spec("SHORT", "srv1", 1, "alice@ws1", 50) }, CallerNow);
    QVERIFY(g);
    // A caller whose clock is a day ahead expires nothing that is not due.
    const auto none = store().expireDue(CallerNow + 24 * Hour, QStringLiteral("x"));
    QVERIFY(none);
    QVERIFY(none->size() <= 1);
    QVERIFY(none->isEmpty() || none->first().lease.id == QLatin1String("SHORT"));
    // The short one is due once the server's clock passes it.
    QTRY_VERIFY_WITH_TIMEOUT(serverNowMs() >= g->first().expiresMs, 5000);
    QList<LeaseEnd> ends = *none;
    if (ends.isEmpty())
        ends = *store().expireDue(0, QStringLiteral("console@ws1")); // a caller whose clock is in 1970
    QCOMPARE(ends.size(), 1);
    QCOMPARE(ends.first().lease.id, QStringLiteral("SHORT"));
    QCOMPARE(ends.first().reason, EndReason::Expired);
    QCOMPARE(ends.first().endedMs, g->first().expiresMs); // when it ran out, not when noticed
    QCOMPARE(store().activeLeases()->size(), 1);
    // Too late for the owner to release or renew it.
    QCOMPARE(store().end(QStringLiteral("SHORT"), Alice, EndReason::Released, CallerNow).code(),
             ErrorCode::AlreadyEnded);
}

void TestRedisStore::expiredLeaseGivesWayAndIsRecorded()
{
    const auto old = store().grant({ spec("OLD", "srv1", 0, "alice@ws1", 50) }, CallerNow);
    QVERIFY(old);
    QTRY_VERIFY_WITH_TIMEOUT(serverNowMs() >= old->first().expiresMs, 5000);
    // Nobody ran expireDue: the grant frees the GPU itself.
    const auto g = store().grant({ spec("NEW", "srv1", 0, "bob@ws2") }, CallerNow);
    QVERIFY(g);
    QCOMPARE(g->first().fence, quint64(2));
    const auto h = store().history(10);
    QCOMPARE(h->size(), 1);
    QCOMPARE(h->first().lease.id, QStringLiteral("OLD"));
    QCOMPARE(h->first().reason, EndReason::Expired);
    QCOMPARE(h->first().endedMs, old->first().expiresMs);
    QCOMPARE(h->first().endedBy, Bob); // who noticed
    // Renewing after expiry ends it as expired, too.
    const auto r = store().grant({ spec("R", "srv1", 1, "alice@ws1", 50) }, CallerNow);
    QTRY_VERIFY_WITH_TIMEOUT(serverNowMs() >= r->first().expiresMs, 5000);
    QCOMPARE(store().renew(QStringLiteral("R"), Alice, CallerNow + Hour, CallerNow).code(), ErrorCode::AlreadyEnded);
    QCOMPARE(store().history(1)->first().reason, EndReason::Expired);
}

void TestRedisStore::historyNewestFirstAndBounded()
{
    m_store = open(QStringLiteral("test"), { .historyKept = 4 });
    for (int i = 0; i < 6; ++i) {
        const QByteArray id = "H" + QByteArray::number(i);
        QVERIFY(store().grant({ spec(id.constData(), "srv1", i) }, CallerNow));
        QVERIFY(store().end(QString::fromLatin1(id), Alice, EndReason::Released, CallerNow));
    }
    const auto h = store().history(3);
    QCOMPARE(h->size(), 3);
    QCOMPARE(h->at(0).lease.id, QStringLiteral("H5"));
    QCOMPARE(h->at(2).lease.id, QStringLiteral("H3"));
    QCOMPARE(store().history(100)->size(), 4); // kept
    QVERIFY(store().history(0)->isEmpty());
}

void TestRedisStore::historyKeptFromTheUrl()
{
    // history=N in the URL every program shares beats a program's default.
    const auto url = RedisUrl::parse(m_redis.url(QStringLiteral("hist")) + QStringLiteral("&history=2"));
    QVERIFY(url);
    RedisLeaseStore::Options options;
    options.live = false;
    m_store = std::make_unique<RedisLeaseStore>(*url, options);
    for (int i = 0; i < 4; ++i) {
        const QByteArray id = "K" + QByteArray::number(i);
        QVERIFY(store().grant({ spec(id.constData(), "srv1", i) }, CallerNow));
        QVERIFY(store().end(QString::fromLatin1(id), Alice, EndReason::Released, CallerNow));
    }
    const auto h = store().history(100);
    QCOMPARE(h->size(), 2);
    QCOMPARE(h->at(0).lease.id, QStringLiteral("K3"));
    QCOMPARE(h->at(1).lease.id, QStringLiteral("K2"));
}

void TestRedisStore::leaseIdsAreNeverReused()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, CallerNow));
    QCOMPARE(store().grant({ spec("L1", "srv1", 1) }, CallerNow).code(), ErrorCode::InvalidArgument);
    QVERIFY(store().end(QStringLiteral("L1"), Alice, EndReason::Released, CallerNow));
    QCOMPARE(store().grant({ spec("L1", "srv1", 1) }, CallerNow).code(), ErrorCode::InvalidArgument);
    QCOMPARE(store().grant({}, CallerNow).code(), ErrorCode::InvalidArgument);
    QCOMPARE(store().grant({ spec("X", "srv1", 0), spec("Y", "srv1", 0) }, CallerNow).code(),
             ErrorCode::InvalidArgument);
}

void TestRedisStore::resumeGrantAnswersALostReply()
{
    // The first try went through but its answer was lost: asking again with
    // the same ids gives the same leases, and no fence is spent.
    const auto g = store().grant({ spec("L1", "srv1", 0), spec("L2", "srv1", 1) }, CallerNow);
    QVERIFY(g);
    const auto again = store().resumeGrant({ spec("L1", "srv1", 0), spec("L2", "srv1", 1) });
    QVERIFY(again);
    QCOMPARE(*again, *g);
    QCOMPARE(*store().lastFence(QStringLiteral("srv1:0")), quint64(1));
    // It did not go through: granted now.
    const auto fresh = store().resumeGrant({ spec("L3", "srv1", 2) });
    QVERIFY(fresh);
    QCOMPARE(fresh->first().fence, quint64(1));
    // Someone else's lease is never handed over by a resume.
    QCOMPARE(store().resumeGrant({ spec("L1", "srv1", 0, "bob@ws2") }).code(), ErrorCode::InvalidArgument);
    QVERIFY(store().end(QStringLiteral("L1"), Alice, EndReason::Released, CallerNow));
    QCOMPARE(store().resumeGrant({ spec("L1", "srv1", 0) }).code(), ErrorCode::InvalidArgument);
}

void TestRedisStore::resumeGrantNeverHandsBackARunOutLease()
{
    // The grant went through, its answer was lost, and by the time the client
    // asks again the lease has run out on the server's clock though nothing
    // has expired it yet: the client must not believe it holds the GPU.
    // 1 ms: already past when we ask; the wait is only a bounded guard.
    const auto g = store().grant({ spec("L1", "srv1", 0, "alice@ws1", 1), spec("L2", "srv1", 1) }, CallerNow);
    QVERIFY(g);
    const auto other = open(); // sees the change counter move
    QVERIFY(!other->changedElsewhere());
    QTRY_VERIFY_WITH_TIMEOUT(serverNowMs() > g->first().expiresMs, 1000);
    const auto again = store().resumeGrant({ spec("L1", "srv1", 0, "alice@ws1", 1), spec("L2", "srv1", 1) });
    QVERIFY2(!again, "a lease past its expiry was handed back as held");
    QCOMPARE(again.code(), ErrorCode::AlreadyEnded);
    QVERIFY2(again.error().message.contains(QStringLiteral("L1"))
                 && again.error().message.contains(QStringLiteral("expired")),
             qPrintable(again.error().message));
    // Ended as the expire script would have; the batch is all or nothing, so
    // its other lease goes back too instead of being held by nobody.
    QVERIFY(store().activeLeases()->isEmpty());
    const auto h = store().history(10);
    QCOMPARE(h->size(), 2);
    QCOMPARE(h->at(1).lease.id, QStringLiteral("L1"));
    QCOMPARE(h->at(1).reason, EndReason::Expired);
    QCOMPARE(h->at(1).endedBy, Alice);
    QCOMPARE(h->at(1).endedMs, g->first().expiresMs);
    QCOMPARE(h->at(0).lease.id, QStringLiteral("L2"));
    QCOMPARE(h->at(0).reason, EndReason::Released);
    QCOMPARE(h->at(0).endedBy, Alice);
    QVERIFY(other->changedElsewhere());
    // Asking afresh (new ids) gets the GPUs, with the next fences.
    const auto fresh = store().grant({ spec("L3", "srv1", 0), spec("L4", "srv1", 1) }, CallerNow);
    QVERIFY(fresh);
    QCOMPARE(fresh->at(0).fence, quint64(2));
    QCOMPARE(fresh->at(1).fence, quint64(2));
    // The old ids stay spent.
    QCOMPARE(store().resumeGrant({ spec("L1", "srv1", 2) }).code(), ErrorCode::InvalidArgument);
}

void TestRedisStore::clustersAreSeparate()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, CallerNow));
    const auto lab2 = open(QStringLiteral("lab2"));
    QVERIFY(lab2->activeLeases()->isEmpty());
    QVERIFY(lab2->grant({ spec("L1", "srv1", 0, "bob@ws2") }, CallerNow)); // its own GPUs and ids
    QCOMPARE(store().activeLeases()->first().owner, Alice);
}

void TestRedisStore::warnsAboutWeakPersistence()
{
    // The test server keeps everything in memory.
    QCOMPARE(store().warnings().size(), 1);
    QVERIFY2(store().warnings().first().contains(QStringLiteral("appendonly no")),
             qPrintable(store().warnings().first()));

    TestRedis everysec;
    GPUPOOL_START_REDIS(everysec,
                        { QStringLiteral("--appendonly"), QStringLiteral("yes"), QStringLiteral("--appendfsync"),
                          QStringLiteral("everysec") });
    RedisLeaseStore weak(*RedisUrl::parse(everysec.url()), { .live = false });
    QVERIFY(weak.isAvailable());
    QCOMPARE(weak.warnings().size(), 1);
    QVERIFY(weak.warnings().first().contains(QStringLiteral("everysec")));

    TestRedis always;
    GPUPOOL_START_REDIS(always,
                        { QStringLiteral("--appendonly"), QStringLiteral("yes"), QStringLiteral("--appendfsync"),
                          QStringLiteral("always") });
    RedisLeaseStore strong(*RedisUrl::parse(always.url()), { .live = false });
    QVERIFY(strong.isAvailable());
    QVERIFY(strong.warnings().isEmpty());
}

void TestRedisStore::passwordFromUrlOrSecretStore()
{
    TestRedis locked;
    GPUPOOL_START_REDIS(locked, { QStringLiteral("--requirepass"), QStringLiteral("s3cret") });
    RedisLeaseStore none(*RedisUrl::parse(locked.url()), { .live = false });
    QCOMPARE(none.state(), RedisLeaseStore::State::Unavailable);
    QVERIFY2(none.statusMessage().contains(QStringLiteral("password")), qPrintable(none.statusMessage()));
    QCOMPARE(none.grant({ spec("L1", "srv1", 0) }, CallerNow).code(), ErrorCode::StoreUnavailable);

    RedisLeaseStore fromUrl(*RedisUrl::parse(locked.url() + QStringLiteral("&password=s3cret")), { .live = false });
    QVERIFY2(fromUrl.isAvailable(), qPrintable(fromUrl.statusMessage()));
    QVERIFY(fromUrl.grant({ spec("L1", "srv1", 0) }, CallerNow));

    const RedisUrl url = *RedisUrl::parse(locked.url());
    gpupool::endpoint::InMemorySecretStore secrets;
    secrets.setApiKey(url.secretId(), QByteArrayLiteral("s3cret"));
    RedisLeaseStore fromKeychain(url, { .live = false }, &secrets);
    QVERIFY2(fromKeychain.isAvailable(), qPrintable(fromKeychain.statusMessage()));
    QCOMPARE(fromKeychain.activeLeases()->size(), 1);
    QVERIFY(!fromKeychain.statusMessage().contains(QStringLiteral("s3cret")));
}

QTEST_GUILESS_MAIN(TestRedisStore)
#include "tst_redisstore.moc"
