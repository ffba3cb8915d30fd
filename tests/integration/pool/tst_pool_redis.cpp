// The Pool on a shared Redis store (a real redis-server on a unix socket;
// skipped without one): two pools never hold one GPU, and a store that goes
// away grants nothing, says so, and comes back.
#include "poolrig.h"

#include "../redis/testredis.h"
#include "faultserver.h"

#include <QSignalSpy>

using namespace gpupool;
using namespace gpupool::pool;
using namespace gpupool::pool::testing;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;
using gpupool::testing::TestRedis;

namespace {
constexpr int waitMs = 15'000;
}

class TestPoolRedis : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void twoPoolsNeverShareAGpu();
    void unavailableStoreGrantsNothing();
    void unreachableAtStartStillRuns();
    void restartWithoutPersistenceIsShown();

private:
    PoolOptions options(const QString &storeUrl, const QString &owner) const
    {
        PoolOptions o = poolOptions(m_dir, QStringLiteral("unused.sqlite"), { { QStringLiteral("f"), m_gpus->url() } });
        o.settings.storeUrl = storeUrl;
        o.owner = owner;
        return o;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<FaultServer> m_gpus;
};

void TestPoolRedis::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_gpus = std::make_unique<FaultServer>();
    m_gpus->setDefault(FaultBehaviour::ok(FaultBehaviour::validSummary(2)));
}

void TestPoolRedis::twoPoolsNeverShareAGpu()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(redis, QStringList());
    Pool first(options(redis.url(), QStringLiteral("op1@ws1")));
    Pool second(options(redis.url(), QStringLiteral("op2@ws2")));
    QVERIFY(!first.start());
    QVERIFY(!second.start());
    QCOMPARE(first.storeInfo().state, StoreState::Ready);
    QVERIFY(first.storeInfo().shared);
    QTRY_COMPARE_WITH_TIMEOUT(first.availableGpus(), 2, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.availableGpus(), 2, waitMs);

    const Result<QList<lease::Lease>> mine = first.reserve(ReserveRequest {});
    QVERIFY(mine.ok());
    QTRY_COMPARE_WITH_TIMEOUT(second.activeLeases().size(), 1, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.availableGpus(), 1, waitMs);

    ReserveRequest two;
    two.count = 2;
    QCOMPARE(second.reserve(two).error().message,
             QStringLiteral("Not enough GPUs available. Requested: 2, Available: 1"));
    const Result<QList<lease::Lease>> theirs = second.reserve(ReserveRequest {});
    QVERIFY(theirs.ok());
    QVERIFY(theirs->at(0).gpuId() != mine->at(0).gpuId());
    QTRY_COMPARE_WITH_TIMEOUT(first.availableGpus(), 0, waitMs);
    QCOMPARE(first.reserve(ReserveRequest {}).code(), ErrorCode::NotEnoughGpus);
    QCOMPARE(second.releaseGpu(mine->at(0).id).code(), ErrorCode::NotOwner);
    QVERIFY(first.releaseGpu(mine->at(0).id).ok());
    QTRY_COMPARE_WITH_TIMEOUT(second.availableGpus(), 1, waitMs);
}

void TestPoolRedis::unavailableStoreGrantsNothing()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(redis,
                        QStringList { QStringLiteral("--appendonly"), QStringLiteral("yes"),
                                      QStringLiteral("--appendfsync"), QStringLiteral("always") });
    Pool pool(options(redis.url(), QStringLiteral("op1@ws1")));
    QSignalSpy storeState(&pool, &Pool::storeStateChanged);
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
    QVERIFY(pool.reserve(ReserveRequest {}).ok());

    redis.kill();
    QTRY_COMPARE_WITH_TIMEOUT(pool.storeInfo().state, StoreState::Unavailable, waitMs);
    QVERIFY(!storeState.isEmpty());
    QVERIFY(!pool.storeInfo().message.isEmpty());
    QVERIFY(!pool.storeInfo().leasesVerified);
    QCOMPARE(pool.activeLeases().size(), 1); // the last known, shown unverified
    const Result<QList<lease::Lease>> refused = pool.reserve(ReserveRequest {});
    QCOMPARE(refused.code(), ErrorCode::StoreUnavailable);
    Outcomes out;
    pool.requestGpu(10'000, out.callback());
    QTRY_COMPARE_WITH_TIMEOUT(out.total(), 1, waitMs);
    QCOMPARE(out.failed.at(0).code, ErrorCode::StoreUnavailable);

    QString why;
    QVERIFY2(redis.restart(&why), qPrintable(why));
    QTRY_COMPARE_WITH_TIMEOUT(pool.storeInfo().state, StoreState::Ready, waitMs);
    QVERIFY(pool.storeInfo().leasesVerified);
    QCOMPARE(pool.activeLeases().size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 1, waitMs);
    const Result<QList<lease::Lease>> again = pool.reserve(ReserveRequest {});
    QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().message));
}

void TestPoolRedis::unreachableAtStartStillRuns()
{
    Pool pool(options(QStringLiteral("unix://") + m_dir.filePath(QStringLiteral("nobody-here.sock")),
                      QStringLiteral("op1@ws1")));
    QVERIFY(!pool.start()); // runs, grants nothing, says why
    QVERIFY(pool.isRunning());
    QCOMPARE(pool.storeInfo().state, StoreState::Unavailable);
    QVERIFY(!pool.storeInfo().message.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(pool.poolStatus().totalGpus, 2, waitMs);
    QCOMPARE(pool.reserve(ReserveRequest {}).code(), ErrorCode::StoreUnavailable);
}

void TestPoolRedis::restartWithoutPersistenceIsShown()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(
        redis,
        QStringList { QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--save"), QString() });
    Pool pool(options(redis.url(), QStringLiteral("op1@ws1")));
    QSignalSpy warnings(&pool, &Pool::warning);
    QVERIFY(!pool.start());
    QCOMPARE(pool.storeInfo().warnings.size(), 1); // appendonly no: said at connect
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
    QVERIFY(pool.reserve(ReserveRequest {}).ok());
    QCOMPARE(pool.availableGpus(), 1);

    redis.kill();
    QString why;
    QVERIFY2(redis.restart(&why), qPrintable(why));
    QTRY_VERIFY_WITH_TIMEOUT(!warnings.isEmpty(), waitMs);
    const QString message = warnings.constLast().at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("has lost lease data"))
                 && message.contains(QStringLiteral("may have been lost")),
             qPrintable(message));
    QCOMPARE(pool.storeInfo().state, StoreState::Ready);
    QVERIFY(pool.storeInfo().warnings.contains(message));
    QVERIFY(pool.poolStatus().store.warnings.contains(message)); // what the console's status bar reads
    // Re-read: the lease this pool granted is not in the store any more, so
    // its GPU looks free to everybody, while its user may still be on it.
    QTRY_COMPARE_WITH_TIMEOUT(pool.activeLeases().size(), 0, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
    QCOMPARE(warnings.count(), 1); // said once, kept in storeInfo()
}

QTEST_GUILESS_MAIN(TestPoolRedis)
#include "tst_pool_redis.moc"
