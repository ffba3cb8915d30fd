// The allocator reserving N GPUs at once (filters, all or nothing, partial)
// and sharing its store: across a restart and with another program.
#include "lease/sqliteleasestore.h"

#include "allocatorrig.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace gpupool::testing;

class TestReserve : public QObject
{
    Q_OBJECT

private slots:
    void reserveIsAllOrNothing();
    void reservePartial();
    void reserveFilters();
    void reserveBadInput();
    void reserveOnOneEndpoint();
    void leasesSurviveARestart();
    void anotherProgramsLeasesAreRespected();
};

void TestReserve::reserveIsAllOrNothing()
{
    Rig rig;
    Call held;
    rig.ask(held);
    ReserveOptions o;
    o.owner = QStringLiteral("alice@ws1");
    o.count = 4;
    const auto r = rig.allocator.reserve(o);
    QCOMPARE(r.code(), ErrorCode::NotEnoughGpus);
    QCOMPARE(r.error().message, QStringLiteral("Not enough GPUs available. Requested: 4, Available: 3"));
    QCOMPARE(rig.allocator.leases().size(), 1);
    QCOMPARE(rig.allocator.availableGpus(), 3);
    o.count = 3;
    const auto ok = rig.allocator.reserve(o);
    QVERIFY(ok);
    QCOMPARE(ok->size(), 3);
    QCOMPARE(rig.allocator.availableGpus(), 0);
}

void TestReserve::reservePartial()
{
    Rig rig;
    ReserveOptions o;
    o.owner = QStringLiteral("alice@ws1");
    o.count = 6;
    o.partial = true;
    const auto r = rig.allocator.reserve(o);
    QVERIFY(r);
    QCOMPARE(r->size(), 4);
    const auto none = rig.allocator.reserve(o);
    QCOMPARE(none.code(), ErrorCode::NotEnoughGpus);
    QCOMPARE(none.error().message, QStringLiteral("Not enough GPUs available. Requested: 6, Available: 0"));
}

void TestReserve::reserveFilters()
{
    Rig rig(
        { endpoint("big",
                   { gpu(0, 10, 10, 81559, "NVIDIA H100 80GB HBM3"), gpu(1, 10, 10, 81559, "NVIDIA H100 80GB HBM3") }),
          endpoint("small", { gpu(0, 10, 10, 15360, "Tesla T4"), gpu(1, 10, 10, 24564, "NVIDIA GeForce RTX 4090") }) });
    ReserveOptions o;
    o.owner = QStringLiteral("alice@ws1");
    o.count = 2;
    o.filter.minMemoryMb = 20000;
    o.filter.endpointIds = { QStringLiteral("small") };
    QCOMPARE(rig.allocator.reserve(o).error().message,
             QStringLiteral("Not enough GPUs available. Requested: 2, Available: 1"));
    o.filter = {};
    o.filter.nameContains = QStringLiteral("h100");
    const auto h100 = rig.allocator.reserve(o);
    QVERIFY(h100);
    QCOMPARE(h100->at(0).endpointId, QStringLiteral("big"));
    QCOMPARE(h100->at(1).endpointId, QStringLiteral("big"));
    o.count = 1;
    o.filter = {};
    o.filter.minMemoryMb = 20000;
    const auto rtx = rig.allocator.reserve(o);
    QCOMPARE(rtx->first().gpuId(), QStringLiteral("small:1"));
}

void TestReserve::reserveBadInput()
{
    Rig rig;
    ReserveOptions o;
    o.owner = QStringLiteral("alice@ws1");
    o.count = 0;
    QCOMPARE(rig.allocator.reserve(o).code(), ErrorCode::InvalidArgument);
    o.count = 1;
    o.owner.clear();
    QCOMPARE(rig.allocator.reserve(o).code(), ErrorCode::InvalidArgument);
    Call noOwner;
    rig.ask(noOwner, "");
    QCOMPARE(noOwner.error->code, ErrorCode::InvalidArgument);
    QCOMPARE(rig.allocator.leases().size(), 0);
}

namespace {

QSet<QString> endpointsOf(const QList<Lease> &leases)
{
    QSet<QString> ids;
    for (const Lease &l : leases)
        ids.insert(l.endpointId);
    return ids;
}

} // namespace

void TestReserve::reserveOnOneEndpoint()
{
    ReserveOptions o;
    o.owner = QStringLiteral("alice@ws1");
    o.count = 3;
    {
        // round_robin's first choice (a) has two: without the flag it spreads...
        Rig rig({ endpoint("a", 2), endpoint("b", 3) });
        QVERIFY(rig.allocator.setStrategy(QStringLiteral("round_robin")));
        const auto spread = rig.allocator.reserve(o);
        QVERIFY(spread);
        QCOMPARE(endpointsOf(*spread).size(), 2);
    }
    {
        // ...with it, all three come from b, the one that has room.
        Rig rig({ endpoint("a", 2), endpoint("b", 3) });
        QVERIFY(rig.allocator.setStrategy(QStringLiteral("round_robin")));
        o.oneEndpoint = true;
        const auto one = rig.allocator.reserve(o);
        QVERIFY(one);
        QCOMPARE(one->size(), 3);
        QCOMPARE(endpointsOf(*one), QSet<QString> { QStringLiteral("b") });
        // The balancer's own choice when it has room: a, round_robin's next, for two.
        o.count = 2;
        const auto two = rig.allocator.reserve(o);
        QVERIFY(two);
        QCOMPARE(endpointsOf(*two), QSet<QString> { QStringLiteral("a") });
    }
    {
        // No endpoint has room: all or nothing counts one endpoint's GPUs...
        Rig rig({ endpoint("a", 2), endpoint("b", 2) });
        o.count = 3;
        const auto none = rig.allocator.reserve(o);
        QCOMPARE(none.code(), ErrorCode::NotEnoughGpus);
        QCOMPARE(none.error().message, QStringLiteral("Not enough GPUs available. Requested: 3, Available: 2"));
        QCOMPARE(rig.allocator.leases().size(), 0);
        // ...and partial takes those of one endpoint.
        o.partial = true;
        const auto some = rig.allocator.reserve(o);
        QVERIFY(some);
        QCOMPARE(some->size(), 2);
        QCOMPARE(endpointsOf(*some).size(), 1);
        o.partial = false;
    }
    {
        // The roomiest is looked for among the endpoints the filter admits only.
        Rig rig({ endpoint("a", 1), endpoint("b", 4), endpoint("c", 2) });
        o.count = 2;
        o.filter.endpointIds = { QStringLiteral("a"), QStringLiteral("c") };
        const auto filtered = rig.allocator.reserve(o);
        QVERIFY(filtered);
        QCOMPARE(endpointsOf(*filtered), QSet<QString> { QStringLiteral("c") });
    }
}

void TestReserve::leasesSurviveARestart()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("leases.sqlite"));
    QSet<QString> before;
    {
        auto store = SqliteLeaseStore::open(file);
        QVERIFY(store);
        Rig rig({ endpoint("a", 2), endpoint("b", 2) }, store->get());
        Call c1, c2;
        rig.ask(c1);
        rig.ask(c2);
        before = { c1.lease->gpuId(), c2.lease->gpuId() };
    }
    auto store = SqliteLeaseStore::open(file);
    QVERIFY(store);
    Rig rig({ endpoint("a", 2), endpoint("b", 2) }, store->get());
    rig.nextId = 100;
    QCOMPARE(rig.allocator.leases().size(), 2);
    QCOMPARE(rig.allocator.availableGpus(), 2);
    Call c3, c4, c5;
    rig.ask(c3);
    rig.ask(c4);
    rig.ask(c5);
    QVERIFY(!before.contains(c3.lease->gpuId()));
    QVERIFY(!before.contains(c4.lease->gpuId()));
    QVERIFY(!c5.done());
}

void TestReserve::anotherProgramsLeasesAreRespected()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("leases.sqlite"));
    auto storeA = SqliteLeaseStore::open(file);
    auto storeB = SqliteLeaseStore::open(file);
    QVERIFY(storeA && storeB);
    Rig a({ endpoint("a", 2) }, storeA->get());
    Rig b({ endpoint("a", 2) }, storeB->get());
    b.nextId = 1000; // lease ids must differ between the two programs
    Call a1;
    a.ask(a1, "console");
    QCOMPARE(a1.lease->gpuId(), QStringLiteral("a:0"));
    // b has not looked at the file since: it tries a:0, loses, looks again.
    Call b1, b2;
    b.ask(b1, "ctl");
    QCOMPARE(b1.lease->gpuId(), QStringLiteral("a:1"));
    QVERIFY(b.observer.events.contains(QStringLiteral("reloaded")));
    b.ask(b2, "ctl");
    QVERIFY(!b2.done());
    // a releases; b notices on its next tick and serves its waiter.
    QVERIFY(a.allocator.release(a1.lease->id, QStringLiteral("console")));
    b.allocator.tick();
    QVERIFY(b2.lease);
    QCOMPARE(b2.lease->gpuId(), QStringLiteral("a:0"));
    QCOMPARE(b2.lease->fence, quint64(2));
    // a learns about b's leases on its tick.
    a.allocator.tick();
    QCOMPARE(a.allocator.leases().size(), 2);
    QCOMPARE(a.allocator.availableGpus(), 0);
}

QTEST_GUILESS_MAIN(TestReserve)
#include "tst_reserve.moc"
