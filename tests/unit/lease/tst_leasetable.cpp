// One program's copy of the active leases: its indexes and how it follows the
// store.
#include "lease/leasetable.h"

#include <QTest>

using namespace gpupool::lease;

namespace {

Lease lease(const char *id, int gpu, qint64 expiresMs)
{
    Lease l;
    l.id = QString::fromLatin1(id);
    l.endpointId = QStringLiteral("srv");
    l.localGpuId = gpu;
    l.owner = QStringLiteral("alice@ws1");
    l.expiresMs = expiresMs;
    return l;
}

} // namespace

class TestLeaseTable : public QObject
{
    Q_OBJECT

private slots:
    void indexes();
    void nextExpiryFollowsRenewals();
    void replaceAllReportsTheDifference();
};

void TestLeaseTable::indexes()
{
    LeaseTable t;
    QCOMPARE(t.nextExpiryMs(), -1);
    t.insert(lease("L1", 0, 50));
    t.insert(lease("L2", 1, 20));
    QCOMPARE(t.size(), 2);
    QCOMPARE(t.find(QStringLiteral("L2"))->localGpuId, 1);
    QCOMPARE(t.findByGpu(QStringLiteral("srv:0"))->id, QStringLiteral("L1"));
    QVERIFY(!t.findByGpu(QStringLiteral("srv:9")));
    QCOMPARE(t.nextExpiryMs(), 20);
    QVERIFY(t.remove(QStringLiteral("L2")));
    QVERIFY(!t.remove(QStringLiteral("L2")));
    QCOMPARE(t.nextExpiryMs(), 50);
    QVERIFY(!t.findByGpu(QStringLiteral("srv:1")));
}

void TestLeaseTable::nextExpiryFollowsRenewals()
{
    LeaseTable t;
    t.insert(lease("L1", 0, 50));
    t.insert(lease("L1", 0, 500)); // renewed: replaces
    QCOMPARE(t.size(), 1);
    QCOMPARE(t.nextExpiryMs(), 500);
}

void TestLeaseTable::replaceAllReportsTheDifference()
{
    LeaseTable t;
    t.insert(lease("keep", 0, 10));
    t.insert(lease("gone", 1, 10));
    t.insert(lease("renewed", 2, 10));
    const LeaseTable::Diff d = t.replaceAll({ lease("keep", 0, 10), lease("renewed", 2, 99), lease("new", 3, 5) });
    QCOMPARE(d.added.size(), 1);
    QCOMPARE(d.added.first().id, QStringLiteral("new"));
    QCOMPARE(d.removed.size(), 1);
    QCOMPARE(d.removed.first().id, QStringLiteral("gone"));
    QCOMPARE(d.changed.size(), 1);
    QCOMPARE(d.changed.first().expiresMs, 99);
    QCOMPARE(t.size(), 3);
    QCOMPARE(t.nextExpiryMs(), 5);
    QVERIFY(t.replaceAll(t.all()).isEmpty());
    QCOMPARE(t.all().first().id, QStringLiteral("keep")); // by GPU id
}

QTEST_GUILESS_MAIN(TestLeaseTable)
#include "tst_leasetable.moc"
