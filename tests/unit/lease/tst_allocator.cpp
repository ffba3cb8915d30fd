// The allocator end to end on fake clocks: grants, the FIFO wait queue,
// timeouts, stop, expiry, renewal, fences and the errors. Reserving N and
// sharing a store are in tst_reserve.cpp.
#include "allocatorrig.h"

#include <QSet>
#include <QTest>

using namespace gpupool::testing;

class TestAllocator : public QObject
{
    Q_OBJECT

private slots:
    void nRequestsGetNDistinctGpus();
    void waitersAreServedFirstComeFirstServed();
    void timeoutSaysHowLongItWaited();
    void timeoutZeroMeansOnlyNow();
    void stopCancelsEveryWaiter();
    void cancelOneWaiter();
    void expiryReleasesAndServesTheQueue();
    void renewMovesTheExpiry();
    void renewUsesTheKindsDefault();
    void fencesOnlyGrow();
    void releaseErrorsLoseNothing();
    void revokeEndsSomeoneElsesLease();
    void recoveredEndpointServesTheQueue();
    void unusableEndpointsAreNeverChosen();
    void completionMayCallBack();
    void strategySwitchKeepsCounters();
};

void TestAllocator::nRequestsGetNDistinctGpus()
{
    Rig rig;
    QCOMPARE(rig.allocator.availableGpus(), 4);
    Call calls[5];
    QSet<QString> gpus;
    for (int i = 0; i < 4; ++i) {
        rig.ask(calls[i]);
        QVERIFY(calls[i].lease);
        gpus.insert(calls[i].lease->gpuId());
        QCOMPARE(rig.allocator.availableGpus(), 3 - i);
    }
    QCOMPARE(gpus.size(), 4);
    const quint64 fifth = rig.ask(calls[4]);
    QVERIFY(!calls[4].done());
    QCOMPARE(rig.allocator.queueLength(), 1);
    QCOMPARE(rig.observer.events.last(), QStringLiteral("queued %1 at 0").arg(fifth));
}

void TestAllocator::waitersAreServedFirstComeFirstServed()
{
    Rig rig({ endpoint("a", 1) });
    Call holder, first, second, third;
    rig.ask(holder, "holder");
    rig.ask(first, "first");
    rig.clocks.advance(10);
    rig.ask(second, "second");
    rig.ask(third, "third");
    QCOMPARE(rig.allocator.queueLength(), 3);
    QCOMPARE(rig.allocator.waiting().first().owner, QStringLiteral("first"));
    QCOMPARE(rig.allocator.waiting().first().waitedMs, 10);

    QVERIFY(rig.allocator.release(holder.lease->id, QStringLiteral("holder")));
    QVERIFY(first.lease);
    QVERIFY(!second.done() && !third.done());
    QCOMPARE(first.lease->gpuId(), QStringLiteral("a:0"));
    QVERIFY(rig.allocator.release(first.lease->id, QStringLiteral("first")));
    QVERIFY(second.lease);
    QVERIFY(!third.done());
    QCOMPARE(second.lease->fence, quint64(3));
}

void TestAllocator::timeoutSaysHowLongItWaited()
{
    Rig rig({ endpoint("a", 1) });
    Call holder, waiter;
    rig.ask(holder);
    rig.ask(waiter, "w2", 30'000);
    // The waiter's heartbeat in the store's queue comes before its deadline.
    QCOMPARE(rig.allocator.msUntilNextTick(), Allocator::HeartbeatIntervalMs);
    rig.clocks.advance(29'999);
    rig.allocator.tick();
    QVERIFY(!waiter.done());
    QCOMPARE(rig.allocator.msUntilNextTick(), 1);
    rig.clocks.advance(1);
    rig.allocator.tick();
    QVERIFY(waiter.error);
    QCOMPARE(waiter.calls, 1);
    QCOMPARE(waiter.error->code, ErrorCode::TimedOut);
    QVERIFY2(waiter.error->message.contains(QStringLiteral("waited 30.0 s")), qPrintable(waiter.error->message));
    QCOMPARE(rig.allocator.queueLength(), 0);
    QVERIFY(rig.observer.events.last().endsWith(QStringLiteral("timed_out")));
    // A late release serves nobody and changes nothing for the timed-out one.
    QVERIFY(rig.allocator.release(holder.lease->id, QStringLiteral("w1")));
    QCOMPARE(waiter.calls, 1);
}

void TestAllocator::timeoutZeroMeansOnlyNow()
{
    Rig rig({ endpoint("a", 1) });
    Call now, later;
    rig.ask(now, "w1", 0);
    QVERIFY(now.lease);
    rig.ask(later, "w2", 0);
    QVERIFY(later.error);
    QCOMPARE(later.error->code, ErrorCode::TimedOut);
    QVERIFY(later.error->message.contains(QStringLiteral("0.0 s")));
    QCOMPARE(rig.allocator.queueLength(), 0);
}

void TestAllocator::stopCancelsEveryWaiter()
{
    Rig rig({ endpoint("a", 1) });
    Call holder, w[3];
    rig.ask(holder);
    for (Call &c : w)
        rig.ask(c, "waiter");
    rig.clocks.advance(2'500);
    rig.allocator.stop();
    for (const Call &c : w) {
        QVERIFY(c.error);
        QCOMPARE(c.error->code, ErrorCode::Cancelled);
        QVERIFY2(c.error->message.contains(QStringLiteral("stopped"))
                     && c.error->message.contains(QStringLiteral("2.5 s")),
                 qPrintable(c.error->message));
    }
    QCOMPARE(rig.allocator.queueLength(), 0);
    Call after;
    rig.ask(after);
    QCOMPARE(after.error->code, ErrorCode::NotRunning);
    // The lease itself is not lost by stopping: it is in the store.
    QCOMPARE(rig.store.activeLeases()->size(), 1);
}

void TestAllocator::cancelOneWaiter()
{
    Rig rig({ endpoint("a", 1) });
    Call holder, a, b;
    rig.ask(holder);
    const quint64 ta = rig.ask(a, "a");
    rig.ask(b, "b");
    QVERIFY(rig.allocator.cancel(ta));
    QVERIFY(!rig.allocator.cancel(ta));
    QCOMPARE(a.error->code, ErrorCode::Cancelled);
    QVERIFY(rig.allocator.release(holder.lease->id, QStringLiteral("w1")));
    QVERIFY(b.lease);
}

void TestAllocator::expiryReleasesAndServesTheQueue()
{
    Rig rig({ endpoint("a", 1) });
    Call holder, waiter;
    rig.ask(holder);
    QCOMPARE(holder.lease->expiresMs - holder.lease->createdMs, DefaultProgrammaticMs);
    rig.ask(waiter, "w2");
    QCOMPARE(rig.allocator.msUntilNextTick(), Allocator::HeartbeatIntervalMs); // before the expiry
    rig.clocks.advance(Hour - 1);
    rig.allocator.tick();
    QVERIFY(!waiter.done());
    rig.clocks.advance(1);
    rig.allocator.tick();
    QVERIFY(waiter.lease);
    QCOMPARE(waiter.lease->fence, quint64(2));
    QVERIFY(rig.observer.events.contains(QStringLiteral("expired a:0")));
    const auto history = rig.allocator.history(10);
    QCOMPARE(history->first().reason, EndReason::Expired);
    QCOMPARE(history->first().lease.id, holder.lease->id);
    // The expired holder's release is an error that names what happened.
    const auto late = rig.allocator.release(holder.lease->id, QStringLiteral("w1"));
    QCOMPARE(late.code(), ErrorCode::AlreadyEnded);
    QVERIFY(late.error().message.contains(QStringLiteral("expired")));
    QCOMPARE(rig.allocator.leases().size(), 1); // the waiter's lease is untouched
}

void TestAllocator::renewMovesTheExpiry()
{
    Rig rig({ endpoint("a", 1) });
    Call holder;
    rig.ask(holder);
    rig.clocks.advance(30 * Minute);
    const auto renewed = rig.allocator.renew(holder.lease->id, QStringLiteral("w1"), Hour);
    QVERIFY(renewed);
    QCOMPARE(renewed->expiresMs, holder.lease->createdMs + 90 * Minute);
    QCOMPARE(rig.observer.events.last(), QStringLiteral("renewed a:0"));
    QCOMPARE(rig.allocator.msUntilNextTick(), Hour);
    rig.clocks.advance(30 * Minute); // the old expiry
    rig.allocator.tick();
    QCOMPARE(rig.allocator.leases().size(), 1);
    rig.clocks.advance(30 * Minute);
    rig.allocator.tick();
    QCOMPARE(rig.allocator.leases().size(), 0);
    QCOMPARE(rig.allocator.availableGpus(), 1);
    QCOMPARE(rig.allocator.renew(holder.lease->id, QStringLiteral("w1")).code(), ErrorCode::AlreadyEnded);
}

void TestAllocator::renewUsesTheKindsDefault()
{
    Rig rig({ endpoint("a", 1) });
    ReserveOptions o;
    o.owner = QStringLiteral("alice@ws1");
    const auto r = rig.allocator.reserve(o);
    QVERIFY(r);
    QCOMPARE(r->first().kind, LeaseKind::Interactive);
    QCOMPARE(r->first().expiresMs - r->first().createdMs, DefaultInteractiveMs);
    rig.clocks.advance(Hour);
    const auto renewed = rig.allocator.renew(r->first().id, o.owner);
    QCOMPARE(renewed->expiresMs, rig.clocks.wall.msSinceEpoch() + DefaultInteractiveMs);
    QCOMPARE(rig.allocator.renew(r->first().id, QStringLiteral("bob@ws2")).code(), ErrorCode::NotOwner);
}

void TestAllocator::fencesOnlyGrow()
{
    Rig rig({ endpoint("a", 1) });
    for (quint64 i = 1; i <= 3; ++i) {
        Call c;
        rig.ask(c);
        QCOMPARE(c.lease->fence, i);
        QVERIFY(rig.allocator.release(c.lease->id, QStringLiteral("w1")));
    }
    // A fresh allocator on the same store (a restart) goes on counting.
    Allocator again(rig.store, rig.clocks.mono, rig.clocks.wall);
    again.setEndpoints({ endpoint("a", 1) });
    QVERIFY(!again.start());
    Call c;
    RequestOptions o;
    o.owner = QStringLiteral("w1");
    again.request(o, into(c));
    QCOMPARE(c.lease->fence, quint64(4));
}

void TestAllocator::releaseErrorsLoseNothing()
{
    Rig rig;
    Call mine;
    rig.ask(mine, "alice@ws1");
    const QString id = mine.lease->id;

    const auto unknown = rig.allocator.release(QStringLiteral("no-such-lease"), QStringLiteral("alice@ws1"));
    QCOMPARE(unknown.code(), ErrorCode::UnknownLease);
    const auto other = rig.allocator.release(id, QStringLiteral("bob@ws2"));
    QCOMPARE(other.code(), ErrorCode::NotOwner);
    QVERIFY(other.error().message.contains(QStringLiteral("it was not released")));
    QCOMPARE(rig.allocator.leases().size(), 1);
    QCOMPARE(rig.allocator.availableGpus(), 3);

    QVERIFY(rig.allocator.release(id, QStringLiteral("alice@ws1")));
    const auto twice = rig.allocator.release(id, QStringLiteral("alice@ws1"));
    QCOMPARE(twice.code(), ErrorCode::AlreadyEnded);
    QCOMPARE(rig.allocator.availableGpus(), 4);
    QCOMPARE(rig.allocator.history(10)->size(), 1);
}

void TestAllocator::revokeEndsSomeoneElsesLease()
{
    Rig rig({ endpoint("a", 1) });
    Call mine, waiter;
    rig.ask(mine, "alice@ws1");
    rig.ask(waiter, "bob@ws2");
    const auto r = rig.allocator.revoke(mine.lease->id, QStringLiteral("operator@console"));
    QVERIFY(r);
    QCOMPARE(r->reason, EndReason::Revoked);
    QVERIFY(waiter.lease); // the freed GPU went to the queue
}

void TestAllocator::recoveredEndpointServesTheQueue()
{
    EndpointView down = endpoint("a", 2);
    down.breakerClosed = false;
    Rig rig({ down });
    Call waiter;
    rig.ask(waiter);
    QVERIFY(!waiter.done());
    // The next poll finds it healthy again (recovery).
    rig.allocator.updateEndpoint(endpoint("a", 2));
    QVERIFY(waiter.lease);
    QCOMPARE(waiter.lease->gpuId(), QStringLiteral("a:0"));
}

void TestAllocator::unusableEndpointsAreNeverChosen()
{
    EndpointView open = endpoint("open", 4);
    open.breakerClosed = false;
    EndpointView stale = endpoint("stale", 4);
    stale.dataFresh = false;
    EndpointView auth = endpoint("auth", 4);
    auth.authFailed = true;
    Rig rig({ open, stale, auth, endpoint("busy", { gpu(0, 80, 0), gpu(1, 0, 90) }), endpoint("ok", 1) });
    QCOMPARE(rig.allocator.availableGpus(), 1);
    Call a, b;
    rig.ask(a);
    QCOMPARE(a.lease->gpuId(), QStringLiteral("ok:0"));
    rig.ask(b, "w2", 0);
    QCOMPARE(b.error->code, ErrorCode::TimedOut);
}

void TestAllocator::completionMayCallBack()
{
    Rig rig({ endpoint("a", 1) });
    Call holder, last;
    rig.ask(holder);
    // Each waiter gives its GPU straight back from its completion.
    int served = 0;
    for (int i = 0; i < 3; ++i) {
        RequestOptions o;
        o.owner = QStringLiteral("hot%1").arg(i);
        rig.allocator.request(o, [&rig, &served, owner = o.owner](const Result<Lease> &r) {
            QVERIFY(r);
            ++served;
            QVERIFY(rig.allocator.release(r->id, owner));
        });
    }
    rig.ask(last, "last");
    QVERIFY(rig.allocator.release(holder.lease->id, QStringLiteral("w1")));
    QCOMPARE(served, 3);
    QVERIFY(last.lease);
    QCOMPARE(last.lease->fence, quint64(5));
}

void TestAllocator::strategySwitchKeepsCounters()
{
    Rig rig({ endpoint("a", 4), endpoint("b", 4) });
    QVERIFY(rig.allocator.setStrategy(QStringLiteral("round_robin")));
    Call c[3];
    for (Call &x : c)
        rig.ask(x);
    QCOMPARE(c[0].lease->endpointId, QStringLiteral("a"));
    QCOMPARE(c[1].lease->endpointId, QStringLiteral("b"));
    QString error;
    QVERIFY(!rig.allocator.setStrategy(QStringLiteral("nope"), &error));
    QVERIFY(error.startsWith(QStringLiteral("Unknown load balancing strategy: nope.")));
    QVERIFY(rig.allocator.setStrategy(QStringLiteral("least_connections")));
    QCOMPARE(rig.allocator.balancer().metrics().successful, quint64(3));
    QCOMPARE(rig.allocator.balancer().strategyName(), QStringLiteral("least_connections"));
}

QTEST_GUILESS_MAIN(TestAllocator)
#include "tst_allocator.moc"
