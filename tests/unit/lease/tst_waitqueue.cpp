// The wait queue on its own: order, deadlines and the texts a waiter gets.
#include "lease/waitqueue.h"

#include <QTest>

using namespace gpupool::lease;

namespace {

Waiter waiter(const char *owner, qint64 enqueuedAtMs, qint64 deadlineMs = -1)
{
    Waiter w;
    w.owner = QString::fromLatin1(owner);
    w.enqueuedAtMs = enqueuedAtMs;
    w.deadlineMs = deadlineMs;
    return w;
}

QStringList owners(const QList<Waiter> &list)
{
    QStringList out;
    for (const Waiter &w : list)
        out << w.owner;
    return out;
}

} // namespace

class TestWaitQueue : public QObject
{
    Q_OBJECT

private slots:
    void firstComeFirstServed();
    void ticketsAreNeverReused();
    void deadlines();
    void takeByTicket();
    void snapshot();
    void messagesSayHowLong();
};

void TestWaitQueue::firstComeFirstServed()
{
    WaitQueue q;
    q.push(waiter("a", 0));
    q.push(waiter("b", 0));
    q.push(waiter("c", 0));
    QCOMPARE(q.size(), 3);
    QCOMPARE(q.front().owner, QStringLiteral("a"));
    QCOMPARE(q.takeFront().owner, QStringLiteral("a"));
    QCOMPARE(owners(q.takeAll()), (QStringList { QStringLiteral("b"), QStringLiteral("c") }));
    QVERIFY(q.isEmpty());
}

void TestWaitQueue::ticketsAreNeverReused()
{
    WaitQueue q;
    const quint64 t1 = q.push(waiter("a", 0));
    q.takeFront();
    const quint64 t2 = q.push(waiter("b", 0));
    QVERIFY(t1 != 0 && t2 != 0 && t1 != t2);
    QCOMPARE(q.position(t1), -1);
    QCOMPARE(q.position(t2), 0);
}

void TestWaitQueue::deadlines()
{
    WaitQueue q;
    q.push(waiter("forever", 0));
    q.push(waiter("late", 0, 500));
    q.push(waiter("early", 0, 200));
    q.push(waiter("alsoEarly", 0, 200));
    QCOMPARE(q.nextDeadlineMs(), 200);
    QVERIFY(q.takeTimedOut(199).isEmpty());
    // Inclusive, and in queue order.
    QCOMPARE(owners(q.takeTimedOut(200)), (QStringList { QStringLiteral("early"), QStringLiteral("alsoEarly") }));
    QCOMPARE(q.nextDeadlineMs(), 500);
    QCOMPARE(owners(q.takeTimedOut(10'000)), QStringList { QStringLiteral("late") });
    QCOMPARE(q.nextDeadlineMs(), -1);
    QCOMPARE(q.size(), 1);
}

void TestWaitQueue::takeByTicket()
{
    WaitQueue q;
    q.push(waiter("a", 0));
    const quint64 b = q.push(waiter("b", 0));
    q.push(waiter("c", 0));
    QCOMPARE(q.take(b)->owner, QStringLiteral("b"));
    QVERIFY(!q.take(b));
    QCOMPARE(owners(q.takeAll()), (QStringList { QStringLiteral("a"), QStringLiteral("c") }));
}

void TestWaitQueue::snapshot()
{
    WaitQueue q;
    q.push(waiter("a", 100, 1'100));
    q.push(waiter("b", 300));
    const QList<WaiterInfo> s = q.snapshot(600);
    QCOMPARE(s.size(), 2);
    QCOMPARE(s.at(0).waitedMs, 500);
    QCOMPARE(s.at(0).remainingMs, 500);
    QCOMPARE(s.at(1).waitedMs, 300);
    QCOMPARE(s.at(1).remainingMs, -1);
}

void TestWaitQueue::messagesSayHowLong()
{
    const Waiter w = waiter("worker-7", 1'000);
    const LeaseError t = timedOutError(w, 91'250);
    QCOMPARE(t.code, ErrorCode::TimedOut);
    QCOMPARE(t.message,
             QStringLiteral("No GPU became available for worker-7: the request waited 90.3 s and timed out."));
    const LeaseError s = stoppedError(w, 3'000);
    QCOMPARE(s.code, ErrorCode::Cancelled);
    QVERIFY2(s.message.contains(QStringLiteral("stopped")) && s.message.contains(QStringLiteral("2.0 s")),
             qPrintable(s.message));
    QCOMPARE(cancelledError(w, 1'000).code, ErrorCode::Cancelled);
}

QTEST_GUILESS_MAIN(TestWaitQueue)
#include "tst_waitqueue.moc"
