// The Pool when endpoints fail, against real gpupool-statd processes on
// 127.0.0.1: breakers open, a down endpoint is never chosen, the operator's
// recovery trigger, queueRequestForRetry(), and the recovery summary text.
#include "poolrig.h"

#include <QSignalSpy>

using namespace gpupool;
using namespace gpupool::pool;
using namespace gpupool::pool::testing;

namespace {
constexpr int waitMs = 15'000;

endpoint::BreakerState breakerOf(const Pool &pool, const QString &id)
{
    const std::optional<EndpointInfo> info = pool.endpointInfo(id);
    return info ? info->breaker : endpoint::BreakerState::Closed;
}
} // namespace

class TestPoolRecovery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void summaryWithAnEndpointDown();
    void downEndpointIsNeverChosenUntilRecovered();
    void retryRunsWhenAnEndpointIsBack();

private:
    QList<Endpoint> ab() const
    {
        return { { QStringLiteral("a"), m_ab.urls.at(0) }, { QStringLiteral("b"), m_ab.urls.at(1) } };
    }
    QString store() const { return QStringLiteral("leases-%1.sqlite").arg(m_n); }

    QTemporaryDir m_dir;
    StatdCluster m_ab;
    int m_n = 0;
};

void TestPoolRecovery::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_ab = startStatd(2, 1, 2);
    QVERIFY(m_ab.isUp());
}

void TestPoolRecovery::init()
{
    ++m_n;
}

void TestPoolRecovery::summaryWithAnEndpointDown()
{
    QList<Endpoint> endpoints = ab();
    endpoints.append({ QStringLiteral("dead"), refusedUrl() });
    Pool pool(poolOptions(m_dir, store(), endpoints));
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(breakerOf(pool, QStringLiteral("dead")), endpoint::BreakerState::Open, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 4, waitMs);
    const QString expected = QStringLiteral("\n"
                                            "=== Error Recovery Status ===\n"
                                            "System Status: OPERATIONAL\n"
                                            "Total Endpoints: 3\n"
                                            "Healthy Endpoints: 2\n"
                                            "Degraded Endpoints: 1\n"
                                            "Queued Requests: 0\n"
                                            "Recovery Operations Active: 0\n"
                                            "\n"
                                            "--- Circuit Breaker Status ---\n"
                                            "a: CLOSED (Failure Rate: 0.0%)\n"
                                            "b: CLOSED (Failure Rate: 0.0%)\n"
                                            "dead: OPEN (Failure Rate: 100.0%)\n"
                                            "\n");
    QCOMPARE(pool.recoverySummary(), expected);

    const ErrorRecoveryStatus status = pool.errorRecoveryStatus();
    QVERIFY(status.multiEndpoint);
    QVERIFY(!status.fullyDegraded);
    QCOMPARE(status.endpoints.at(2).stats.failures, quint64(2)); // GPU_ENDPOINT_MAX_RETRIES
    QVERIFY(status.endpoints.at(2).nextAttemptInMs > 0);
    const QList<EndpointInfo> infos = pool.endpointsInfo();
    QCOMPARE(infos.size(), 3);
    QVERIFY(infos.at(0).healthy);
    QVERIFY(!infos.at(2).healthy);
    QCOMPARE(infos.at(2).health, endpoint::Health::Down);
    QVERIFY(!infos.at(2).reason.isEmpty());
}

void TestPoolRecovery::downEndpointIsNeverChosenUntilRecovered()
{
    StatdCluster c = startStatd(2, 3, 1);
    QVERIFY(c.isUp());
    const quint16 port = c.port();
    QList<Endpoint> endpoints = ab();
    endpoints.append({ QStringLiteral("c"), c.urls.at(0) });
    Pool pool(poolOptions(m_dir, store(), endpoints));
    QSignalSpy transitions(&pool, &Pool::breakerTransition);
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 6, waitMs);

    c.kill();
    QTRY_COMPARE_WITH_TIMEOUT(breakerOf(pool, QStringLiteral("c")), endpoint::BreakerState::Open, waitMs);
    QVERIFY(std::any_of(transitions.cbegin(), transitions.cend(), [](const QList<QVariant> &args) {
        return args.at(0).toString() == QLatin1String("c")
            && args.at(1).value<endpoint::Transition>().to == endpoint::BreakerState::Open;
    }));
    // The store's thread (tst_pool_recovery_thread) publishes it a moment later.
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 4, waitMs);
    QVERIFY(pool.recoverySummary().contains(QLatin1String("\nc: OPEN (Failure Rate: ")));

    // Every strategy passes it by.
    for (const QString &strategy : Pool::availableStrategies()) {
        QVERIFY(!pool.setStrategy(strategy));
        ReserveRequest all;
        all.count = 4;
        const Result<QList<lease::Lease>> r = pool.reserve(all);
        QVERIFY2(r.ok(), qPrintable(strategy));
        for (const lease::Lease &l : *r) {
            QVERIFY2(l.endpointId != QLatin1String("c"), qPrintable(strategy));
            QVERIFY(pool.releaseGpu(l.id).ok());
        }
    }
    ReserveRequest five;
    five.count = 5;
    QCOMPARE(pool.reserve(five).error().message,
             QStringLiteral("Not enough GPUs available. Requested: 5, Available: 4"));

    // Back on the same port, and the operator triggers recovery: half-open,
    // probes, closed.
    StatdCluster again = startStatd(2, 3, 1, port);
    QVERIFY(again.isUp());
    const Result<bool> triggered = pool.triggerEndpointRecovery(QStringLiteral("c"));
    QVERIFY(triggered.ok());
    QVERIFY(triggered.value());
    QTRY_COMPARE_WITH_TIMEOUT(breakerOf(pool, QStringLiteral("c")), endpoint::BreakerState::Closed, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 6, waitMs);
    ReserveRequest onC;
    onC.filter.endpointIds = { QStringLiteral("c") };
    QVERIFY(pool.reserve(onC).ok());
}

void TestPoolRecovery::retryRunsWhenAnEndpointIsBack()
{
    StatdCluster e = startStatd(1, 5, 1);
    QVERIFY(e.isUp());
    const quint16 port = e.port();
    PoolOptions options = poolOptions(m_dir, store(), { { QStringLiteral("e"), e.urls.at(0) } });
    // This time the breaker tries again by itself, soon.
    options.breakerOpenBaseMs = 300;
    options.breakerOpenCapMs = 1000;
    Pool pool(options);
    QSignalSpy degraded(&pool, &Pool::fullyDegradedChanged);
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 1, waitMs);

    e.kill();
    QTRY_VERIFY_WITH_TIMEOUT(pool.isFullyDegraded(), waitMs);
    QCOMPARE(degraded.last().at(0).toBool(), true);
    QVERIFY(pool.recoverySummary().contains(QLatin1String("\nSystem Status: DEGRADED\n")));
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 0, waitMs);

    // Requests wait while degraded; so does work queued for retry.
    Outcomes out;
    pool.requestGpu(WaitForever, out.callback());
    int ran = 0;
    std::optional<Result<QVariant>> result;
    const quint64 id = pool.queueRequestForRetry(
        [&pool, &ran] {
            ++ran;
            return QVariant(pool.endpointInfo(QStringLiteral("e"))->totalGpus);
        },
        [&](const Result<QVariant> &r) { result = r; });
    QVERIFY(id != 0);
    QCOMPARE(pool.retryQueueLength(), 1);
    QTRY_COMPARE(pool.errorRecoveryStatus().queuedRequests, 2); // _thread: the request reaches the queue a moment later
    QSignalSpy transitions(&pool, &Pool::breakerTransition);
    QTRY_VERIFY_WITH_TIMEOUT(transitions.size() >= 2, waitMs); // probes fail while it is down
    QCOMPARE(ran, 0);

    StatdCluster back = startStatd(1, 5, 1, port);
    QVERIFY(back.isUp());
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), waitMs);
    QCOMPARE(ran, 1);
    QVERIFY(result->ok());
    QCOMPARE(result->value().toInt(), 1); // its result reaches the caller
    QCOMPARE(pool.retryQueueLength(), 0);
    QVERIFY(!pool.isFullyDegraded());
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 1, waitMs);
    QCOMPARE(out.granted.at(0).endpointId, QStringLiteral("e"));
}

QTEST_GUILESS_MAIN(TestPoolRecovery)
#include "tst_pool_recovery.moc"
