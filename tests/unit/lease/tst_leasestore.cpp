// The LeaseStore contract, run against every store: the in-memory one and the
// SQLite one must agree on every rule.
#include "lease/leaserules.h"
#include "lease/memoryleasestore.h"
#include "lease/sqliteleasestore.h"

#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace gpupool::lease;

namespace {

constexpr qint64 T0 = 1'893'456'000'000; // 2030-01-01
constexpr qint64 Hour = 3600 * 1000;

GrantSpec spec(const char *id, const char *endpoint, int gpu, const char *owner = "alice@ws1", qint64 durationMs = Hour)
{
    return { QString::fromLatin1(id), QString::fromLatin1(endpoint), gpu,       QString::fromLatin1(owner),
             QStringLiteral("note"),  LeaseKind::Programmatic,       durationMs };
}

const QString Alice = QStringLiteral("alice@ws1");
const QString Bob = QStringLiteral("bob@ws2");

} // namespace

class TestLeaseStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void grantRecordsEverything();
    void leasesAreExclusive();
    void batchIsAllOrNothing();
    void fencesOnlyGrow();
    void expiredLeaseGivesWayToANewGrant();
    void releaseByOwner();
    void releaseUnknownLease();
    void releaseTwice();
    void releaseSomeoneElsesLease();
    void releaseAfterExpiry();
    void revokeIsTheOperatorsOverride();
    void expiredIsNotARequest();
    void renewMovesExpiry();
    void renewRules();
    void expireDue();
    void historyNewestFirst();
    void leaseIdsAreNeverReused();
    void badSpecsAreRefused();
    void poolSettingsAreKept();
    void grantWritesASettingOnlyIfUnchanged();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LeaseStore> m_store;
    LeaseStore &store() { return *m_store; }
};

void TestLeaseStore::initTestCase_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("memory") << QStringLiteral("memory");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
}

void TestLeaseStore::init()
{
    QFETCH_GLOBAL(QString, kind);
    if (kind == QLatin1String("memory")) {
        m_store = std::make_unique<MemoryLeaseStore>();
        return;
    }
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = SqliteLeaseStore::open(m_dir->filePath(QStringLiteral("leases.sqlite")));
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
    m_store = std::move(*opened);
}

void TestLeaseStore::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestLeaseStore::grantRecordsEverything()
{
    const auto r = store().grant({ spec("L1", "srv1", 2) }, T0);
    QVERIFY(r);
    QCOMPARE(r->size(), 1);
    const Lease &l = r->first();
    QCOMPARE(l.id, QStringLiteral("L1"));
    QCOMPARE(l.gpuId(), QStringLiteral("srv1:2"));
    QCOMPARE(l.owner, Alice);
    QCOMPARE(l.note, QStringLiteral("note"));
    QCOMPARE(l.kind, LeaseKind::Programmatic);
    QCOMPARE(l.createdMs, T0);
    QCOMPARE(l.expiresMs, T0 + Hour);
    QCOMPARE(l.fence, quint64(1));
    const auto active = store().activeLeases();
    QVERIFY(active);
    QCOMPARE(*active, QList<Lease> { l });
}

void TestLeaseStore::leasesAreExclusive()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    const auto again = store().grant({ spec("L2", "srv1", 0, "bob@ws2") }, T0 + 1);
    QVERIFY(!again);
    QCOMPARE(again.code(), ErrorCode::GpuTaken);
    QVERIFY2(again.error().message.contains(QStringLiteral("srv1:0")) && again.error().message.contains(Alice),
             qPrintable(again.error().message));
    QCOMPARE(store().activeLeases()->size(), 1);
    QCOMPARE(*store().lastFence(QStringLiteral("srv1:0")), quint64(1));
}

void TestLeaseStore::batchIsAllOrNothing()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 1) }, T0));
    const auto batch = store().grant({ spec("B0", "srv1", 0), spec("B1", "srv1", 1), spec("B2", "srv1", 2) }, T0);
    QCOMPARE(batch.code(), ErrorCode::GpuTaken);
    QCOMPARE(store().activeLeases()->size(), 1);
    QCOMPARE(*store().lastFence(QStringLiteral("srv1:0")), quint64(0)); // no fence spent
    const auto ok = store().grant({ spec("B0", "srv1", 0), spec("B2", "srv1", 2) }, T0);
    QVERIFY(ok);
    QCOMPARE(ok->size(), 2);
    QCOMPARE(store().activeLeases()->size(), 3);
}

void TestLeaseStore::fencesOnlyGrow()
{
    for (int i = 1; i <= 3; ++i) {
        const QByteArray id = "F" + QByteArray::number(i);
        const auto g = store().grant({ spec(id.constData(), "srv1", 0) }, T0 + i);
        QVERIFY(g);
        QCOMPARE(g->first().fence, quint64(i));
        QVERIFY(store().end(g->first().id, Alice, EndReason::Released, T0 + i));
    }
    QCOMPARE(*store().lastFence(QStringLiteral("srv1:0")), quint64(3));
    // Each GPU counts on its own.
    QCOMPARE(store().grant({ spec("G1", "srv1", 1) }, T0)->first().fence, quint64(1));
    QCOMPARE(*store().lastFence(QStringLiteral("never:7")), quint64(0));
}

void TestLeaseStore::expiredLeaseGivesWayToANewGrant()
{
    QVERIFY(store().grant({ spec("OLD", "srv1", 0, "alice@ws1", Hour) }, T0));
    const auto early = store().grant({ spec("NEW", "srv1", 0, "bob@ws2") }, T0 + Hour - 1);
    QCOMPARE(early.code(), ErrorCode::GpuTaken);
    const auto g = store().grant({ spec("NEW", "srv1", 0, "bob@ws2") }, T0 + Hour); // expiry is inclusive
    QVERIFY(g);
    QCOMPARE(g->first().fence, quint64(2));
    const auto h = store().history(10);
    QCOMPARE(h->size(), 1);
    QCOMPARE(h->first().lease.id, QStringLiteral("OLD"));
    QCOMPARE(h->first().reason, EndReason::Expired);
    QCOMPARE(h->first().endedMs, T0 + Hour); // when it ran out
    QCOMPARE(h->first().endedBy, Bob); // who noticed
}

void TestLeaseStore::releaseByOwner()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    const auto r = store().end(QStringLiteral("L1"), Alice, EndReason::Released, T0 + 5);
    QVERIFY(r);
    QCOMPARE(r->reason, EndReason::Released);
    QCOMPARE(r->endedBy, Alice);
    QCOMPARE(r->endedMs, T0 + 5);
    QVERIFY(store().activeLeases()->isEmpty());
    QCOMPARE(*store().history(10), QList<LeaseEnd> { *r });
}

void TestLeaseStore::releaseUnknownLease()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    const auto r = store().end(QStringLiteral("nope"), Alice, EndReason::Released, T0);
    QCOMPARE(r.code(), ErrorCode::UnknownLease);
    QVERIFY(r.error().message.contains(QStringLiteral("nope")));
    QCOMPARE(store().activeLeases()->size(), 1); // nothing lost
}

void TestLeaseStore::releaseTwice()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    QVERIFY(store().end(QStringLiteral("L1"), Alice, EndReason::Released, T0 + 1));
    const auto again = store().end(QStringLiteral("L1"), Alice, EndReason::Released, T0 + 2);
    QCOMPARE(again.code(), ErrorCode::AlreadyEnded);
    QVERIFY2(again.error().message.contains(QStringLiteral("released by alice@ws1")),
             qPrintable(again.error().message));
    QCOMPARE(store().history(10)->size(), 1);
}

void TestLeaseStore::releaseSomeoneElsesLease()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    const auto r = store().end(QStringLiteral("L1"), Bob, EndReason::Released, T0 + 1);
    QCOMPARE(r.code(), ErrorCode::NotOwner);
    QVERIFY2(r.error().message.contains(Alice) && r.error().message.contains(Bob), qPrintable(r.error().message));
    QCOMPARE(store().activeLeases()->size(), 1); // still Alice's
    QVERIFY(store().history(10)->isEmpty());
    QVERIFY(store().end(QStringLiteral("L1"), Alice, EndReason::Released, T0 + 2));
}

void TestLeaseStore::releaseAfterExpiry()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    const auto r = store().end(QStringLiteral("L1"), Alice, EndReason::Released, T0 + 2 * Hour);
    QCOMPARE(r.code(), ErrorCode::AlreadyEnded);
    QVERIFY(store().activeLeases()->isEmpty());
    QCOMPARE(store().history(1)->first().reason, EndReason::Expired);
    QCOMPARE(store().history(1)->first().endedMs, T0 + Hour);
}

void TestLeaseStore::revokeIsTheOperatorsOverride()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    const auto r = store().end(QStringLiteral("L1"), QStringLiteral("root@admin"), EndReason::Revoked, T0 + 1);
    QVERIFY(r);
    QCOMPARE(r->reason, EndReason::Revoked);
    QCOMPARE(store().history(1)->first().endedBy, QStringLiteral("root@admin"));
    QCOMPARE(store().end(QStringLiteral("L1"), Alice, EndReason::Released, T0 + 2).code(), ErrorCode::AlreadyEnded);
}

void TestLeaseStore::expiredIsNotARequest()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    QCOMPARE(store().end(QStringLiteral("L1"), Alice, EndReason::Expired, T0).code(), ErrorCode::InvalidArgument);
    QCOMPARE(store().activeLeases()->size(), 1);
}

void TestLeaseStore::renewMovesExpiry()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    const auto r = store().renew(QStringLiteral("L1"), Alice, T0 + 3 * Hour, T0 + Hour / 2);
    QVERIFY(r);
    QCOMPARE(r->expiresMs, T0 + 3 * Hour);
    QCOMPARE(r->fence, quint64(1)); // a renewal is the same grant
    QCOMPARE(store().activeLeases()->first().expiresMs, T0 + 3 * Hour);
    // Past the old expiry, before the new one: still there.
    QVERIFY(store().expireDue(T0 + 2 * Hour, QStringLiteral("x"))->isEmpty());
    QCOMPARE(store().expireDue(T0 + 3 * Hour, QStringLiteral("x"))->size(), 1);
}

void TestLeaseStore::renewRules()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    QCOMPARE(store().renew(QStringLiteral("L1"), Bob, T0 + 2 * Hour, T0).code(), ErrorCode::NotOwner);
    QCOMPARE(store().renew(QStringLiteral("L1"), Alice, T0, T0).code(), ErrorCode::InvalidArgument);
    QCOMPARE(store().renew(QStringLiteral("zz"), Alice, T0 + Hour, T0).code(), ErrorCode::UnknownLease);
    QCOMPARE(store().activeLeases()->first().expiresMs, T0 + Hour);
    // Too late: it ran out already.
    QCOMPARE(store().renew(QStringLiteral("L1"), Alice, T0 + 5 * Hour, T0 + Hour).code(), ErrorCode::AlreadyEnded);
    QVERIFY(store().activeLeases()->isEmpty());
}

void TestLeaseStore::expireDue()
{
    QVERIFY(store().grant({ spec("A", "srv1", 0, "alice@ws1", 3 * Hour) }, T0));
    QVERIFY(store().grant({ spec("B", "srv1", 1, "alice@ws1", 1 * Hour) }, T0));
    QVERIFY(store().grant({ spec("C", "srv1", 2, "alice@ws1", 2 * Hour) }, T0));
    const auto ends = store().expireDue(T0 + 2 * Hour, QStringLiteral("console@ws1"));
    QVERIFY(ends);
    QCOMPARE(ends->size(), 2);
    QCOMPARE(ends->at(0).lease.id, QStringLiteral("B")); // in expiry order
    QCOMPARE(ends->at(1).lease.id, QStringLiteral("C"));
    QCOMPARE(ends->at(0).reason, EndReason::Expired);
    QCOMPARE(ends->at(0).endedBy, QStringLiteral("console@ws1"));
    QCOMPARE(ends->at(0).endedMs, T0 + Hour);
    QVERIFY(store().expireDue(T0 + 2 * Hour, QStringLiteral("x"))->isEmpty());
    QCOMPARE(store().activeLeases()->size(), 1);
}

void TestLeaseStore::historyNewestFirst()
{
    for (int i = 0; i < 5; ++i) {
        const QByteArray id = "H" + QByteArray::number(i);
        QVERIFY(store().grant({ spec(id.constData(), "srv1", i) }, T0));
        QVERIFY(store().end(QString::fromLatin1(id), Alice, EndReason::Released, T0 + i));
    }
    const auto h = store().history(3);
    QCOMPARE(h->size(), 3);
    QCOMPARE(h->at(0).lease.id, QStringLiteral("H4"));
    QCOMPARE(h->at(2).lease.id, QStringLiteral("H2"));
}

void TestLeaseStore::leaseIdsAreNeverReused()
{
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0));
    QCOMPARE(store().grant({ spec("L1", "srv1", 1) }, T0).code(), ErrorCode::InvalidArgument);
    QVERIFY(store().end(QStringLiteral("L1"), Alice, EndReason::Released, T0));
    QCOMPARE(store().grant({ spec("L1", "srv1", 1) }, T0).code(), ErrorCode::InvalidArgument);
}

void TestLeaseStore::badSpecsAreRefused()
{
    QCOMPARE(store().grant({}, T0).code(), ErrorCode::InvalidArgument);
    QCOMPARE(store().grant({ spec("L1", "srv1", 0, " ") }, T0).code(), ErrorCode::InvalidArgument);
    QCOMPARE(store().grant({ spec("L1", "srv1", 0, "a", 0) }, T0).code(), ErrorCode::InvalidArgument);
    QCOMPARE(store().grant({ spec("", "srv1", 0) }, T0).code(), ErrorCode::InvalidArgument);
    QCOMPARE(store().grant({ spec("L1", "srv1", 0), spec("L2", "srv1", 0) }, T0).code(), ErrorCode::InvalidArgument);
    QVERIFY(store().activeLeases()->isEmpty());
}

void TestLeaseStore::poolSettingsAreKept()
{
    QCOMPARE(*store().poolSetting(QStringLiteral("strategy")), QString()); // unset
    QVERIFY(!store().setPoolSetting(QStringLiteral("strategy"), QStringLiteral("round_robin")));
    QVERIFY(!store().setPoolSetting(QStringLiteral("other"), QStringLiteral("x")));
    QCOMPARE(*store().poolSetting(QStringLiteral("strategy")), QStringLiteral("round_robin"));
    QVERIFY(!store().setPoolSetting(QStringLiteral("strategy"), QStringLiteral("weighted")));
    QCOMPARE(*store().poolSetting(QStringLiteral("strategy")), QStringLiteral("weighted"));
    QCOMPARE(*store().poolSetting(QStringLiteral("other")), QStringLiteral("x"));
    // Settings are not leases.
    QVERIFY(store().activeLeases()->isEmpty());
    QVERIFY(store().history(10)->isEmpty());
}

void TestLeaseStore::grantWritesASettingOnlyIfUnchanged()
{
    const QString name = QStringLiteral("balancer");
    const SettingUpdate first { name, QString(), QStringLiteral("turn 1") };
    QVERIFY(store().grant({ spec("L1", "srv1", 0) }, T0, &first));
    QCOMPARE(*store().poolSetting(name), QStringLiteral("turn 1"));
    // Another program read "turn 1" too, but this one granted first.
    const SettingUpdate second { name, QStringLiteral("turn 1"), QStringLiteral("turn 2") };
    QVERIFY(store().grant({ spec("L2", "srv1", 1) }, T0, &second));
    const SettingUpdate stale { name, QStringLiteral("turn 1"), QStringLiteral("turn 2'") };
    const auto refused = store().grant({ spec("L3", "srv1", 2) }, T0, &stale);
    QCOMPARE(refused.code(), ErrorCode::GpuTaken); // look again, as for a taken GPU
    QVERIFY(refused.error().message.contains(name));
    QCOMPARE(*store().poolSetting(name), QStringLiteral("turn 2"));
    QCOMPARE(store().activeLeases()->size(), 2); // nothing granted with it
    // A grant refused for its GPU writes no setting either.
    const SettingUpdate taken { name, QStringLiteral("turn 2"), QStringLiteral("turn 3") };
    QCOMPARE(store().grant({ spec("L4", "srv1", 0) }, T0, &taken).code(), ErrorCode::GpuTaken);
    QCOMPARE(*store().poolSetting(name), QStringLiteral("turn 2"));
}

QTEST_GUILESS_MAIN(TestLeaseStore)
#include "tst_leasestore.moc"
