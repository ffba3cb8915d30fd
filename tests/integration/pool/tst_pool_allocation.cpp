// The Pool against real gpupool-statd processes on 127.0.0.1: grants,
// the wait queue, strategies, reserve with filters, the lease guard, leases
// across a restart, bad input, the one-shot refresh.
#include "poolrig.h"

#include "pool/leaseguard.h"

#include <QSet>
#include <QSignalSpy>

using namespace gpupool;
using namespace gpupool::pool;
using namespace gpupool::pool::testing;

namespace {
constexpr int waitMs = 15'000;

// `count` GPUs, each with its memory size known (from the details).
bool allSized(const QList<GpuInfo> &gpus, int count)
{
    return gpus.size() == count
        && std::all_of(gpus.cbegin(), gpus.cend(), [](const GpuInfo &g) { return g.memoryTotalMb > 0; });
}
} // namespace

class TestPoolAllocation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void nRequestsGetNDistinctGpusAndTheNextWaits();
    void strategySwitchKeepsMetrics();
    void reserveWithFilters();
    void aGpuHeldForAWaiterReadsTheSameEverywhere();
    void singleEndpointMode();
    void leaseGuardReleasesOnScopeExit();
    void leasesSurviveARestart();
    void badInputLosesNothing();
    void refreshOnceDecidesWithoutTimers();

private:
    QList<Endpoint> ab() const
    {
        return { { QStringLiteral("a"), m_ab.urls.at(0) }, { QStringLiteral("b"), m_ab.urls.at(1) } };
    }
    QString store() const { return QStringLiteral("leases-%1.sqlite").arg(m_n); }

    QTemporaryDir m_dir;
    StatdCluster m_ab; // seed 1: H100s, seed 2: A100-40GBs; 2 GPUs each
    int m_n = 0;
};

void TestPoolAllocation::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_ab = startStatd(2, 1, 2);
    QVERIFY(m_ab.isUp());
}

void TestPoolAllocation::init()
{
    ++m_n;
}

void TestPoolAllocation::nRequestsGetNDistinctGpusAndTheNextWaits()
{
    Pool pool(poolOptions(m_dir, store(), ab()));
    QSignalSpy granted(&pool, &Pool::leaseGranted);
    QSignalSpy released(&pool, &Pool::leaseReleased);
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 4, waitMs);

    Outcomes out;
    QList<RequestId> ids;
    for (int i = 0; i < 4; ++i)
        ids.append(pool.requestGpu(10'000, out.callback()));
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 4, waitMs);
    QSet<QString> gpuIds;
    for (const lease::Lease &l : out.granted) {
        gpuIds.insert(l.gpuId());
        QCOMPARE(l.owner, QStringLiteral("tester@pooltest"));
        QCOMPARE(l.kind, lease::LeaseKind::Programmatic);
    }
    QCOMPARE(gpuIds.size(), 4);
    QCOMPARE(granted.size(), 4);
    QCOMPARE(pool.availableGpus(), 0);
    const PoolStatus status = pool.poolStatus();
    QCOMPARE(status.totalGpus, 4);
    QCOMPARE(status.activeLeases, 4);
    QCOMPARE(status.gpuLeases.size(), 4);
    for (const QList<lease::Lease> &leases : status.gpuLeases)
        QCOMPARE(leases.size(), 1);

    // The fifth waits, through polls that change nothing...
    QSignalSpy queued(&pool, &Pool::requestQueued);
    const RequestId fifth = pool.requestGpu(WaitForever, out.callback());
    QVERIFY(queued.wait(waitMs));
    QCOMPARE(queued.at(0).at(0).value<RequestId>(), fifth);
    QCOMPARE(pool.poolStatus().blockedRequests, 1);
    QSignalSpy polled(&pool, &Pool::endpointUpdated);
    QTRY_VERIFY_WITH_TIMEOUT(polled.size() >= 6, waitMs);
    QCOMPARE(out.granted.size(), 4);

    // ...until a release serves it, with the GPU just freed.
    const lease::Lease freed = out.granted.at(1);
    const Result<lease::LeaseEnd> end = pool.releaseGpu(freed.id);
    QVERIFY2(end.ok(), end.ok() ? "" : qPrintable(end.error().message));
    QCOMPARE(end->reason, lease::EndReason::Released);
    QCOMPARE(released.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 5, waitMs);
    QCOMPARE(out.granted.at(4).gpuId(), freed.gpuId());
    QVERIFY(out.granted.at(4).fence > freed.fence);
    QCOMPARE(pool.queueLength(), 0);
    QVERIFY(out.failed.isEmpty());
}

void TestPoolAllocation::strategySwitchKeepsMetrics()
{
    Pool pool(poolOptions(m_dir, store(), ab()));
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 4, waitMs);
    Outcomes out;
    pool.requestGpu(10'000, out.callback());
    pool.requestGpu(10'000, out.callback());
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 2, waitMs);
    const balance::BalancerMetrics before = pool.balancerMetrics();
    QCOMPARE(before.successful, quint64(2));
    QCOMPARE(before.lastSelections.size(), 2);

    QSignalSpy changed(&pool, &Pool::strategyChanged);
    QVERIFY(!pool.setStrategy(QStringLiteral("round_robin")));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(pool.strategy(), QStringLiteral("round_robin"));
    QCOMPARE(pool.balancerMetrics().successful, before.successful);
    QCOMPARE(pool.balancerMetrics().selectionsPerEndpoint, before.selectionsPerEndpoint);

    const Status bad = pool.setStrategy(QStringLiteral("random"));
    QVERIFY(bad);
    QVERIFY(bad->message.startsWith(QLatin1String("Unknown load balancing strategy: random. Available strategies: ")));
    QCOMPARE(pool.strategy(), QStringLiteral("round_robin"));

    pool.requestGpu(10'000, out.callback());
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 3, waitMs);
    QCOMPARE(pool.balancerMetrics().successful, before.successful + 1);
    QCOMPARE(pool.balancerMetrics().lastSelections.last().strategy, QStringLiteral("round_robin"));
    QCOMPARE(pool.detailedMetrics().balancer.successful, before.successful + 1);
}

void TestPoolAllocation::reserveWithFilters()
{
    Pool pool(poolOptions(m_dir, store(), ab()));
    QVERIFY(!pool.start());
    // Memory sizes come with the details (/gpu/stats).
    QTRY_VERIFY_WITH_TIMEOUT(pool.availableGpus() == 4 && allSized(pool.gpus(), 4), waitMs);

    ReserveRequest byName;
    byName.count = 3;
    byName.filter.nameContains = QStringLiteral("h100");
    Result<QList<lease::Lease>> r = pool.reserve(byName);
    QVERIFY(!r);
    QCOMPARE(r.error().message, QStringLiteral("Not enough GPUs available. Requested: 3, Available: 2"));
    QCOMPARE(pool.activeLeases().size(), 0); // all or nothing

    byName.partial = true;
    r = pool.reserve(byName);
    QVERIFY(r.ok());
    QCOMPARE(r->size(), 2);
    for (const lease::Lease &l : *r) {
        QCOMPARE(l.endpointId, QStringLiteral("a"));
        QCOMPARE(l.kind, lease::LeaseKind::Interactive);
    }

    ReserveRequest big;
    big.filter.minMemoryMb = 60'000; // only H100s have 80 GB, and they are taken
    r = pool.reserve(big);
    QVERIFY(!r);
    QCOMPARE(r.code(), ErrorCode::NotEnoughGpus);

    ReserveRequest onB;
    onB.count = 2;
    onB.filter.endpointIds = { QStringLiteral("b") };
    onB.note = QStringLiteral("fine-tuning");
    r = pool.reserve(onB);
    QVERIFY(r.ok());
    QCOMPARE(r->size(), 2);
    QCOMPARE(r->at(0).note, QStringLiteral("fine-tuning"));
    QCOMPARE(pool.availableGpus(), 0);
}

void TestPoolAllocation::aGpuHeldForAWaiterReadsTheSameEverywhere()
{
    Pool pool(poolOptions(m_dir, store(), ab()));
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 4, waitMs);
    ReserveRequest onA;
    onA.count = 2;
    onA.filter.endpointIds = { QStringLiteral("a") };
    QVERIFY(pool.reserve(onA).ok());

    // Three wanted, two free: the waiter holds b's two as they gather for it.
    QSignalSpy queued(&pool, &Pool::requestQueued);
    ReserveRequest three;
    three.count = 3;
    bool answered = false;
    const RequestId waiting
        = pool.requestGpus(three, WaitForever, [&](const Result<QList<lease::Lease>> &) { answered = true; });
    QTRY_COMPARE_WITH_TIMEOUT(queued.size(), 1, waitMs);

    // Every view counts them alike: not available, and says why.
    QCOMPARE(pool.availableGpus(), 0);
    int held = 0;
    for (const GpuInfo &g : pool.gpus()) {
        QVERIFY(!g.available());
        if (g.endpointId == QLatin1String("b")) {
            QVERIFY(g.assignable);
            QVERIFY(g.heldForWaiter);
            ++held;
        } else {
            QVERIFY(g.lease);
            QVERIFY(!g.heldForWaiter);
        }
    }
    QCOMPARE(held, 2);
    for (const EndpointInfo &e : pool.endpointsInfo())
        QCOMPARE(e.availableGpus, 0);
    QCOMPARE(pool.poolStatus().availableGpus, 0);

    QVERIFY(pool.cancelRequest(waiting));
    QTRY_VERIFY_WITH_TIMEOUT(answered, waitMs);
    QCOMPARE(pool.availableGpus(), 2);
    for (const GpuInfo &g : pool.gpus())
        QCOMPARE(g.available(), g.endpointId == QLatin1String("b"));
}

void TestPoolAllocation::singleEndpointMode()
{
    Pool pool(poolOptions(m_dir, store(), { { QStringLiteral("127.0.0.1_x"), m_ab.urls.at(0) } },
                          config::Mode::SingleEndpoint));
    QVERIFY(!pool.isMultiEndpointMode());
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
    Outcomes out;
    pool.requestGpu(10'000, out.callback());
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 1, waitMs);
    const QString shown = pool.displayGpuId(out.granted.at(0));
    QVERIFY2(shown == QLatin1String("0") || shown == QLatin1String("1"), qPrintable(shown));
    const PoolStatus status = pool.poolStatus();
    QVERIFY(!status.multiEndpoint);
    QCOMPARE(status.totalGpus, 2);
    QCOMPARE(status.availableGpus, 1);
    QVERIFY(status.gpuLeases.contains(QStringLiteral("0")));
    QCOMPARE(status.gpuLeases.value(shown).size(), 1);
    QVERIFY(pool.endpointsInfo().isEmpty());
    QCOMPARE(pool.recoverySummary(),
             QStringLiteral("\n=== Error Recovery Status ===\n"
                            "Mode: Single-endpoint (error recovery not applicable)\n\n"));
}

void TestPoolAllocation::leaseGuardReleasesOnScopeExit()
{
    Pool pool(poolOptions(m_dir, store(), ab()));
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 4, waitMs);
    QSignalSpy released(&pool, &Pool::leaseReleased);
    Outcomes out;
    pool.requestGpu(10'000, out.callback());
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 1, waitMs);
    {
        LeaseGuard guard(&pool, out.granted.at(0));
        QVERIFY(guard.isActive());
        QCOMPARE(guard.gpuId(), out.granted.at(0).gpuId());
        QCOMPARE(pool.activeLeases().size(), 1);
        LeaseGuard moved = std::move(guard);
        QVERIFY(!guard.isActive());
        QVERIFY(moved.isActive());
    }
    QCOMPARE(released.size(), 1);
    QCOMPARE(pool.activeLeases().size(), 0);
    QCOMPARE(pool.availableGpus(), 4);

    // A lease that ended meanwhile (revoked by an operator): only a warning.
    pool.requestGpu(10'000, out.callback());
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 2, waitMs);
    QSignalSpy warnings(&pool, &Pool::warning);
    {
        LeaseGuard guard(&pool, out.granted.at(1));
        QVERIFY(pool.revokeLease(out.granted.at(1).id).ok());
        const Status s = guard.release();
        QVERIFY(s);
        QVERIFY(s->isWarning());
    }
    QCOMPARE(warnings.size(), 1);
}

void TestPoolAllocation::leasesSurviveARestart()
{
    const PoolOptions options = poolOptions(m_dir, store(), ab());
    QList<lease::Lease> held;
    {
        Pool first(options);
        QVERIFY(!first.start());
        QTRY_COMPARE_WITH_TIMEOUT(first.availableGpus(), 4, waitMs);
        ReserveRequest two;
        two.count = 2;
        const Result<QList<lease::Lease>> r = first.reserve(two);
        QVERIFY(r.ok());
        held = *r;
    } // gone without releasing: a crash, or a console closed with GPUs held

    Pool second(options);
    QVERIFY(!second.start());
    QCOMPARE(second.activeLeases().size(), 2);
    for (const lease::Lease &l : held) {
        const std::optional<lease::Lease> found = second.findLease(l.id);
        QVERIFY(found.has_value());
        QCOMPARE(*found, l);
    }
    QTRY_COMPARE_WITH_TIMEOUT(second.poolStatus().totalGpus, 4, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.availableGpus(), 2, waitMs);
    QVERIFY(second.releaseGpu(held.at(0).id).ok());
    QCOMPARE(second.availableGpus(), 3);
    // Fences only grow, also across the restart.
    ReserveRequest again;
    again.filter.endpointIds = { held.at(0).endpointId };
    again.count = 1;
    QVERIFY(!second.setStrategy(QStringLiteral("availability")));
    const Result<QList<lease::Lease>> next = second.reserve(again);
    QVERIFY(next.ok());
    if (next->at(0).gpuId() == held.at(0).gpuId())
        QVERIFY(next->at(0).fence > held.at(0).fence);
}

void TestPoolAllocation::badInputLosesNothing()
{
    Pool pool(poolOptions(m_dir, store(), ab()));
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 4, waitMs);
    Outcomes out;
    GpuRequest alice;
    alice.owner = QStringLiteral("alice@other-host");
    alice.timeoutMs = 10'000;
    pool.requestGpu(alice, out.callback());
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 1, waitMs);
    const lease::Lease hers = out.granted.at(0);
    QCOMPARE(hers.owner, QStringLiteral("alice@other-host"));

    // Someone else's lease is never released for them.
    const Result<lease::LeaseEnd> notMine = pool.releaseGpu(hers.id);
    QVERIFY(!notMine);
    QCOMPARE(notMine.code(), ErrorCode::NotOwner);
    QVERIFY(!notMine.error().message.isEmpty());
    ReleaseOptions asProgram;
    asProgram.asProgram = true;
    QCOMPARE(pool.releaseGpu(hers.id, asProgram).error().severity, Error::Severity::Error);
    QVERIFY(pool.findLease(hers.id).has_value());
    const Result<lease::Lease> renewNotMine = pool.renew(hers.id);
    QCOMPARE(renewNotMine.code(), ErrorCode::NotOwner);

    // Her own renewal moves the expiry.
    const Result<lease::Lease> renewed = pool.renew(hers.id, 7'200'000, hers.owner);
    QVERIFY(renewed.ok());
    QVERIFY(renewed->expiresMs > hers.expiresMs);

    // Unknown, and released twice.
    QCOMPARE(pool.releaseGpu(QStringLiteral("00000000-dead")).code(), ErrorCode::UnknownLease);
    ReleaseOptions byHer;
    byHer.by = hers.owner;
    QVERIFY(pool.releaseGpu(hers.id, byHer).ok());
    const Result<lease::LeaseEnd> twice = pool.releaseGpu(hers.id, byHer);
    QCOMPARE(twice.code(), ErrorCode::AlreadyEnded);
    QVERIFY(!twice.error().isWarning());

    // Nothing else moved.
    QCOMPARE(pool.activeLeases().size(), 0);
    QCOMPARE(pool.availableGpus(), 4);
    const Result<QList<lease::LeaseEnd>> history = pool.leaseHistory(10);
    QVERIFY(history.ok());
    QCOMPARE(history->size(), 1);
    QCOMPARE(history->at(0).endedBy, hers.owner);
}

void TestPoolAllocation::refreshOnceDecidesWithoutTimers()
{
    QList<Endpoint> endpoints = ab();
    endpoints.append({ QStringLiteral("dead"), refusedUrl() });
    Pool pool(poolOptions(m_dir, store(), endpoints));
    std::optional<RefreshResult> result;
    QVERIFY(!pool.refreshOnce([&](const RefreshResult &r) { result = r; }));
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), waitMs);
    QCOMPARE(result->endpoints, 3);
    QCOMPARE(result->reachable, 2);
    QCOMPARE(result->failures.size(), 1);
    QVERIFY2(result->failures.at(0).startsWith(QLatin1String("dead: ")), qPrintable(result->failures.at(0)));
    QVERIFY(pool.anyEndpointReachable());
    // Decide at once, on what the one poll said.
    QCOMPARE(pool.availableGpus(), 4);
    QVERIFY(allSized(pool.gpus(), 4));
    ReserveRequest two;
    two.count = 2;
    QVERIFY(pool.reserve(two).ok());
    QCOMPARE(pool.availableGpus(), 2);
    // No periodic polling: several intervals pass without a poll.
    QSignalSpy polled(&pool, &Pool::endpointUpdated);
    QVERIFY(!polled.wait(1000));
}

QTEST_GUILESS_MAIN(TestPoolAllocation)
#include "tst_pool_allocation.moc"
