// The pure parts of the Redis store: reconnect backoff on a fake clock, the
// persistence warnings, and the lease codec.
#include "fakeclock.h"
#include "lease/rediscodec.h"
#include "lease/redisdurability.h"
#include "lease/redisreconnect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace gpupool::lease;
using gpupool::testing::FakeClock;
using gpupool::testing::FixedRandom;

class TestRedisPolicy : public QObject
{
    Q_OBJECT

private slots:
    void reconnectBacksOff();
    void reconnectJitterSpreadsClients();
    void durabilityWarnings();
    void codecRoundTrip();
    void codecRefusesDamage();
    void codecWordsRefusalsLikeTheRules();
};

void TestRedisPolicy::reconnectBacksOff()
{
    FakeClock clock;
    FixedRandom noJitter; // 0.5: the nominal delay
    RedisReconnect r(RedisReconnect::defaultPolicy(), clock, noJitter);
    QVERIFY(r.isDue()); // never failed: try at once
    r.failed();
    QCOMPARE(r.lastDelayMs(), 500);
    QVERIFY(!r.isDue());
    clock.advance(499);
    QCOMPARE(r.msUntilDue(), 1);
    clock.advance(1);
    QVERIFY(r.isDue());
    QList<qint64> delays;
    for (int i = 0; i < 8; ++i) {
        r.failed();
        delays.append(r.lastDelayMs());
    }
    QCOMPARE(delays, (QList<qint64> { 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000 }));
    QCOMPARE(r.failures(), 9);
    r.succeeded();
    QVERIFY(r.isDue());
    r.failed();
    QCOMPARE(r.lastDelayMs(), 500); // a new outage starts small again
}

void TestRedisPolicy::reconnectJitterSpreadsClients()
{
    FakeClock clock;
    FixedRandom low({ 0.0 });
    FixedRandom high({ 0.999999 });
    RedisReconnect a(RedisReconnect::defaultPolicy(), clock, low);
    RedisReconnect b(RedisReconnect::defaultPolicy(), clock, high);
    for (int i = 0; i < 8; ++i) {
        a.failed();
        b.failed();
    }
    QCOMPARE(a.lastDelayMs(), 24000); // 30 s - 20 %
    QVERIFY(b.lastDelayMs() >= 35999 && b.lastDelayMs() <= 36000);
}

void TestRedisPolicy::durabilityWarnings()
{
    const QString name = QStringLiteral("redis://r:6379/0?cluster=lab");
    QVERIFY(gpupool::lease::durabilityWarnings(name, QStringLiteral("yes"), QStringLiteral("always")).isEmpty());
    QVERIFY(gpupool::lease::durabilityWarnings(name, QString(), QString()).isEmpty()); // CONFIG refused
    const QStringList memory = gpupool::lease::durabilityWarnings(name, QStringLiteral("no"), QStringLiteral("always"));
    QCOMPARE(memory.size(), 1);
    QVERIFY(memory.first().contains(name) && memory.first().contains(QStringLiteral("appendfsync always")));
    const QStringList everysec
        = gpupool::lease::durabilityWarnings(name, QStringLiteral("yes"), QStringLiteral("everysec"));
    QCOMPARE(everysec.size(), 1);
    QVERIFY(everysec.first().contains(QStringLiteral("\"everysec\"")));
}

void TestRedisPolicy::codecRoundTrip()
{
    const GrantSpec s { QStringLiteral("L1"),     QStringLiteral("srv1_8000"),    3,
                        QStringLiteral("ann@ws"), QStringLiteral("é note \"q\""), LeaseKind::Interactive,
                        4 * 3600 * 1000 };
    const QJsonArray a = QJsonDocument::fromJson(rediscodec::encodeSpecs({ s })).array();
    QCOMPARE(a.size(), 1);
    QCOMPARE(a.first().toObject().value(QLatin1String("g")).toString(), QStringLiteral("srv1_8000:3"));
    // What the script stores for it.
    const QByteArray stored = R"({"id":"L1","ep":"srv1_8000","n":3,"g":"srv1_8000:3","owner":"ann@ws",)"
                              R"("note":"\u00e9 note \"q\"","kind":"interactive","created":1893456000123,)"
                              R"("expires":1893470400123,"fence":42})";
    const auto l = rediscodec::leaseFromBytes(stored);
    QVERIFY(l);
    QCOMPARE(l->gpuId(), QStringLiteral("srv1_8000:3"));
    QCOMPARE(l->note, s.note);
    QCOMPARE(l->kind, LeaseKind::Interactive);
    QCOMPARE(l->createdMs, Q_INT64_C(1893456000123));
    QCOMPARE(l->expiresMs, Q_INT64_C(1893470400123));
    QCOMPARE(l->fence, quint64(42));
    const auto e = rediscodec::endFromBytes(QByteArray(R"({"lease":)") + stored
                                            + R"(,"reason":"revoked","by":"root","at":1893456000999})");
    QVERIFY(e);
    QCOMPARE(e->reason, EndReason::Revoked);
    QCOMPARE(e->endedBy, QStringLiteral("root"));
    QCOMPARE(e->endedMs, Q_INT64_C(1893456000999));
}

void TestRedisPolicy::codecRefusesDamage()
{
    QVERIFY(!rediscodec::leaseFromBytes("not json"));
    QVERIFY(!rediscodec::leaseFromBytes(R"({"id":"L1","ep":"s","n":0,"kind":"interactive","created":1,"expires":2})"));
    QVERIFY(
        !rediscodec::leaseFromBytes(R"({"id":"L1","ep":"s","n":0,"kind":"weird","created":1,"expires":2,"fence":1})"));
    QVERIFY(!rediscodec::leaseFromBytes(
        R"({"id":"L1","ep":"s","n":0.5,"kind":"interactive","created":1,"expires":2,"fence":1})"));
    QVERIFY(!rediscodec::parseAnswer(R"({"neither":1})"));
    QVERIFY(rediscodec::parseAnswer(R"({"ok":"granted"})"));
    const LeaseError e = rediscodec::errorFromAnswer(*rediscodec::parseAnswer(R"({"err":"what"})"),
                                                     QStringLiteral("L1"), QString(), std::nullopt, 0, 0);
    QCOMPARE(e.code, ErrorCode::StoreCorrupt);
}

void TestRedisPolicy::codecWordsRefusalsLikeTheRules()
{
    const QByteArray lease = R"({"id":"L1","ep":"srv1","n":0,"g":"srv1:0","owner":"alice","note":"",)"
                             R"("kind":"programmatic","created":1,"expires":2,"fence":1})";
    const auto answer = [&](const char *code) {
        return *rediscodec::parseAnswer(QByteArray(R"({"err":")") + code + R"(","lease":)" + lease + "}");
    };
    const LeaseError notOwner = rediscodec::errorFromAnswer(answer("refused"), QStringLiteral("L1"),
                                                            QStringLiteral("bob"), EndReason::Released, 0, 0);
    QCOMPARE(notOwner.code, ErrorCode::NotOwner);
    QVERIFY(notOwner.message.contains(QStringLiteral("alice")) && notOwner.message.contains(QStringLiteral("bob")));
    QCOMPARE(rediscodec::errorFromAnswer(answer("taken"), QStringLiteral("L2"), QString(), std::nullopt, 0, 0).code,
             ErrorCode::GpuTaken);
    QCOMPARE(rediscodec::errorFromAnswer(*rediscodec::parseAnswer(R"({"err":"unknown"})"), QStringLiteral("zz"),
                                         QString(), std::nullopt, 0, 0)
                 .code,
             ErrorCode::UnknownLease);
}

QTEST_GUILESS_MAIN(TestRedisPolicy)
#include "tst_redispolicy.moc"
