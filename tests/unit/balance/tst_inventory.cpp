// docs/behaviour.md "Availability and choice of GPU": which GPUs may be assigned and
// which one inside an endpoint is given out.
#include "balance/inventory.h"

#include "views.h"

#include <QTest>

using namespace gpupool::balance;
using gpupool::testing::endpoint;
using gpupool::testing::gpu;

class TestInventory : public QObject
{
    Q_OBJECT

private slots:
    void thresholdsAreStrict_data();
    void thresholdsAreStrict();
    void unusableEndpointsOfferNothing_data();
    void unusableEndpointsOfferNothing();
    void bestGpuHasLowestLoad();
    void bestGpuTieGoesToLowestLocalId();
    void availableDropsWithGrantAndRisesWithRelease();
    void leaseOfUnreportedGpuIsRemembered();
    void thresholdChangeRecounts();
    void filters();
    void endpointsJoinAndLeave();
    void setLeasedReportsChange();
};

void TestInventory::thresholdsAreStrict_data()
{
    QTest::addColumn<double>("mem");
    QTest::addColumn<double>("util");
    QTest::addColumn<bool>("assignable");
    // Defaults: memory 80, utilization 90.
    QTest::newRow("both below") << 79.99 << 89.99 << true;
    QTest::newRow("memory exactly at threshold") << 80.0 << 10.0 << false;
    QTest::newRow("utilization exactly at threshold") << 10.0 << 90.0 << false;
    QTest::newRow("memory above") << 80.01 << 10.0 << false;
    QTest::newRow("utilization above") << 10.0 << 100.0 << false;
    QTest::newRow("zero") << 0.0 << 0.0 << true;
}

void TestInventory::thresholdsAreStrict()
{
    QFETCH(double, mem);
    QFETCH(double, util);
    QFETCH(bool, assignable);
    Inventory inv;
    inv.setEndpoints({ endpoint("a", { gpu(0, mem, util) }) });
    QCOMPARE(inv.isAssignable(0, 0), assignable);
    QCOMPARE(inv.assignableCount(0), assignable ? 1 : 0);
    QCOMPARE(inv.totalAssignable(), assignable ? 1 : 0);
    QCOMPARE(inv.bestGpu(0), assignable ? 0 : -1);
}

void TestInventory::unusableEndpointsOfferNothing_data()
{
    QTest::addColumn<bool>("closed");
    QTest::addColumn<bool>("fresh");
    QTest::addColumn<bool>("authFailed");
    QTest::newRow("open breaker") << false << true << false;
    QTest::newRow("stale data") << true << false << false;
    QTest::newRow("auth failed") << true << true << true;
}

void TestInventory::unusableEndpointsOfferNothing()
{
    QFETCH(bool, closed);
    QFETCH(bool, fresh);
    QFETCH(bool, authFailed);
    EndpointView bad = endpoint("bad", 4);
    bad.breakerClosed = closed;
    bad.dataFresh = fresh;
    bad.authFailed = authFailed;
    Inventory inv;
    inv.setEndpoints({ bad, endpoint("good", 1) });
    QCOMPARE(inv.assignableCount(0), 0);
    QCOMPARE(inv.bestGpu(0), -1);
    for (int g = 0; g < 4; ++g)
        QVERIFY(!inv.isAssignable(0, g));
    QCOMPARE(inv.totalAssignable(), 1);
    QCOMPARE(inv.totalGpus(), 5);

    // When it heals, its GPUs come back.
    inv.updateEndpoint(endpoint("bad", 4));
    QCOMPARE(inv.totalAssignable(), 5);
}

void TestInventory::bestGpuHasLowestLoad()
{
    Inventory inv;
    // Sums: 60, 30, 45, 20 (but 3 is over the memory threshold).
    inv.setEndpoints({ endpoint("a", { gpu(0, 30, 30), gpu(1, 10, 20), gpu(2, 40, 5), gpu(3, 85, 0) }) });
    QCOMPARE(inv.bestGpu(0), 1);
    QVERIFY(inv.setLeased(QStringLiteral("a"), 1, true));
    QCOMPARE(inv.bestGpu(0), 2);
}

void TestInventory::bestGpuTieGoesToLowestLocalId()
{
    Inventory inv;
    // Listed out of order on purpose: the tie goes to the id, not the position.
    inv.setEndpoints({ endpoint("a", { gpu(5, 20, 10), gpu(3, 10, 20), gpu(4, 15, 15) }) });
    QCOMPARE(inv.endpoint(0).view.gpus.at(inv.bestGpu(0)).localId, 3);
}

void TestInventory::availableDropsWithGrantAndRisesWithRelease()
{
    Inventory inv;
    inv.setEndpoints({ endpoint("a", 2), endpoint("b", 3) });
    QCOMPARE(inv.totalAssignable(), 5);
    inv.setLeased(QStringLiteral("b"), 1, true);
    QCOMPARE(inv.totalAssignable(), 4);
    QCOMPARE(inv.assignableCount(1), 2);
    QCOMPARE(inv.endpoint(1).leaseCount, 1);
    QVERIFY(!inv.isAssignable(1, 1));
    inv.setLeased(QStringLiteral("b"), 1, false);
    QCOMPARE(inv.totalAssignable(), 5);
    QCOMPARE(inv.endpoint(1).leaseCount, 0);
}

void TestInventory::leaseOfUnreportedGpuIsRemembered()
{
    Inventory inv;
    inv.setLeased(QStringLiteral("later"), 0, true);
    QVERIFY(inv.isLeased(QStringLiteral("later"), 0));
    // The endpoint appears only now (first poll after a restart): GPU 0 is
    // still someone's.
    inv.updateEndpoint(endpoint("later", 2));
    QCOMPARE(inv.assignableCount(0), 1);
    QCOMPARE(inv.endpoint(0).leaseCount, 1);
    QCOMPARE(inv.bestGpu(0), 1);

    inv.replaceLeased({ { QStringLiteral("later"), 1 } });
    QCOMPARE(inv.bestGpu(0), 0);
    QCOMPARE(inv.totalAssignable(), 1);
}

void TestInventory::thresholdChangeRecounts()
{
    Inventory inv;
    inv.setEndpoints({ endpoint("a", { gpu(0, 50, 50), gpu(1, 70, 10) }) });
    QCOMPARE(inv.totalAssignable(), 2);
    inv.setThresholds({ 60, 90 });
    QCOMPARE(inv.totalAssignable(), 1);
    inv.setThresholds({ 60, 50 });
    QCOMPARE(inv.totalAssignable(), 0);
}

void TestInventory::filters()
{
    Inventory inv;
    inv.setEndpoints({
        endpoint("a",
                 { gpu(0, 10, 10, 81559, "NVIDIA H100 80GB HBM3"), gpu(1, 10, 10, 24564, "NVIDIA GeForce RTX 4090") }),
        endpoint("b", { gpu(0, 10, 10, 0, "Tesla T4") }),
    });
    GpuFilter big;
    big.minMemoryMb = 40000;
    QCOMPARE(inv.assignableCount(0, &big), 1);
    QCOMPARE(inv.assignableCount(1, &big), 0); // size unknown: cannot prove it
    QCOMPARE(inv.bestGpu(0, &big), 0);

    GpuFilter name;
    name.nameContains = QStringLiteral("rtx");
    QCOMPARE(inv.assignableCount(0, &name), 1);
    QCOMPARE(inv.bestGpu(0, &name), 1);

    GpuFilter onlyB;
    onlyB.endpointIds = { QStringLiteral("b") };
    QCOMPARE(inv.assignableCount(0, &onlyB), 0);
    QCOMPARE(inv.assignableCount(1, &onlyB), 1);

    const GpuFilter none;
    QVERIFY(none.isEmpty());
    QCOMPARE(inv.assignableCount(0, &none), 2);
}

void TestInventory::endpointsJoinAndLeave()
{
    Inventory inv;
    inv.setEndpoints({ endpoint("a", 1), endpoint("b", 1) });
    const quint64 v = inv.layoutVersion();
    inv.updateEndpoint(endpoint("b", 2)); // known: no layout change
    QCOMPARE(inv.layoutVersion(), v);
    QCOMPARE(inv.totalAssignable(), 3);
    inv.updateEndpoint(endpoint("c", 1)); // joins at the end
    QVERIFY(inv.layoutVersion() > v);
    QCOMPARE(inv.indexOf(QStringLiteral("c")), 2);
    QVERIFY(inv.removeEndpoint(QStringLiteral("a")));
    QVERIFY(!inv.removeEndpoint(QStringLiteral("a")));
    QCOMPARE(inv.indexOf(QStringLiteral("b")), 0);
    QCOMPARE(inv.indexOf(QStringLiteral("a")), -1);
    QCOMPARE(inv.totalAssignable(), 3);
}

void TestInventory::setLeasedReportsChange()
{
    Inventory inv;
    inv.setEndpoints({ endpoint("a", 1) });
    QVERIFY(inv.setLeased(QStringLiteral("a"), 0, true));
    QVERIFY(!inv.setLeased(QStringLiteral("a"), 0, true));
    QVERIFY(inv.setLeased(QStringLiteral("a"), 0, false));
    QVERIFY(!inv.setLeased(QStringLiteral("a"), 0, false));
    const quint64 r = inv.endpoint(0).revision;
    inv.setLeased(QStringLiteral("a"), 0, true);
    QVERIFY(inv.endpoint(0).revision != r);
}

QTEST_GUILESS_MAIN(TestInventory)
#include "tst_inventory.moc"
