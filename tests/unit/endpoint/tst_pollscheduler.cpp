// PollScheduler: one timer for every endpoint's wake-ups, on a fake clock
// (runDue() stands in for the timer, so nothing here waits).
#include "endpoint/pollscheduler.h"

#include "fakeclock.h"

#include <QTest>
#include <memory>

using namespace gpupool;
using namespace gpupool::endpoint;
using gpupool::testing::FakeClock;

class TestPollScheduler : public QObject
{
    Q_OBJECT

private slots:
    void runsInTimeOrderAndOnlyWhenDue()
    {
        FakeClock clock(1'000);
        PollScheduler s(clock);
        QStringList ran;
        ScheduledCall a(s, [&] { ran << QStringLiteral("a"); });
        ScheduledCall b(s, [&] { ran << QStringLiteral("b"); });
        ScheduledCall c(s, [&] { ran << QStringLiteral("c"); });
        a.armAt(1'300);
        b.armAt(1'100);
        c.armAt(1'200);
        QCOMPARE(s.nextDueMs(), 1'100);
        s.runDue();
        QVERIFY(ran.isEmpty());
        clock.setNow(1'250);
        s.runDue();
        QCOMPARE(ran, (QStringList { QStringLiteral("b"), QStringLiteral("c") }));
        QCOMPARE(s.nextDueMs(), 1'300);
        QVERIFY(a.isArmed());
        QVERIFY(!b.isArmed());
        clock.setNow(1'300);
        s.runDue();
        QCOMPARE(ran.size(), 3);
        QCOMPARE(s.nextDueMs(), -1);
    }

    void wakeUpsAreCoalescedOntoTheGridButNeverEarly()
    {
        FakeClock clock(1'000);
        PollScheduler s(clock);
        s.setWakeGranularity(20);
        QStringList ran;
        ScheduledCall a(s, [&] { ran << QStringLiteral("a"); });
        ScheduledCall b(s, [&] { ran << QStringLiteral("b"); });
        ScheduledCall c(s, [&] { ran << QStringLiteral("c"); });
        a.armAt(1'003);
        b.armAt(1'019);
        c.armAt(1'020);
        QCOMPARE(s.nextDueMs(), 1'003);
        QCOMPARE(s.nextWakeMs(), 1'020); // one wake-up for all three
        // The timer firing early (it does not, but a test can call runDue)
        // runs only what is due by then.
        clock.setNow(1'010);
        s.runDue();
        QCOMPARE(ran, (QStringList { QStringLiteral("a") }));
        clock.setNow(1'020);
        s.runDue();
        QCOMPARE(ran, (QStringList { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }));
        a.armAt(1'040); // on the grid: not moved
        QCOMPARE(s.nextWakeMs(), 1'040);
        a.armAt(1'041);
        QCOMPARE(s.nextWakeMs(), 1'060);
        s.setWakeGranularity(0);
        QCOMPARE(s.nextWakeMs(), 1'041);
    }

    void equalTimesRunInArmingOrder()
    {
        FakeClock clock(0);
        PollScheduler s(clock);
        QList<int> ran;
        std::vector<std::unique_ptr<ScheduledCall>> calls;
        for (int i = 0; i < 5; ++i)
            calls.push_back(std::make_unique<ScheduledCall>(s, [&ran, i] { ran << i; }));
        for (int i : { 3, 0, 4, 1, 2 })
            calls[std::size_t(i)]->armAt(50);
        clock.setNow(50);
        s.runDue();
        QCOMPARE(ran, (QList<int> { 3, 0, 4, 1, 2 }));
    }

    void rearmingReplacesAndCancelStops()
    {
        FakeClock clock(0);
        PollScheduler s(clock);
        int runs = 0;
        ScheduledCall a(s, [&] { ++runs; });
        a.armAt(100);
        a.armAt(500); // replaces 100
        clock.setNow(200);
        s.runDue();
        QCOMPARE(runs, 0);
        QCOMPARE(s.nextDueMs(), 500);
        a.armAt(150); // earlier again: the timer follows
        QCOMPARE(s.nextDueMs(), 150);
        s.runDue();
        QCOMPARE(runs, 1);
        a.armAt(300);
        a.cancel();
        clock.setNow(1'000);
        s.runDue();
        QCOMPARE(runs, 1);
        QCOMPARE(s.nextDueMs(), -1);
    }

    void aCallArmingItselfForNowWaitsForTheNextRound()
    {
        FakeClock clock(0);
        PollScheduler s(clock);
        int runs = 0;
        std::unique_ptr<ScheduledCall> self;
        self = std::make_unique<ScheduledCall>(s, [&] {
            ++runs;
            self->armAt(clock.nowMs()); // due at once: must not spin in runDue
        });
        self->armAt(0);
        s.runDue();
        QCOMPARE(runs, 1);
        QVERIFY(self->isArmed());
        QCOMPARE(s.nextDueMs(), 0);
        s.runDue();
        QCOMPARE(runs, 2);
    }

    void aCallDestroyedWhilePendingNeverRuns()
    {
        FakeClock clock(0);
        PollScheduler s(clock);
        int runs = 0;
        auto doomed = std::make_unique<ScheduledCall>(s, [&] { ++runs; });
        ScheduledCall killer(s, [&] { doomed.reset(); }); // an endpoint removed by a handler
        killer.armAt(10);
        doomed->armAt(10);
        clock.setNow(10);
        s.runDue();
        QCOMPARE(runs, 0);
        QCOMPARE(s.pendingEntries(), std::size_t(0));
    }

    void staleEntriesDoNotPileUp()
    {
        FakeClock clock(0);
        PollScheduler s(clock);
        ScheduledCall a(s, [] {});
        ScheduledCall b(s, [] {});
        b.armAt(1'000'000);
        for (int i = 0; i < 10'000; ++i)
            a.armAt(100 + i); // each re-arm leaves a stale entry behind
        QVERIFY2(s.pendingEntries() < 200, qPrintable(QString::number(s.pendingEntries())));
        QCOMPARE(s.nextDueMs(), 10'099); // the last arming counts
        clock.setNow(10'099);
        int runs = 0;
        ScheduledCall counted(s, [&] { ++runs; });
        counted.armAt(10'099);
        s.runDue();
        QCOMPARE(runs, 1);
        QVERIFY(!a.isArmed());
        QVERIFY(b.isArmed());
    }

    void theTimerFiresByItself()
    {
        // The one test on real time: the scheduler's own timer runs calls.
        SteadyClock &clock = SteadyClock::instance();
        PollScheduler s(clock);
        int runs = 0;
        ScheduledCall a(s, [&] { ++runs; });
        a.armAt(clock.nowMs() + 5);
        QTRY_COMPARE_WITH_TIMEOUT(runs, 1, 5'000);
    }
};

QTEST_GUILESS_MAIN(TestPollScheduler)
#include "tst_pollscheduler.moc"
