// Pausing the Pool's polls: nothing is sent while paused, leases and waiting
// requests stay, stale readings grant nothing, and resuming polls again and
// serves the waiter. One fake statistics server on 127.0.0.1.
#include "pool/pool.h"

#include "endpoint/monitor.h"
#include "faultserver.h"
#include "pooloptions.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace gpupool;
using namespace gpupool::pool;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;

namespace {
constexpr int waitMs = 10'000;
const QByteArray summaryPath = QByteArrayLiteral("/gpu/summary");
} // namespace

class TestPoolPause : public QObject
{
    Q_OBJECT

private slots:
    void pauseKeepsWaitersAndResumePollsAgain();
    void pauseOutlivesStopAndStart();

private:
    PoolOptions options(const QUrl &url, const QString &store) const
    {
        PoolOptions o = pool::testing::poolOptions(m_dir, store, { { QStringLiteral("f"), url } });
        o.detailsEveryPolls = 0;
        o.owner = QStringLiteral("tester@pause");
        return o;
    }
    QTemporaryDir m_dir;
};

void TestPoolPause::pauseKeepsWaitersAndResumePollsAgain()
{
    FaultServer f;
    f.setDefault(FaultBehaviour::ok(FaultBehaviour::validSummary(1)));
    Pool pool(options(f.url(), QStringLiteral("a.sqlite")));
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 1, waitMs);

    // The only GPU is taken; a second request waits for it.
    const Result<QList<lease::Lease>> held = pool.reserve({});
    QVERIFY(held.ok());
    std::optional<Result<lease::Lease>> waiter;
    pool.requestGpu(WaitForever, [&](const Result<lease::Lease> &r) { waiter = r; });
    QTRY_COMPARE_WITH_TIMEOUT(pool.queueLength(), 1, waitMs);

    QSignalSpy paused(&pool, &Pool::pollingPausedChanged);
    pool.setPollingPaused(true);
    pool.setPollingPaused(true); // no change, no signal
    QCOMPARE(paused.size(), 1);
    QCOMPARE(paused.at(0).at(0).toBool(), true);
    QVERIFY(pool.isPollingPaused());
    QVERIFY(pool.poolStatus().pollingPaused);
    QVERIFY(pool.isRunning());
    QVERIFY(!pool.monitor().isRunning());
    for (const endpoint::Endpoint *e : pool.monitor().endpoints())
        QVERIFY(!e->isRunning());

    // A request already on the wire may still arrive; after that, silence
    // for more than three polling intervals.
    QTest::qWait(100);
    const int polls = f.requestCount(summaryPath);
    QTest::qWait(700);
    QCOMPARE(f.requestCount(summaryPath), polls);

    // Leases and the waiter are untouched; the readings are stale now, so
    // the freed GPU is not granted on their word.
    QCOMPARE(pool.activeLeases().size(), 1);
    QCOMPARE(pool.queueLength(), 1);
    QVERIFY(!waiter);
    QVERIFY(pool.releaseGpu(held->first().id).ok());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 0, waitMs);
    QCoreApplication::processEvents();
    QVERIFY(!waiter);
    QCOMPARE(pool.queueLength(), 1);

    // Resume: polls again, fresh readings serve the waiter.
    pool.setPollingPaused(false);
    QCOMPARE(paused.size(), 2);
    QVERIFY(!pool.isPollingPaused());
    QVERIFY(pool.monitor().isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(f.requestCount(summaryPath) > polls, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(waiter.has_value(), waitMs);
    QVERIFY2(waiter->ok(), waiter->ok() ? "" : qPrintable(waiter->error().message));
    QCOMPARE(waiter->value().gpuId(), held->first().gpuId());
}

void TestPoolPause::pauseOutlivesStopAndStart()
{
    FaultServer f;
    f.setDefault(FaultBehaviour::ok(FaultBehaviour::validSummary(1)));
    Pool pool(options(f.url(), QStringLiteral("b.sqlite")));
    pool.setPollingPaused(true); // before start: start() leaves the engine stopped
    QVERIFY(!pool.start());
    QVERIFY(!pool.monitor().isRunning());
    pool.refreshNow(); // "refresh now" still polls once while paused
    QTRY_VERIFY_WITH_TIMEOUT(f.requestCount(summaryPath) >= 1, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 1, waitMs);
    pool.stop();
    QVERIFY(!pool.start());
    QVERIFY(pool.isPollingPaused());
    QVERIFY(!pool.monitor().isRunning());
    pool.setPollingPaused(false);
    QVERIFY(pool.monitor().isRunning());
}

QTEST_GUILESS_MAIN(TestPoolPause)
#include "tst_pool_pause.moc"
