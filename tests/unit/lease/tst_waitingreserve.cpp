// Waiting for more than one GPU, or for GPUs that pass a filter
// (Allocator::reserveWhenFree): all granted together, oldest first, a waiter
// holds the free GPUs it could use so it cannot starve, and younger requests
// for other GPUs pass it. The rules: lease/allocator.h, "Waiting".
#include "allocatorrig.h"

#include <QSet>
#include <QTest>

using namespace gpupool::testing;

namespace {

struct ManyCall
{
    int calls = 0;
    std::optional<QList<Lease>> leases;
    std::optional<LeaseError> error;
    bool done() const { return calls > 0; }
};

ManyCompletion into(ManyCall &call)
{
    return [&call](const Result<QList<Lease>> &r) {
        ++call.calls;
        if (r)
            call.leases = *r;
        else
            call.error = r.error();
    };
}

ReserveOptions wants(int count, const char *owner = "big", QStringList endpoints = {}, qint64 minMemoryMb = 0)
{
    ReserveOptions o;
    o.count = count;
    o.owner = QString::fromLatin1(owner);
    o.filter.endpointIds = std::move(endpoints);
    o.filter.minMemoryMb = minMemoryMb;
    return o;
}

QSet<QString> gpuIds(const QList<Lease> &leases)
{
    QSet<QString> ids;
    for (const Lease &l : leases)
        ids.insert(l.gpuId());
    return ids;
}

} // namespace

class TestWaitingReserve : public QObject
{
    Q_OBJECT

private slots:
    void grantedAtOnceWhenFree();
    void waitsUntilAllAreFreeTogether();
    void aWaiterHoldsWhatItCanUseSoItCannotStarve();
    void youngerRequestsForOtherGpusPass();
    void memoryFilterWaitsForABigEnoughGpu();
    void moreThanThePoolHasHoldsNothingAndTimesOut();
    void partialIsServedWithWhatIsThere();
    void cancelAndStop();
    void badInputFailsAtOnce();
    void conflictWithAnotherProgramKeepsHolds();
};

void TestWaitingReserve::grantedAtOnceWhenFree()
{
    Rig rig;
    ManyCall call;
    rig.allocator.reserveWhenFree(wants(3, "big", { QStringLiteral("a"), QStringLiteral("b") }), -1, into(call));
    QVERIFY(call.leases);
    QCOMPARE(call.leases->size(), 3);
    QCOMPARE(gpuIds(*call.leases).size(), 3);
    QCOMPARE(rig.allocator.queueLength(), 0);
    QCOMPARE(rig.allocator.availableGpus(), 1);
}

void TestWaitingReserve::waitsUntilAllAreFreeTogether()
{
    Rig rig; // a:2, b:2
    Call holder;
    rig.ask(holder, "holder");
    ManyCall big;
    const quint64 ticket = rig.allocator.reserveWhenFree(wants(4), -1, into(big));
    QVERIFY(ticket != 0);
    QVERIFY(!big.done());
    QCOMPARE(rig.allocator.queueLength(), 1);
    QCOMPARE(rig.allocator.waiting().first().count, 4);
    QCOMPARE(rig.observer.events.last(), QStringLiteral("queued %1 at 0").arg(ticket));
    // Nothing was granted on the way (all or nothing); the three free GPUs
    // are held for it, so none is available to a new request.
    QCOMPARE(rig.allocator.leases().size(), 1);
    QCOMPARE(rig.allocator.availableGpus(), 0);

    QVERIFY(rig.allocator.release(holder.lease->id, QStringLiteral("holder")));
    QVERIFY(big.leases);
    QCOMPARE(big.calls, 1);
    QCOMPARE(gpuIds(*big.leases).size(), 4);
    for (const Lease &l : *big.leases)
        QCOMPARE(l.owner, QStringLiteral("big"));
    QCOMPARE(rig.allocator.queueLength(), 0);
}

void TestWaitingReserve::aWaiterHoldsWhatItCanUseSoItCannotStarve()
{
    Rig rig; // a:2, b:2
    Call h1, h2, h3;
    rig.ask(h1, "h1");
    rig.ask(h2, "h2");
    rig.ask(h3, "h3");
    ManyCall big;
    QCOMPARE(rig.allocator.availableGpus(), 1);
    rig.allocator.reserveWhenFree(wants(3), -1, into(big));
    QVERIFY(!big.done());
    // One GPU is free, but the older waiter can use it: a younger request
    // for any GPU waits behind it instead of taking it, and it is not
    // counted as available (nothing a new request could get).
    QCOMPARE(rig.allocator.availableGpus(), 0);
    Call young;
    rig.ask(young, "young");
    QVERIFY(!young.done());
    QCOMPARE(rig.allocator.queueLength(), 2);

    QVERIFY(rig.allocator.release(h1.lease->id, QStringLiteral("h1")));
    QVERIFY(!big.done() && !young.done()); // 2 free, both held for big
    QCOMPARE(rig.allocator.availableGpus(), 0);
    QVERIFY(rig.allocator.release(h2.lease->id, QStringLiteral("h2")));
    QVERIFY(big.leases);
    QCOMPARE(big.leases->size(), 3);
    QVERIFY(!young.done());
    QVERIFY(rig.allocator.release(h3.lease->id, QStringLiteral("h3")));
    QVERIFY(young.lease);
    QCOMPARE(young.lease->gpuId(), h3.lease->gpuId());
}

void TestWaitingReserve::youngerRequestsForOtherGpusPass()
{
    Rig rig; // a:2, b:2
    const auto onA = rig.allocator.reserve(wants(1, "other", { QStringLiteral("a") }));
    QVERIFY(onA);
    ManyCall big;
    rig.allocator.reserveWhenFree(wants(2, "big", { QStringLiteral("a") }), -1, into(big));
    QVERIFY(!big.done()); // a:? is free and held for it
    QCOMPARE(rig.allocator.availableGpus(), 2); // b's two: a's free one is held

    // Not competing: any GPU (b has two free) and b's GPUs by name.
    Call anyGpu;
    rig.ask(anyGpu, "young");
    QVERIFY(anyGpu.lease);
    QCOMPARE(anyGpu.lease->endpointId, QStringLiteral("b"));
    ManyCall onB;
    rig.allocator.reserveWhenFree(wants(1, "young", { QStringLiteral("b") }), -1, into(onB));
    QVERIFY(onB.leases);
    QCOMPARE(onB.leases->first().endpointId, QStringLiteral("b"));
    // Competing (a's GPU): waits behind big; so does "any" now that only a's is left.
    ManyCall alsoA;
    rig.allocator.reserveWhenFree(wants(1, "young", { QStringLiteral("a") }), -1, into(alsoA));
    QVERIFY(!alsoA.done());
    Call anyAgain;
    rig.ask(anyAgain, "young");
    QVERIFY(!anyAgain.done());

    QVERIFY(rig.allocator.release(onA->first().id, QStringLiteral("other")));
    QVERIFY(big.leases);
    QCOMPARE(big.leases->size(), 2);
    QVERIFY(!alsoA.done() && !anyAgain.done());
    // b's GPU frees: alsoA cannot use it, the next one can.
    QVERIFY(rig.allocator.release(anyGpu.lease->id, QStringLiteral("young")));
    QVERIFY(!alsoA.done());
    QVERIFY(anyAgain.lease);
    QCOMPARE(anyAgain.lease->endpointId, QStringLiteral("b"));
}

void TestWaitingReserve::memoryFilterWaitsForABigEnoughGpu()
{
    Rig rig({ endpoint("a", { gpu(0, 10, 10, 40'960, "NVIDIA A100-SXM4-40GB"), gpu(1, 10, 10, 81'559) }) });
    const auto big = rig.allocator.reserve(wants(1, "holder", {}, 80'000));
    QVERIFY(big);
    QCOMPARE(big->first().localGpuId, 1);
    ManyCall needs80;
    rig.allocator.reserveWhenFree(wants(1, "needs80", {}, 80'000), -1, into(needs80));
    QVERIFY(!needs80.done());
    // The 40 GB GPU is no use to it: a younger request gets it at once.
    Call small;
    rig.ask(small, "small");
    QVERIFY(small.lease);
    QCOMPARE(small.lease->localGpuId, 0);
    QVERIFY(rig.allocator.release(big->first().id, QStringLiteral("holder")));
    QVERIFY(needs80.leases);
    QCOMPARE(needs80.leases->first().localGpuId, 1);
}

void TestWaitingReserve::moreThanThePoolHasHoldsNothingAndTimesOut()
{
    Rig rig; // 4 GPUs
    ManyCall tooMany;
    rig.allocator.reserveWhenFree(wants(5), 30'000, into(tooMany));
    QVERIFY(!tooMany.done());
    // It could never be served as asked: it holds nothing back.
    Call small;
    rig.ask(small, "small");
    QVERIFY(small.lease);
    rig.clocks.advance(30'000);
    QCOMPARE(rig.allocator.msUntilNextTick(), 0);
    rig.allocator.tick();
    QVERIFY(tooMany.error);
    QCOMPARE(tooMany.error->code, ErrorCode::TimedOut);
    QCOMPARE(tooMany.error->message,
             QStringLiteral("Not enough GPUs became available for big (5 requested): "
                            "the request waited 30.0 s and timed out."));
    // A pool that grows serves it.
    ManyCall later;
    rig.allocator.reserveWhenFree(wants(4), -1, into(later));
    QVERIFY(!later.done());
    rig.allocator.updateEndpoint(endpoint("c", 2));
    QVERIFY(later.leases);
    QCOMPARE(later.leases->size(), 4);
}

void TestWaitingReserve::partialIsServedWithWhatIsThere()
{
    Rig rig({ endpoint("a", 2) });
    const auto all = rig.allocator.reserve(wants(2, "holder"));
    QVERIFY(all);
    ReserveOptions o = wants(2, "partial");
    o.partial = true;
    ManyCall call;
    rig.allocator.reserveWhenFree(o, -1, into(call));
    QVERIFY(!call.done());
    QVERIFY(rig.allocator.release(all->first().id, QStringLiteral("holder")));
    QVERIFY(call.leases);
    QCOMPARE(call.leases->size(), 1);
}

void TestWaitingReserve::cancelAndStop()
{
    Rig rig({ endpoint("a", 1) });
    Call holder;
    rig.ask(holder, "holder");
    ManyCall first, second;
    const quint64 t1 = rig.allocator.reserveWhenFree(wants(1), -1, into(first));
    rig.allocator.reserveWhenFree(wants(1), -1, into(second));
    QVERIFY(rig.allocator.cancel(t1));
    QVERIFY(first.error);
    QCOMPARE(first.error->code, ErrorCode::Cancelled);
    QVERIFY(!rig.allocator.cancel(t1));
    rig.allocator.stop();
    QVERIFY(second.error);
    QCOMPARE(second.error->code, ErrorCode::Cancelled);
    QCOMPARE(second.calls, 1);
}

void TestWaitingReserve::badInputFailsAtOnce()
{
    Rig rig;
    ManyCall zero, noOwner;
    QCOMPARE(rig.allocator.reserveWhenFree(wants(0), -1, into(zero)), quint64(0));
    QCOMPARE(zero.error->code, ErrorCode::InvalidArgument);
    QCOMPARE(rig.allocator.reserveWhenFree(wants(1, ""), -1, into(noOwner)), quint64(0));
    QCOMPARE(noOwner.error->code, ErrorCode::InvalidArgument);
    // Nothing free and no waiting: fails at once, like request(timeout 0).
    const auto all = rig.allocator.reserve(wants(4, "holder"));
    QVERIFY(all);
    ManyCall now;
    rig.allocator.reserveWhenFree(wants(1), 0, into(now));
    QCOMPARE(now.error->code, ErrorCode::TimedOut);
    QCOMPARE(rig.allocator.queueLength(), 0);
}

// Another program took a GPU that this allocator still thinks free; the
// conflict makes it re-read the store while it serves, and the holds of the
// older waiters must survive that re-read.
void TestWaitingReserve::conflictWithAnotherProgramKeepsHolds()
{
    const QList<EndpointView> views { endpoint("a", 4), endpoint("b", 1) };
    Rig mine(views);
    Rig other(views, &mine.memory);
    other.nextId = 1000; // lease ids must differ between the two programs
    const auto holder = mine.allocator.reserve(wants(2, "holder", { QStringLiteral("a") }));
    QVERIFY(holder);
    ManyCall big;
    mine.allocator.reserveWhenFree(wants(3, "big", { QStringLiteral("a") }), -1, into(big));
    QVERIFY(!big.done()); // holds a's two free GPUs
    QVERIFY(other.allocator.reserve(wants(1, "ctl", { QStringLiteral("b") })));

    // b:0 looks free here: the grant loses, the store is re-read - and a's
    // free GPUs are still held for big, so the young request waits.
    Call young;
    mine.ask(young, "young");
    QVERIFY(mine.observer.events.contains(QStringLiteral("reloaded")));
    QVERIFY(!young.done());
    QCOMPARE(mine.allocator.queueLength(), 2);
    QCOMPARE(mine.allocator.leases().size(), 3);

    QVERIFY(mine.allocator.release(holder->first().id, QStringLiteral("holder")));
    QVERIFY(big.leases);
    QCOMPARE(big.leases->size(), 3);
    QVERIFY(!young.done());
}

QTEST_GUILESS_MAIN(TestWaitingReserve)
#include "tst_waitingreserve.moc"
