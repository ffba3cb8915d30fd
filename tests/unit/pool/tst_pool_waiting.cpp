// Pool::requestGpus(): a reservation of several GPUs, with filters, that
// waits its turn - granted together once free, reported once (callback and
// reservationGranted), withdrawn by cancelRequest(), failed by stop(). The
// serving rules themselves are tested on the allocator (tst_waitingreserve).
// Two fake statistics servers on 127.0.0.1.
#include "pool/pool.h"

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

struct Outcome
{
    int calls = 0;
    std::optional<Result<QList<lease::Lease>>> result;
    LeasesCallback callback()
    {
        return [this](const Result<QList<lease::Lease>> &r) {
            ++calls;
            result = r;
        };
    }
};
} // namespace

class TestPoolWaiting : public QObject
{
    Q_OBJECT

private slots:
    void filteredReservationWaitsAndIsGrantedTogether();
    void cancelAndStopEndTheWait();

private:
    PoolOptions options(const QList<QUrl> &urls, const QString &store) const
    {
        QList<pool::testing::Endpoint> endpoints;
        for (int i = 0; i < urls.size(); ++i)
            endpoints.append({ QStringLiteral("e%1").arg(i), urls.at(i) });
        PoolOptions o = pool::testing::poolOptions(m_dir, store, endpoints);
        o.detailsEveryPolls = 0;
        o.owner = QStringLiteral("tester@waiting");
        return o;
    }
    QTemporaryDir m_dir;
};

void TestPoolWaiting::filteredReservationWaitsAndIsGrantedTogether()
{
    FaultServer f, g;
    f.setDefault(FaultBehaviour::ok(FaultBehaviour::validSummary(2)));
    g.setDefault(FaultBehaviour::ok(FaultBehaviour::validSummary(2)));
    Pool pool(options({ f.url(), g.url() }, QStringLiteral("a.sqlite")));
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 4, waitMs);

    ReserveRequest oneOnE0;
    oneOnE0.filter.endpointIds = { QStringLiteral("e0") };
    const Result<QList<lease::Lease>> held = pool.reserve(oneOnE0);
    QVERIFY(held.ok());

    QSignalSpy queued(&pool, &Pool::requestQueued);
    QSignalSpy granted(&pool, &Pool::reservationGranted);
    ReserveRequest both = oneOnE0;
    both.count = 2;
    both.note = QStringLiteral("two on e0");
    Outcome out;
    const RequestId id = pool.requestGpus(both, WaitForever, out.callback());
    QCOMPARE(out.calls, 0); // never before it returns
    QTRY_COMPARE_WITH_TIMEOUT(queued.size(), 1, waitMs);
    QCOMPARE(queued.at(0).at(0).value<RequestId>(), id);
    QCOMPARE(pool.queueLength(), 1);
    QCOMPARE(out.calls, 0);
    // e0's free GPU is held for it: not available, in all or on e0.
    QCOMPARE(pool.availableGpus(), 2);
    QCOMPARE(pool.poolStatus().availableGpus, 2);
    QCOMPARE(pool.endpointInfo(QStringLiteral("e0"))->availableGpus, 0);
    QCOMPARE(pool.endpointInfo(QStringLiteral("e1"))->availableGpus, 2);

    // e1 is no use to it: a single request gets an e1 GPU at once.
    std::optional<Result<lease::Lease>> single;
    pool.requestGpu(NoWait, [&](const Result<lease::Lease> &r) { single = r; });
    QTRY_VERIFY_WITH_TIMEOUT(single.has_value(), waitMs);
    QVERIFY(single->ok());
    QCOMPARE(single->value().endpointId, QStringLiteral("e1"));

    QVERIFY(pool.releaseGpu(held->first().id).ok());
    QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, waitMs);
    QVERIFY(out.result->ok());
    const QList<lease::Lease> leases = out.result->value();
    QCOMPARE(leases.size(), 2);
    for (const lease::Lease &l : leases) {
        QCOMPARE(l.endpointId, QStringLiteral("e0"));
        QCOMPARE(l.note, QStringLiteral("two on e0"));
        QCOMPARE(l.owner, QStringLiteral("tester@waiting"));
    }
    QCOMPARE(granted.size(), 1);
    QCOMPARE(granted.at(0).at(0).value<RequestId>(), id);
    QCOMPARE(granted.at(0).at(1).value<QList<lease::Lease>>(), leases);
    QCOMPARE(pool.queueLength(), 0);
    QVERIFY(!pool.cancelRequest(id)); // granted: nothing to withdraw
}

void TestPoolWaiting::cancelAndStopEndTheWait()
{
    Pool pool(options({}, QStringLiteral("b.sqlite"))); // no endpoint: nothing is ever free
    QVERIFY(!pool.start());
    QSignalSpy failed(&pool, &Pool::requestFailed);
    ReserveRequest two;
    two.count = 2;
    Outcome cancelled, stopped, timedOut;
    const RequestId a = pool.requestGpus(two, WaitForever, cancelled.callback());
    pool.requestGpus(two, WaitForever, stopped.callback());
    pool.requestGpus(two, 100, timedOut.callback());
    QTRY_COMPARE_WITH_TIMEOUT(pool.queueLength(), 3, waitMs);
    QVERIFY(pool.cancelRequest(a));
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.calls, 1, waitMs);
    QCOMPARE(cancelled.result->code(), ErrorCode::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(timedOut.calls, 1, waitMs);
    QCOMPARE(timedOut.result->code(), ErrorCode::TimedOut);
    QVERIFY2(timedOut.result->error().message.contains(QLatin1String("2 requested")),
             qPrintable(timedOut.result->error().message));
    pool.stop();
    QTRY_COMPARE_WITH_TIMEOUT(stopped.calls, 1, waitMs);
    QCOMPARE(stopped.result->code(), ErrorCode::Cancelled);
    QCOMPARE(failed.size(), 3);
}

QTEST_GUILESS_MAIN(TestPoolWaiting)
#include "tst_pool_waiting.moc"
