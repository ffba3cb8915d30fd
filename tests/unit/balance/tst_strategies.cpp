// Every rule of docs/behaviour.md "Strategies", with its ties and with endpoints
// joining and leaving. Decisions only: nothing here waits or sleeps.
#include "balance/balancer.h"
#include "balance/weightedroundrobinstrategy.h"

#include "fakeclock.h"
#include "views.h"

#include <QTest>

using namespace gpupool::balance;
using gpupool::testing::endpoint;
using gpupool::testing::FakeClock;
using gpupool::testing::gpu;
using gpupool::testing::withPrice;
using gpupool::testing::withResponse;

namespace {

struct Rig
{
    FakeClock clock;
    Inventory inventory;
    Balancer balancer { clock };

    explicit Rig(const char *strategy, const QList<EndpointView> &views = {})
    {
        QString error;
        const bool ok = balancer.setStrategy(QString::fromLatin1(strategy), &error);
        Q_ASSERT_X(ok, "Rig", qPrintable(error));
        inventory.setEndpoints(views);
    }

    // The endpoint ids of the next n choices; with `lease`, each chosen GPU is
    // leased as the allocator would.
    QString picks(int n, bool lease = false)
    {
        QStringList ids;
        for (int i = 0; i < n; ++i) {
            const std::optional<Selection> s = balancer.select(inventory);
            if (!s) {
                ids.append(QStringLiteral("-"));
                continue;
            }
            ids.append(s->endpointId);
            if (lease)
                inventory.setLeased(s->endpointId, s->localGpuId, true);
        }
        return ids.join(QLatin1Char(' '));
    }
};

// An endpoint with `free` idle GPUs and `busy` GPUs over the memory threshold.
EndpointView partly(const char *id, int free, int busy)
{
    EndpointView e = endpoint(id, 0);
    for (int i = 0; i < free + busy; ++i)
        e.gpus.append(gpu(i, i < free ? 10 : 95, 10));
    return e;
}

EndpointView cards(const char *id, std::initializer_list<qint64> totalsMb)
{
    EndpointView e = endpoint(id, 0);
    int i = 0;
    for (qint64 mb : totalsMb)
        e.gpus.append(gpu(i++, 10, 10, mb));
    return e;
}

} // namespace

class TestStrategies : public QObject
{
    Q_OBJECT

private slots:
    void availabilityPrefersHighestShare();
    void availabilityThenMostAssignable();
    void availabilityThenLowestResponseTime();
    void availabilityFullTieGoesToConfigurationOrder();
    void availabilityFollowsGrants();

    void roundRobinRotates();
    void roundRobinSkipsEndpointsWithoutGpus();
    void roundRobinSurvivesJoining();
    void roundRobinSurvivesLastOneLeaving();
    void roundRobinSurvivesOthersLeaving();

    void weightedIsSmooth();
    void weightedNewcomerStartsAtZero();

    void leastConnections();
    void leastConnectionsFollowsGrants();

    void leastResponseTime();
    void leastResponseTimeUnmeasuredFirst();

    void equalWeighted();

    void memoryClassWeights_data();
    void memoryClassWeights();
    void weightCountsAssignableGpusOnly();
    void priceBonus();
    void weightedRoundRobinSequence();
    void weightedRoundRobinPriceBreaksTie();

    void nothingAssignableFailsForEveryStrategy();
};

void TestStrategies::availabilityPrefersHighestShare()
{
    // a: 2 of 8 free (25 %); b: 1 of 2 free (50 %) wins despite fewer GPUs.
    Rig rig("availability", { partly("a", 2, 6), partly("b", 1, 1) });
    QCOMPARE(rig.picks(1), QStringLiteral("b"));
}

void TestStrategies::availabilityThenMostAssignable()
{
    // Equal shares (2/4 and 4/8): the one with more assignable GPUs.
    Rig rig("availability", { partly("a", 2, 2), partly("b", 4, 4) });
    QCOMPARE(rig.picks(1), QStringLiteral("b"));
}

void TestStrategies::availabilityThenLowestResponseTime()
{
    Rig rig("availability", { withResponse(partly("a", 2, 2), 50), withResponse(partly("b", 2, 2), 20) });
    QCOMPARE(rig.picks(1), QStringLiteral("b"));
    // Never measured counts as fastest.
    rig.inventory.setEndpoints({ withResponse(partly("a", 2, 2), 20), partly("b", 2, 2) });
    QCOMPARE(rig.picks(1), QStringLiteral("b"));
}

void TestStrategies::availabilityFullTieGoesToConfigurationOrder()
{
    Rig rig("availability", { withResponse(endpoint("a", 2), 20), withResponse(endpoint("b", 2), 20) });
    QCOMPARE(rig.picks(3), QStringLiteral("a a a"));
}

void TestStrategies::availabilityFollowsGrants()
{
    // a 4 GPUs, b 2: 4/4 vs 2/2 ties on share, a has more; 3/4 < 2/2: b;
    // 3/4 > 1/2: a; 2/4 = 1/2, a has more: a; 1/4 < 1/2: b; then a; then none.
    Rig rig("availability", { endpoint("a", 4), endpoint("b", 2) });
    QCOMPARE(rig.picks(7, true), QStringLiteral("a b a a b a -"));
}

void TestStrategies::roundRobinRotates()
{
    Rig rig("round_robin", { endpoint("a", 9), endpoint("b", 9), endpoint("c", 9) });
    QCOMPARE(rig.picks(7), QStringLiteral("a b c a b c a"));
}

void TestStrategies::roundRobinSkipsEndpointsWithoutGpus()
{
    Rig rig("round_robin", { endpoint("a", 9), partly("b", 0, 2), endpoint("c", 9) });
    QCOMPARE(rig.picks(4), QStringLiteral("a c a c"));
    // b frees up: it gets its turn right after a.
    rig.inventory.updateEndpoint(endpoint("b", 2));
    QCOMPARE(rig.picks(4), QStringLiteral("a b c a"));
}

void TestStrategies::roundRobinSurvivesJoining()
{
    Rig rig("round_robin", { endpoint("a", 9), endpoint("b", 9), endpoint("c", 9) });
    QCOMPARE(rig.picks(2), QStringLiteral("a b"));
    // A newcomer at the front does not make b go again or c be skipped.
    rig.inventory.setEndpoints({ endpoint("z", 9), endpoint("a", 9), endpoint("b", 9), endpoint("c", 9) });
    QCOMPARE(rig.picks(5), QStringLiteral("c z a b c"));
}

void TestStrategies::roundRobinSurvivesLastOneLeaving()
{
    Rig rig("round_robin", { endpoint("a", 9), endpoint("b", 9), endpoint("c", 9) });
    QCOMPARE(rig.picks(2), QStringLiteral("a b"));
    QVERIFY(rig.inventory.removeEndpoint(QStringLiteral("b")));
    QCOMPARE(rig.picks(3), QStringLiteral("c a c"));
}

void TestStrategies::roundRobinSurvivesOthersLeaving()
{
    Rig rig("round_robin", { endpoint("a", 9), endpoint("b", 9), endpoint("c", 9) });
    QCOMPARE(rig.picks(2), QStringLiteral("a b"));
    QVERIFY(rig.inventory.removeEndpoint(QStringLiteral("a")));
    QCOMPARE(rig.picks(3), QStringLiteral("c b c"));
}

void TestStrategies::weightedIsSmooth()
{
    // nginx's classic: weights 5, 1, 1 give a a b a c a a, and again.
    Rig rig("weighted", { endpoint("a", 5), endpoint("b", 1), endpoint("c", 1) });
    QCOMPARE(rig.picks(14), QStringLiteral("a a b a c a a a a b a c a a"));
}

void TestStrategies::weightedNewcomerStartsAtZero()
{
    // Weights 2 and 1: a b a, a b a, ...
    Rig rig("weighted", { endpoint("a", 2), endpoint("b", 1) });
    QCOMPARE(rig.picks(3), QStringLiteral("a b a"));
    // c (weight 1) joins between them; a and b keep their (zeroed) turns.
    rig.inventory.setEndpoints({ endpoint("a", 2), endpoint("c", 1), endpoint("b", 1) });
    // Current weights after a b a: a 0, b 0; c starts at 0 too.
    QCOMPARE(rig.picks(4), QStringLiteral("a c b a"));
}

void TestStrategies::leastConnections()
{
    Rig rig("least_connections", { endpoint("a", 4), endpoint("b", 4), endpoint("c", 4) });
    rig.inventory.setLeased(QStringLiteral("a"), 0, true);
    rig.inventory.setLeased(QStringLiteral("a"), 1, true);
    rig.inventory.setLeased(QStringLiteral("b"), 0, true);
    rig.inventory.setLeased(QStringLiteral("c"), 0, true);
    // b and c tie at one lease: configuration order.
    QCOMPARE(rig.picks(2), QStringLiteral("b b"));
    // A lease on a GPU that c does not report any more still counts for c.
    rig.inventory.setLeased(QStringLiteral("b"), 3, true);
    rig.inventory.setLeased(QStringLiteral("c"), 7, true);
    QCOMPARE(rig.picks(1), QStringLiteral("a"));
}

void TestStrategies::leastConnectionsFollowsGrants()
{
    Rig rig("least_connections", { endpoint("a", 2), endpoint("b", 2), endpoint("c", 2) });
    QCOMPARE(rig.picks(7, true), QStringLiteral("a b c a b c -"));
}

void TestStrategies::leastResponseTime()
{
    Rig rig(
        "least_response_time",
        { withResponse(endpoint("a", 2), 50), withResponse(endpoint("b", 2), 20), withResponse(endpoint("c", 2), 20) });
    QCOMPARE(rig.picks(1), QStringLiteral("b")); // tie with c: configuration order
    QCOMPARE(rig.picks(3, true), QStringLiteral("b b c"));
}

void TestStrategies::leastResponseTimeUnmeasuredFirst()
{
    Rig rig("least_response_time", { withResponse(endpoint("a", 2), 5), endpoint("b", 2), endpoint("c", 2) });
    QCOMPARE(rig.picks(1), QStringLiteral("b"));
    rig.inventory.updateEndpoint(withResponse(endpoint("b", 2), 1));
    QCOMPARE(rig.picks(1), QStringLiteral("c"));
}

void TestStrategies::equalWeighted()
{
    Rig rig("equal_weighted", { endpoint("a", 9), endpoint("b", 9), endpoint("c", 9) });
    QCOMPARE(rig.picks(4), QStringLiteral("a b c a"));
    // The counts are the balancer's: choices made under another strategy count.
    rig.balancer.setStrategy(QStringLiteral("availability"));
    QCOMPARE(rig.picks(2), QStringLiteral("a a")); // a: 4, b: 1, c: 1
    rig.balancer.setStrategy(QStringLiteral("equal_weighted"));
    QCOMPARE(rig.picks(5), QStringLiteral("b c b c b"));
    // A newcomer has been granted nothing: it goes first until it catches up.
    rig.inventory.updateEndpoint(endpoint("d", 9));
    QCOMPARE(rig.picks(4), QStringLiteral("d d d c"));
}

void TestStrategies::memoryClassWeights_data()
{
    QTest::addColumn<qint64>("totalMb");
    QTest::addColumn<double>("weight");
    QTest::newRow("H100 80GB (81559 MiB)") << qint64(81559) << 3.0;
    QTest::newRow("A100 80GB (81920 MiB)") << qint64(81920) << 3.0;
    QTest::newRow("just under 80 GB") << qint64(76293) << 2.0;
    QTest::newRow("exactly 80 GB in MiB") << qint64(76294) << 3.0;
    QTest::newRow("A100 40GB (40960 MiB)") << qint64(40960) << 2.0;
    QTest::newRow("A6000 48GB (49140 MiB)") << qint64(49140) << 2.0;
    QTest::newRow("V100 32GB (32768 MiB)") << qint64(32768) << 1.5;
    QTest::newRow("RTX 4090 24GB (24564 MiB)") << qint64(24564) << 1.5;
    QTest::newRow("A10 24GB (23028 MiB)") << qint64(23028) << 1.5;
    QTest::newRow("T4 16GB (15360 MiB)") << qint64(15360) << 1.0;
    QTest::newRow("unknown") << qint64(0) << 1.0;
}

void TestStrategies::memoryClassWeights()
{
    QFETCH(qint64, totalMb);
    QFETCH(double, weight);
    QCOMPARE(memoryClassWeight(totalMb), weight);
}

void TestStrategies::weightCountsAssignableGpusOnly()
{
    Inventory inv;
    inv.setEndpoints({ cards("a", { 81559, 81559, 40960 }) });
    QCOMPARE(endpointWeight(inv, 0), 8.0);
    inv.setLeased(QStringLiteral("a"), 0, true);
    QCOMPARE(endpointWeight(inv, 0), 5.0);
    GpuFilter big;
    big.minMemoryMb = 80000;
    QCOMPARE(endpointWeight(inv, 0, &big), 3.0);
}

void TestStrategies::priceBonus()
{
    Inventory inv;
    inv.setEndpoints({ withPrice(cards("cheap", { 40960 }), 0.99), withPrice(cards("even", { 40960 }), 1.0),
                       cards("unpriced", { 40960 }) });
    QCOMPARE(endpointWeight(inv, 0), 2.0 * 1.2);
    QCOMPARE(endpointWeight(inv, 1), 2.0);
    QCOMPARE(endpointWeight(inv, 2), 2.0);
}

void TestStrategies::weightedRoundRobinSequence()
{
    // Weights 3 (one 80 GB card) and 1 (one 16 GB card): a a b a, and again.
    Rig rig("weighted_round_robin", { cards("a", { 81559 }), cards("b", { 15360 }) });
    QCOMPARE(rig.picks(8), QStringLiteral("a a b a a a b a"));
    // Two 24 GB cards (3.0) against one 80 GB card (3.0): they alternate.
    Rig even("weighted_round_robin", { cards("a", { 81559 }), cards("b", { 24564, 24564 }) });
    QCOMPARE(even.picks(4), QStringLiteral("a b a b"));
}

void TestStrategies::weightedRoundRobinPriceBreaksTie()
{
    // Same card; b's price earns it x1.2 and the first turn.
    Rig rig("weighted_round_robin", { withPrice(cards("a", { 24564 }), 2.0), withPrice(cards("b", { 24564 }), 0.5) });
    QCOMPARE(rig.picks(1), QStringLiteral("b"));
    Rig noPrice("weighted_round_robin",
                { withPrice(cards("a", { 24564 }), 2.0), withPrice(cards("b", { 24564 }), 1.5) });
    QCOMPARE(noPrice.picks(1), QStringLiteral("a"));
}

void TestStrategies::nothingAssignableFailsForEveryStrategy()
{
    for (const char *name : { "availability", "round_robin", "weighted", "least_connections", "least_response_time",
                              "equal_weighted", "weighted_round_robin" }) {
        EndpointView open = endpoint("open", 2);
        open.breakerClosed = false;
        EndpointView stale = endpoint("stale", 2);
        stale.dataFresh = false;
        EndpointView auth = endpoint("auth", 2);
        auth.authFailed = true;
        Rig rig(name, { open, stale, auth, partly("busy", 0, 3) });
        QCOMPARE(rig.picks(2), QStringLiteral("- -"));
        QCOMPARE(rig.balancer.metrics().failed, quint64(2));
        // The one good endpoint is the only one ever chosen.
        rig.inventory.updateEndpoint(endpoint("good", 3));
        QCOMPARE(rig.picks(4, true), QStringLiteral("good good good -"));
    }
}

QTEST_GUILESS_MAIN(TestStrategies)
#include "tst_strategies.moc"
