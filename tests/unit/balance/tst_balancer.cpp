// The balancer around the strategies: found by name, refused when unknown,
// switched at run time without losing counters, and its metrics.
#include "balance/balancer.h"
#include "balance/strategyregistry.h"

#include "fakeclock.h"
#include "views.h"

#include <QTest>

using namespace gpupool::balance;
using gpupool::testing::endpoint;
using gpupool::testing::FakeClock;

class TestBalancer : public QObject
{
    Q_OBJECT

private slots:
    void registryHasTheSpecsNames();
    void everyNameCreatesItsStrategy();
    void unknownNameIsRefusedWithTheSpecsMessage_data();
    void unknownNameIsRefusedWithTheSpecsMessage();
    void defaultIsAvailability();
    void metricsCountRequestsAndOutcomes();
    void lastSelectionsAreBounded();
    void switchingKeepsCounters();
    void switchingBackResumesTheRotation();
    void selectionsFollowEndpointsMoving();
    void sharedStateRotatesAsOneBalancer_data();
    void sharedStateRotatesAsOneBalancer();
    void unreadableStateIsAFreshStart();
};

void TestBalancer::registryHasTheSpecsNames()
{
    const QStringList expected {
        QStringLiteral("availability"),        QStringLiteral("round_robin"),         QStringLiteral("weighted"),
        QStringLiteral("least_connections"),   QStringLiteral("least_response_time"), QStringLiteral("equal_weighted"),
        QStringLiteral("weighted_round_robin")
    };
    QCOMPARE(StrategyRegistry::names(), expected);
}

void TestBalancer::everyNameCreatesItsStrategy()
{
    for (const QString &name : StrategyRegistry::names()) {
        const std::unique_ptr<Strategy> s = StrategyRegistry::create(name);
        QVERIFY2(s, qPrintable(name));
        QCOMPARE(s->name(), name);
        QVERIFY(StrategyRegistry::contains(name));
    }
}

void TestBalancer::unknownNameIsRefusedWithTheSpecsMessage_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("made up") << QStringLiteral("fastest");
    QTest::newRow("wrong case") << QStringLiteral("Availability");
    QTest::newRow("empty") << QString();
    QTest::newRow("spaces") << QStringLiteral(" round_robin");
}

void TestBalancer::unknownNameIsRefusedWithTheSpecsMessage()
{
    QFETCH(QString, name);
    QVERIFY(!StrategyRegistry::create(name));
    FakeClock clock;
    Balancer balancer(clock);
    QVERIFY(balancer.setStrategy(QStringLiteral("round_robin")));
    QString error;
    QVERIFY(!balancer.setStrategy(name, &error));
    QCOMPARE(error,
             QStringLiteral("Unknown load balancing strategy: ") + name
                 + QStringLiteral(". Available strategies: availability, round_robin, weighted, "
                                  "least_connections, least_response_time, equal_weighted, "
                                  "weighted_round_robin"));
    QCOMPARE(balancer.strategyName(), QStringLiteral("round_robin")); // kept
}

void TestBalancer::defaultIsAvailability()
{
    FakeClock clock;
    Balancer balancer(clock);
    QCOMPARE(balancer.strategyName(), QStringLiteral("availability"));
    QCOMPARE(StrategyRegistry::defaultName(), QStringLiteral("availability"));
}

void TestBalancer::metricsCountRequestsAndOutcomes()
{
    FakeClock clock(5'000);
    Inventory inventory;
    inventory.setEndpoints({ endpoint("a", 1), endpoint("b", 1) });
    Balancer balancer(clock);
    QVERIFY(balancer.setStrategy(QStringLiteral("round_robin")));
    for (int i = 0; i < 3; ++i) {
        clock.advance(10);
        const std::optional<Selection> s = balancer.select(inventory);
        if (s)
            inventory.setLeased(s->endpointId, s->localGpuId, true);
    }
    const BalancerMetrics &m = balancer.metrics();
    QCOMPARE(m.requests, quint64(3));
    QCOMPARE(m.successful, quint64(2));
    QCOMPARE(m.failed, quint64(1));
    QCOMPARE(m.selectionsPerEndpoint.value(QStringLiteral("a")), quint64(1));
    QCOMPARE(m.selectionsPerEndpoint.value(QStringLiteral("b")), quint64(1));
    QCOMPARE(m.lastSelections.size(), 2);
    QCOMPARE(m.lastSelections.at(0).endpointId, QStringLiteral("a"));
    QCOMPARE(m.lastSelections.at(0).localGpuId, 0);
    QCOMPARE(m.lastSelections.at(0).strategy, QStringLiteral("round_robin"));
    QCOMPARE(m.lastSelections.at(0).atMs, qint64(5'010));
    QCOMPARE(m.lastSelections.at(1).atMs, qint64(5'020));
}

void TestBalancer::lastSelectionsAreBounded()
{
    FakeClock clock;
    Inventory inventory;
    inventory.setEndpoints({ endpoint("a", 1) });
    Balancer balancer(clock);
    for (int i = 0; i < Balancer::LastSelections + 5; ++i) {
        clock.advance(1);
        QVERIFY(balancer.select(inventory));
    }
    const BalancerMetrics &m = balancer.metrics();
    QCOMPARE(m.lastSelections.size(), Balancer::LastSelections);
    QCOMPARE(m.lastSelections.last().atMs, clock.nowMs());
    QCOMPARE(m.lastSelections.first().atMs, clock.nowMs() - Balancer::LastSelections + 1);
    QCOMPARE(m.selectionsPerEndpoint.value(QStringLiteral("a")), quint64(Balancer::LastSelections + 5));
}

void TestBalancer::switchingKeepsCounters()
{
    FakeClock clock;
    Inventory inventory;
    inventory.setEndpoints({ endpoint("a", 9), endpoint("b", 9) });
    Balancer balancer(clock);
    for (int i = 0; i < 3; ++i)
        QVERIFY(balancer.select(inventory));
    for (const QString &name : StrategyRegistry::names()) {
        QVERIFY(balancer.setStrategy(name));
        QCOMPARE(balancer.metrics().requests, quint64(3));
        QCOMPARE(balancer.metrics().successful, quint64(3));
        QCOMPARE(balancer.metrics().selectionsPerEndpoint.value(QStringLiteral("a")), quint64(3));
        QCOMPARE(balancer.metrics().lastSelections.size(), 3);
    }
    QVERIFY(balancer.select(inventory));
    QCOMPARE(balancer.metrics().requests, quint64(4));
    QCOMPARE(balancer.metrics().lastSelections.last().strategy, QStringLiteral("weighted_round_robin"));
}

void TestBalancer::switchingBackResumesTheRotation()
{
    FakeClock clock;
    Inventory inventory;
    inventory.setEndpoints({ endpoint("a", 9), endpoint("b", 9), endpoint("c", 9) });
    Balancer balancer(clock);
    QVERIFY(balancer.setStrategy(QStringLiteral("round_robin")));
    QCOMPARE(balancer.select(inventory)->endpointId, QStringLiteral("a"));
    QCOMPARE(balancer.select(inventory)->endpointId, QStringLiteral("b"));
    QVERIFY(balancer.setStrategy(QStringLiteral("availability")));
    QCOMPARE(balancer.select(inventory)->endpointId, QStringLiteral("a"));
    QVERIFY(balancer.setStrategy(QStringLiteral("round_robin")));
    QCOMPARE(balancer.select(inventory)->endpointId, QStringLiteral("c"));
}

void TestBalancer::selectionsFollowEndpointsMoving()
{
    // equal_weighted reads the counts by position; a reordering must carry
    // them along by id.
    FakeClock clock;
    Inventory inventory;
    inventory.setEndpoints({ endpoint("a", 9), endpoint("b", 9) });
    Balancer balancer(clock);
    QVERIFY(balancer.setStrategy(QStringLiteral("equal_weighted")));
    QCOMPARE(balancer.select(inventory)->endpointId, QStringLiteral("a"));
    inventory.setEndpoints({ endpoint("b", 9), endpoint("a", 9) });
    QCOMPARE(balancer.select(inventory)->endpointId, QStringLiteral("b"));
    QCOMPARE(balancer.select(inventory)->endpointId, QStringLiteral("b")); // tie a1 b1: b is first now
    QCOMPARE(balancer.select(inventory)->endpointId, QStringLiteral("a"));
}

void TestBalancer::sharedStateRotatesAsOneBalancer_data()
{
    QTest::addColumn<QString>("strategy");
    for (const char *name : { "round_robin", "weighted", "weighted_round_robin", "equal_weighted" })
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestBalancer::sharedStateRotatesAsOneBalancer()
{
    // Three programs, each with its own balancer, taking turns through the
    // state the store holds, choose what one balancer alone would.
    QFETCH(QString, strategy);
    FakeClock clock;
    Inventory inventory;
    inventory.setEndpoints({ endpoint("a", 8), endpoint("b", 4), endpoint("c", 2), endpoint("d", 1) });
    Balancer alone(clock);
    QVERIFY(alone.setStrategy(strategy));
    Balancer programs[3] { Balancer(clock), Balancer(clock), Balancer(clock) };
    QString store;
    for (Balancer &b : programs)
        QVERIFY(b.setStrategy(strategy));
    QStringList expected, got;
    for (int turn = 0; turn < 30; ++turn) {
        expected.append(alone.select(inventory)->endpointId);
        Balancer &b = programs[turn % 3];
        b.importState(store);
        got.append(b.select(inventory)->endpointId);
        store = b.exportState();
    }
    QCOMPARE(got, expected);
    QVERIFY(QSet<QString>(expected.begin(), expected.end()).size() > 1); // it did rotate
    QCOMPARE(programs[29 % 3].metrics().selectionsPerEndpoint,
             alone.metrics().selectionsPerEndpoint); // the last to act
}

void TestBalancer::unreadableStateIsAFreshStart()
{
    FakeClock clock;
    Inventory inventory;
    inventory.setEndpoints({ endpoint("a", 9), endpoint("b", 9) });
    Balancer balancer(clock);
    QVERIFY(balancer.setStrategy(QStringLiteral("round_robin")));
    QCOMPARE(balancer.select(inventory)->endpointId, QStringLiteral("a"));
    for (const char *text : { "", "not json", "[1,2]", R"({"strategies":{"round_robin":7},"selections":{"a":"x"}})" }) {
        balancer.importState(QString::fromLatin1(text));
        QCOMPARE(balancer.select(inventory)->endpointId, QStringLiteral("a"));
    }
}

QTEST_GUILESS_MAIN(TestBalancer)
#include "tst_balancer.moc"
