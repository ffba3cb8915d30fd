// What the Pool never chooses: stale data, auth-failed (401/403) and 404
// endpoints, against fake servers on 127.0.0.1 (tests/support/faultserver.h)
// whose behaviour a test changes while the pool runs.
#include "poolrig.h"

#include "faultserver.h"
#include "util/clock.h"

#include <QSignalSpy>

using namespace gpupool;
using namespace gpupool::pool;
using namespace gpupool::pool::testing;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;

namespace {
constexpr int waitMs = 15'000;
}

class TestPoolFaults : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void staleDataIsNotAssignable();
    void authFailedAndNotFoundAreNeverChosen();
    void expiryFreesTheGpuAndServesTheQueue();
    void leaseTimesComeFromTheInjectedWallClock();

private:
    QString store() const { return QStringLiteral("leases-%1.sqlite").arg(m_n); }
    QTemporaryDir m_dir;
    int m_n = 0;
};

void TestPoolFaults::init()
{
    QVERIFY(m_dir.isValid());
    ++m_n;
}

void TestPoolFaults::staleDataIsNotAssignable()
{
    FaultServer f;
    FaultServer g;
    f.setDefault(FaultBehaviour::ok());
    g.setDefault(FaultBehaviour::ok());
    PoolOptions options
        = poolOptions(m_dir, store(), { { QStringLiteral("f"), f.url() }, { QStringLiteral("g"), g.url() } });
    // This is about stale data, not the breaker: with the usual 2 failures a
    // loaded machine that takes over 2 s (one request deadline) between
    // "hang" and "answer again" let a second poll time out and open it for
    // the rest of the test (seen once in CI).
    options.settings.maxRetries = 100;
    Pool pool(std::move(options));
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 4, waitMs);

    // f stops answering: its polls hang until the 2 s timeout, but its data
    // is stale after 3 x 0.2 s, and stale data is not assignable.
    f.setDefault(FaultBehaviour::of(FaultBehaviour::Kind::Hang));
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
    const std::optional<EndpointInfo> info = pool.endpointInfo(QStringLiteral("f"));
    QVERIFY(info.has_value());
    QVERIFY(!info->fresh);
    QCOMPARE(info->breaker, endpoint::BreakerState::Closed);
    ReserveRequest onF;
    onF.filter.endpointIds = { QStringLiteral("f") };
    QCOMPARE(pool.reserve(onF).code(), ErrorCode::NotEnoughGpus);
    ReserveRequest any;
    any.count = 2;
    const Result<QList<lease::Lease>> r = pool.reserve(any);
    QVERIFY(r.ok());
    for (const lease::Lease &l : *r)
        QCOMPARE(l.endpointId, QStringLiteral("g"));

    // Answers again: fresh, assignable.
    f.setDefault(FaultBehaviour::ok());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(pool.endpointInfo(QStringLiteral("f"))->fresh, waitMs);
}

void TestPoolFaults::authFailedAndNotFoundAreNeverChosen()
{
    FaultServer f;
    FaultServer g;
    FaultServer h;
    for (FaultServer *s : { &f, &g, &h })
        s->setDefault(FaultBehaviour::ok());
    Pool pool(poolOptions(
        m_dir, store(),
        { { QStringLiteral("f"), f.url() }, { QStringLiteral("g"), g.url() }, { QStringLiteral("h"), h.url() } }));
    QSignalSpy health(&pool, &Pool::endpointHealthChanged);
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 6, waitMs);

    f.setDefault(FaultBehaviour::withStatus(401));
    g.setDefault(FaultBehaviour::withStatus(404));
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
    for (const QString &id : { QStringLiteral("f"), QStringLiteral("g") }) {
        const std::optional<EndpointInfo> info = pool.endpointInfo(id);
        QCOMPARE(info->health, endpoint::Health::Misconfigured);
        QVERIFY(info->misconfigured);
        QVERIFY(!info->usable); // the balancer's rule, as the views read it
        QCOMPARE(info->breaker, endpoint::BreakerState::Closed); // not a breaker failure
        QVERIFY(!info->reason.isEmpty());
    }
    QVERIFY(pool.endpointInfo(QStringLiteral("h"))->usable);
    QVERIFY(std::any_of(health.cbegin(), health.cend(), [](const QList<QVariant> &args) {
        return args.at(1).value<endpoint::Health>() == endpoint::Health::Misconfigured;
    }));
    for (const QString &strategy : Pool::availableStrategies()) {
        QVERIFY(!pool.setStrategy(strategy));
        ReserveRequest two;
        two.count = 2;
        const Result<QList<lease::Lease>> r = pool.reserve(two);
        QVERIFY2(r.ok(), qPrintable(strategy));
        for (const lease::Lease &l : *r) {
            QCOMPARE(l.endpointId, QStringLiteral("h"));
            QVERIFY(pool.releaseGpu(l.id).ok());
        }
    }
}

void TestPoolFaults::expiryFreesTheGpuAndServesTheQueue()
{
    FaultServer f;
    f.setDefault(FaultBehaviour::ok(FaultBehaviour::validSummary(1)));
    Pool pool(poolOptions(m_dir, store(), { { QStringLiteral("f"), f.url() } }));
    QSignalSpy expired(&pool, &Pool::leaseExpired);
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 1, waitMs);

    Outcomes out;
    GpuRequest shortLease;
    shortLease.durationMs = 300;
    shortLease.timeoutMs = 10'000;
    pool.requestGpu(shortLease, out.callback());
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 1, waitMs);
    pool.requestGpu(10'000, out.callback()); // waits for the only GPU
    QTRY_COMPARE_WITH_TIMEOUT(pool.queueLength(), 1, waitMs);

    QVERIFY(expired.wait(waitMs));
    const lease::LeaseEnd end = expired.at(0).at(0).value<lease::LeaseEnd>();
    QCOMPARE(end.lease.id, out.granted.at(0).id);
    QCOMPARE(end.reason, lease::EndReason::Expired);
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 2, waitMs);
    QCOMPARE(out.granted.at(1).gpuId(), out.granted.at(0).gpuId());
    QVERIFY(out.granted.at(1).fence > out.granted.at(0).fence);

    // Renewing moves the expiry; renewing an ended lease is refused.
    const Result<lease::Lease> renewed = pool.renew(out.granted.at(1).id, 3'600'000);
    QVERIFY(renewed.ok());
    QVERIFY(renewed->expiresMs >= out.granted.at(1).expiresMs);
    QCOMPARE(pool.renew(out.granted.at(0).id).code(), ErrorCode::AlreadyEnded);
}

void TestPoolFaults::leaseTimesComeFromTheInjectedWallClock()
{
    FaultServer f;
    f.setDefault(FaultBehaviour::ok(FaultBehaviour::validSummary(1)));
    // 2030-01-01 00:00:00 UTC, standing still: lease times must be exactly it.
    class StillWallClock final : public gpupool::WallClock
    {
    public:
        qint64 msSinceEpoch() const override { return 1'893'456'000'000; }
    } wall;
    PoolOptions options = poolOptions(m_dir, store(), { { QStringLiteral("f"), f.url() } });
    options.wallClock = &wall;
    int next = 0;
    options.leaseIdGenerator = [&next] { return QStringLiteral("lease-%1").arg(++next); };
    Pool pool(options);
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 1, waitMs);
    ReserveRequest one;
    const Result<QList<lease::Lease>> r = pool.reserve(one);
    QVERIFY(r.ok());
    QCOMPARE(r->at(0).id, QStringLiteral("lease-1"));
    QCOMPARE(r->at(0).createdMs, wall.msSinceEpoch());
    QCOMPARE(r->at(0).expiresMs, wall.msSinceEpoch() + lease::DefaultInteractiveMs);
}

QTEST_GUILESS_MAIN(TestPoolFaults)
#include "tst_pool_faults.moc"
