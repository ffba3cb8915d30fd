// docs/behaviour.md "Error-recovery summary text", byte for byte.
#include "pool/recoverysummary.h"

#include <QTest>

using namespace gpupool;
using namespace gpupool::pool;

class TestPoolSummary : public QObject
{
    Q_OBJECT

private slots:
    void specExample();
    void degradedWhenNoBreakerClosed();
    void halfOpenIsShownAndCounted();
    void noEndpointsLeavesOutTheBreakerBlock();
    void singleEndpointModeIsOneLine();
    void failureRateHasOneDecimal_data();
    void failureRateHasOneDecimal();
};

static EndpointRecovery endpointWith(const QString &id, endpoint::BreakerState state, double rate)
{
    EndpointRecovery e;
    e.id = id;
    e.state = state;
    e.failureRatePercent = rate;
    return e;
}

void TestPoolSummary::specExample()
{
    ErrorRecoveryStatus s;
    s.multiEndpoint = true;
    s.totalEndpoints = 2;
    s.healthyEndpoints = 1;
    s.degradedEndpoints = 1;
    s.endpoints = { endpointWith(QStringLiteral("server1_8000"), endpoint::BreakerState::Closed, 0),
                    endpointWith(QStringLiteral("server2_8000"), endpoint::BreakerState::Open, 30) };
    const QString expected = QStringLiteral("\n"
                                            "=== Error Recovery Status ===\n"
                                            "System Status: OPERATIONAL\n"
                                            "Total Endpoints: 2\n"
                                            "Healthy Endpoints: 1\n"
                                            "Degraded Endpoints: 1\n"
                                            "Queued Requests: 0\n"
                                            "Recovery Operations Active: 0\n"
                                            "\n"
                                            "--- Circuit Breaker Status ---\n"
                                            "server1_8000: CLOSED (Failure Rate: 0.0%)\n"
                                            "server2_8000: OPEN (Failure Rate: 30.0%)\n"
                                            "\n");
    QCOMPARE(recoverySummaryText(s), expected);
}

void TestPoolSummary::degradedWhenNoBreakerClosed()
{
    ErrorRecoveryStatus s;
    s.multiEndpoint = true;
    s.fullyDegraded = true;
    s.totalEndpoints = 1;
    s.degradedEndpoints = 1;
    s.queuedRequests = 3;
    s.endpoints = { endpointWith(QStringLiteral("a"), endpoint::BreakerState::Open, 100) };
    const QString text = recoverySummaryText(s);
    QVERIFY(text.contains(QLatin1String("\nSystem Status: DEGRADED\n")));
    QVERIFY(text.contains(QLatin1String("\nQueued Requests: 3\n")));
    QVERIFY(text.endsWith(QLatin1String("a: OPEN (Failure Rate: 100.0%)\n\n")));
}

void TestPoolSummary::halfOpenIsShownAndCounted()
{
    ErrorRecoveryStatus s;
    s.multiEndpoint = true;
    s.totalEndpoints = 1;
    s.degradedEndpoints = 1;
    s.recoveryOperationsActive = 1;
    s.endpoints = { endpointWith(QStringLiteral("gpu.example.com"), endpoint::BreakerState::HalfOpen, 12.5) };
    const QString text = recoverySummaryText(s);
    QVERIFY(text.contains(QLatin1String("\nRecovery Operations Active: 1\n")));
    QVERIFY(text.contains(QLatin1String("\ngpu.example.com: HALF_OPEN (Failure Rate: 12.5%)\n")));
}

void TestPoolSummary::noEndpointsLeavesOutTheBreakerBlock()
{
    ErrorRecoveryStatus s;
    s.multiEndpoint = true;
    const QString expected = QStringLiteral("\n"
                                            "=== Error Recovery Status ===\n"
                                            "System Status: OPERATIONAL\n"
                                            "Total Endpoints: 0\n"
                                            "Healthy Endpoints: 0\n"
                                            "Degraded Endpoints: 0\n"
                                            "Queued Requests: 0\n"
                                            "Recovery Operations Active: 0\n"
                                            "\n");
    QCOMPARE(recoverySummaryText(s), expected);
}

void TestPoolSummary::singleEndpointModeIsOneLine()
{
    ErrorRecoveryStatus s;
    s.multiEndpoint = false;
    s.totalEndpoints = 1;
    s.endpoints = { endpointWith(QStringLiteral("localhost_8080"), endpoint::BreakerState::Open, 50) };
    QCOMPARE(recoverySummaryText(s),
             QStringLiteral("\n=== Error Recovery Status ===\n"
                            "Mode: Single-endpoint (error recovery not applicable)\n\n"));
}

void TestPoolSummary::failureRateHasOneDecimal_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<QString>("shown");
    QTest::newRow("zero") << 0.0 << QStringLiteral("0.0");
    QTest::newRow("one third") << 100.0 / 3.0 << QStringLiteral("33.3");
    QTest::newRow("two thirds") << 200.0 / 3.0 << QStringLiteral("66.7");
    QTest::newRow("all") << 100.0 << QStringLiteral("100.0");
    QTest::newRow("tiny") << 0.04 << QStringLiteral("0.0");
}

void TestPoolSummary::failureRateHasOneDecimal()
{
    QFETCH(double, rate);
    QFETCH(QString, shown);
    ErrorRecoveryStatus s;
    s.multiEndpoint = true;
    s.totalEndpoints = 1;
    s.endpoints = { endpointWith(QStringLiteral("e"), endpoint::BreakerState::Closed, rate) };
    QVERIFY(
        recoverySummaryText(s).contains(QStringLiteral("e: CLOSED (Failure Rate: ") + shown + QStringLiteral("%)\n")));
}

QTEST_GUILESS_MAIN(TestPoolSummary)
#include "tst_pool_summary.moc"
