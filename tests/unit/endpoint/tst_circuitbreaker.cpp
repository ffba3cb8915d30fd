// The circuit breaker of docs/behaviour.md ("Endpoint health") on a fake clock: no
// test sleeps, every duration is exact.
#include "endpoint/circuitbreaker.h"

#include "fakeclock.h"

#include <QTest>

using namespace gpupool;
using namespace gpupool::endpoint;
using gpupool::testing::FakeClock;
using gpupool::testing::FixedRandom;

namespace {

constexpr auto Closed = BreakerState::Closed;
constexpr auto Open = BreakerState::Open;
constexpr auto HalfOpen = BreakerState::HalfOpen;
using Reason = Transition::Reason;

// A breaker with docs/behaviour.md's defaults and a transition log.
struct Rig
{
    FakeClock clock;
    FixedRandom random; // 0.5: no jitter unless a test says otherwise
    CircuitBreaker breaker;
    QList<Transition> transitions;

    explicit Rig(BreakerPolicy policy = {}) : breaker(policy, clock, random)
    {
        breaker.setListener([this](const Transition &t) { transitions.append(t); });
    }

    void fail(int n = 1)
    {
        for (int i = 0; i < n; ++i) {
            const auto t = breaker.acquire();
            QVERIFY(t);
            breaker.recordFailure(*t, FailureKind::ConnectionRefused, QStringLiteral("connection refused"));
        }
    }
    void succeed()
    {
        const auto t = breaker.acquire();
        QVERIFY(t);
        breaker.recordSuccess(*t);
    }
    // Opens a closed breaker with the default threshold.
    void openIt() { fail(breaker.policy().failureThreshold); }
    // From open: waits out the open period, which moves to half_open.
    void waitOpen()
    {
        clock.setNow(breaker.stats().nextAttemptAtMs);
        breaker.tick();
    }
};

} // namespace

class TestCircuitBreaker : public QObject
{
    Q_OBJECT

private slots:
    void thresholdBoundary()
    {
        Rig r;
        r.fail(2);
        QCOMPARE(r.breaker.state(), Closed);
        QVERIFY(r.transitions.isEmpty());
        r.fail(1);
        QCOMPARE(r.breaker.state(), Open);
        QCOMPARE(r.transitions.size(), 1);
        QCOMPARE(r.transitions[0].from, Closed);
        QCOMPARE(r.transitions[0].to, Open);
        QCOMPARE(r.transitions[0].reason, Reason::FailureThreshold);
        QCOMPARE(r.transitions[0].openForMs, 10'000);
        // No polls while open.
        QVERIFY(!r.breaker.acquire());
    }

    void thresholdOfOne()
    {
        BreakerPolicy p;
        p.failureThreshold = 1;
        Rig r(p);
        r.fail(1);
        QCOMPARE(r.breaker.state(), Open);
    }

    void successResetsTheCount()
    {
        Rig r;
        r.fail(2);
        r.succeed();
        QCOMPARE(r.breaker.stats().consecutiveFailures, 0);
        r.fail(2);
        QCOMPARE(r.breaker.state(), Closed);
        r.fail(1);
        QCOMPARE(r.breaker.state(), Open);
    }

    void configProblemsAreNeutral()
    {
        Rig r;
        for (int i = 0; i < 10; ++i) {
            const auto t = r.breaker.acquire();
            QVERIFY(t);
            r.breaker.recordFailure(*t, i % 2 ? FailureKind::AuthError : FailureKind::NotFound,
                                    QStringLiteral("auth error (HTTP 401)"));
        }
        QCOMPARE(r.breaker.state(), Closed);
        QCOMPARE(r.breaker.stats().neutral, 10u);
        QCOMPARE(r.breaker.stats().failures, 0u);
        QVERIFY(!r.breaker.stats().lastFailure);
        // ...and they neither count towards nor reset the failure streak.
        r.fail(2);
        const auto t = r.breaker.acquire();
        r.breaker.recordNeutral(*t);
        QCOMPARE(r.breaker.stats().consecutiveFailures, 2);
    }

    void exactHalfOpenTiming()
    {
        Rig r;
        r.openIt();
        const qint64 openedAt = r.clock.nowMs();
        QCOMPARE(r.breaker.stats().nextAttemptAtMs, openedAt + 10'000);
        QCOMPARE(r.breaker.nextWakeMs(), openedAt + 10'000);
        r.clock.advance(9'999);
        r.breaker.tick();
        QCOMPARE(r.breaker.state(), Open);
        QCOMPARE(r.breaker.openForMs(), 9'999);
        QVERIFY(!r.breaker.acquire());
        r.clock.advance(1);
        r.breaker.tick();
        QCOMPARE(r.breaker.state(), HalfOpen);
        QCOMPARE(r.transitions.last().reason, Reason::OpenElapsed);
        QCOMPARE(r.transitions.last().atMs, openedAt + 10'000);
        QCOMPARE(r.breaker.openForMs(), 0);
    }

    void acquireMovesToHalfOpenByItself()
    {
        // Without tick(): the first acquire after the open period is the probe.
        Rig r;
        r.openIt();
        r.clock.advance(10'000);
        const auto t = r.breaker.acquire();
        QVERIFY(t);
        QVERIFY(t->probe);
        QCOMPARE(r.breaker.state(), HalfOpen);
    }

    void oneProbeAtATime()
    {
        Rig r;
        r.openIt();
        r.waitOpen();
        const auto probe = r.breaker.acquire();
        QVERIFY(probe && probe->probe);
        QVERIFY(r.breaker.probeInFlight());
        QVERIFY(!r.breaker.acquire());
        QVERIFY(!r.breaker.acquire());
        r.breaker.recordSuccess(*probe);
        QCOMPARE(r.breaker.state(), HalfOpen);
        const auto second = r.breaker.acquire();
        QVERIFY(second && second->probe);
        QVERIFY(!r.breaker.acquire());
    }

    void closesAfterTwoSuccesses()
    {
        Rig r;
        r.openIt();
        r.waitOpen();
        r.succeed();
        QCOMPARE(r.breaker.state(), HalfOpen);
        r.succeed();
        QCOMPARE(r.breaker.state(), Closed);
        QCOMPARE(r.transitions.last().from, HalfOpen);
        QCOMPARE(r.transitions.last().reason, Reason::ProbeSucceeded);
        QCOMPARE(r.breaker.stats().nextAttemptAtMs, -1);
        QCOMPARE(r.breaker.stats().reopenCount, 0);
        // Closed again: the threshold applies afresh and the backoff starts over.
        r.fail(2);
        QCOMPARE(r.breaker.state(), Closed);
        r.fail(1);
        QCOMPARE(r.transitions.last().openForMs, 10'000);
    }

    void reopensOnProbeFailureLonger()
    {
        Rig r;
        r.openIt();
        r.waitOpen();
        r.fail(1);
        QCOMPARE(r.breaker.state(), Open);
        QCOMPARE(r.transitions.last().reason, Reason::ProbeFailed);
        QCOMPARE(r.transitions.last().openForMs, 15'000);
        // A success between two probe failures does not reset the escalation.
        r.waitOpen();
        r.succeed();
        r.fail(1);
        QCOMPARE(r.transitions.last().openForMs, 22'500);
    }

    void escalationAndCap()
    {
        Rig r;
        r.openIt();
        QList<qint64> durations { r.transitions.last().openForMs };
        for (int i = 0; i < 9; ++i) {
            r.waitOpen();
            r.fail(1);
            durations.append(r.transitions.last().openForMs);
        }
        const QList<qint64> expected { 10'000, 15'000,  22'500,  33'750,  50'625,
                                       75'937, 113'906, 120'000, 120'000, 120'000 };
        QCOMPARE(durations, expected);
        QCOMPARE(nominalOpenMs(BackoffPolicy {}, 1000), 120'000); // no overflow
    }

    void jitterBounds()
    {
        // The extremes of the random source give exactly +-10 %.
        BackoffPolicy p;
        FixedRandom low({ 0.0 }), high({ 0.999999999 });
        QCOMPARE(jitteredOpenMs(p, 0, low), 9'000);
        QCOMPARE(jitteredOpenMs(p, 0, high), 11'000);
        QCOMPARE(jitteredOpenMs(p, 20, low), 108'000);
        QCOMPARE(jitteredOpenMs(p, 20, high), 132'000);
        // A real generator stays inside the bounds and actually spreads.
        auto &random = SystemRandom::instance();
        qint64 lo = LLONG_MAX, hi = 0;
        for (int i = 0; i < 2000; ++i) {
            const qint64 d = jitteredOpenMs(p, 0, random);
            QVERIFY2(d >= 9'000 && d <= 11'000, qPrintable(QString::number(d)));
            lo = qMin(lo, d);
            hi = qMax(hi, d);
        }
        QVERIFY(hi - lo > 1'000);
        // The breaker uses it: a low draw opens for 9 s.
        Rig r;
        r.random.set({ 0.0 });
        r.openIt();
        QCOMPARE(r.breaker.stats().nextAttemptAtMs - r.clock.nowMs(), 9'000);
    }

    void initialPhaseSpreadsPolls()
    {
        FixedRandom zero({ 0.0 }), top({ 0.999999999 }), mid({ 0.5 });
        QCOMPARE(initialPhaseMs(5'000, zero), 0);
        QCOMPARE(initialPhaseMs(5'000, top), 4'999);
        QCOMPARE(initialPhaseMs(5'000, mid), 2'500);
        QCOMPARE(initialPhaseMs(0, mid), 0);
    }

    void hangingProbe()
    {
        BreakerPolicy p;
        p.probeTimeoutMs = 3'000;
        Rig r(p);
        r.openIt();
        r.waitOpen();
        const auto probe = r.breaker.acquire();
        QVERIFY(probe);
        QCOMPARE(r.breaker.nextWakeMs(), r.clock.nowMs() + 3'000);
        r.clock.advance(2'999);
        r.breaker.tick();
        QCOMPARE(r.breaker.state(), HalfOpen);
        QVERIFY(!r.breaker.acquire());
        r.clock.advance(1);
        r.breaker.tick();
        QCOMPARE(r.breaker.state(), Open);
        QCOMPARE(r.transitions.last().reason, Reason::ProbeTimedOut);
        QCOMPARE(r.transitions.last().openForMs, 15'000);
        QCOMPARE(r.breaker.stats().lastFailure->kind, FailureKind::Timeout);
        QCOMPARE(r.breaker.stats().lastFailure->text, QStringLiteral("probe did not answer within 3 s"));
        // The hung probe answering at last changes nothing but the statistics.
        r.breaker.recordSuccess(*probe);
        QCOMPARE(r.breaker.state(), Open);
        QCOMPARE(r.breaker.stats().lateAnswers, 1u);
    }

    void manualTrigger()
    {
        Rig r;
        QVERIFY(!r.breaker.triggerRecovery()); // closed: nothing to recover
        r.openIt();
        r.clock.advance(1'000);
        QVERIFY(r.breaker.triggerRecovery());
        QCOMPARE(r.breaker.state(), HalfOpen);
        QCOMPARE(r.transitions.last().reason, Reason::ManualRecovery);
        QVERIFY(!r.breaker.triggerRecovery()); // already half-open
        const auto probe = r.breaker.acquire();
        QVERIFY(probe && probe->probe); // probes now, not after the open period
        r.breaker.recordFailure(*probe, FailureKind::Timeout, QStringLiteral("timeout after 10 s"));
        QCOMPARE(r.breaker.state(), Open);
        QCOMPARE(r.transitions.last().openForMs, 15'000); // a failed recovery still escalates
    }

    void lateAnswersCountForStatisticsOnly()
    {
        Rig r;
        const auto early = r.breaker.acquire(); // sent while closed
        r.openIt();
        r.breaker.recordSuccess(*early); // arrives while open
        QCOMPARE(r.breaker.state(), Open);
        QCOMPARE(r.breaker.stats().lateAnswers, 1u);
        QCOMPARE(r.breaker.stats().successes, 1u);

        r.waitOpen();
        const auto probe = r.breaker.acquire();
        const auto stale = *early;
        // A late failure from the closed period neither re-opens the breaker nor
        // frees the probe slot.
        r.breaker.recordFailure(stale, FailureKind::HttpServerError, QStringLiteral("server error (HTTP 500)"));
        QCOMPARE(r.breaker.state(), HalfOpen);
        QVERIFY(r.breaker.probeInFlight());
        QCOMPARE(r.breaker.stats().lateAnswers, 2u);
        QCOMPARE(r.breaker.stats().failures, 4u);
        r.breaker.recordSuccess(*probe);
        r.succeed();
        QCOMPARE(r.breaker.state(), Closed);
        // A late probe success after closing does not count as a second close.
        const int transitions = r.transitions.size();
        r.breaker.recordSuccess(*probe);
        QCOMPARE(r.transitions.size(), transitions);
    }

    void statisticsOnlyFailuresDoNotEscalate()
    {
        Rig r;
        for (int i = 0; i < 10; ++i) {
            const auto t = r.breaker.acquire();
            r.breaker.recordFailureStatisticsOnly(*t, FailureKind::ConnectionRefused,
                                                  QStringLiteral("connection refused"));
        }
        QCOMPARE(r.breaker.state(), Closed);
        QCOMPARE(r.breaker.stats().failures, 10u);
        QCOMPARE(r.breaker.stats().consecutiveFailures, 0);
    }

    void wallClockJumpDoesNotMatter()
    {
        Rig r;
        r.openIt();
        const qint64 due = r.breaker.stats().nextAttemptAtMs;
        r.clock.jumpWallClock(-3'600'000); // an hour back
        r.clock.advance(5'000);
        r.breaker.tick();
        QCOMPARE(r.breaker.state(), Open);
        r.clock.jumpWallClock(+86'400'000); // a day forward
        r.breaker.tick();
        QCOMPARE(r.breaker.state(), Open);
        QCOMPARE(r.breaker.stats().nextAttemptAtMs, due);
        r.clock.advance(5'000);
        r.breaker.tick();
        QCOMPARE(r.breaker.state(), HalfOpen);
        QCOMPARE(r.transitions.last().atMs, due);
    }

    void oneEventPerTransition()
    {
        Rig r;
        r.openIt();
        r.waitOpen();
        r.fail(1);
        r.waitOpen();
        r.succeed();
        r.succeed();
        QCOMPARE(r.transitions.size(), 5);
        const QList<QPair<BreakerState, BreakerState>> expected {
            { Closed, Open }, { Open, HalfOpen }, { HalfOpen, Open }, { Open, HalfOpen }, { HalfOpen, Closed }
        };
        for (int i = 0; i < expected.size(); ++i) {
            QCOMPARE(r.transitions[i].from, expected[i].first);
            QCOMPARE(r.transitions[i].to, expected[i].second);
        }
    }

    void statistics()
    {
        Rig r;
        r.succeed();
        r.succeed();
        r.fail(1);
        r.succeed();
        r.fail(1);
        const BreakerStats &s = r.breaker.stats();
        QCOMPARE(s.requests, 5u);
        QCOMPARE(s.successes, 3u);
        QCOMPARE(s.failures, 2u);
        QCOMPARE(s.failureRatePercent(), 40.0);
        QCOMPARE(s.lastFailure->kind, FailureKind::ConnectionRefused);
        QCOMPARE(s.lastFailure->atMs, r.clock.nowMs());
        QCOMPARE(BreakerStats {}.failureRatePercent(), 0.0);

        // The failure log keeps the last 100, oldest first.
        Rig many;
        for (int i = 0; i < 250; ++i) {
            const auto t = many.breaker.acquire();
            many.breaker.recordFailureStatisticsOnly(*t, FailureKind::Timeout, QString::number(i));
            many.clock.advance(1);
        }
        QCOMPARE(many.breaker.stats().recentFailures.size(), 100);
        QCOMPARE(many.breaker.stats().recentFailures.first().text, QStringLiteral("150"));
        QCOMPARE(many.breaker.stats().recentFailures.last().text, QStringLiteral("249"));
        QCOMPARE(many.breaker.stats().lastFailure->text, QStringLiteral("249"));
    }

    void openDurationStatistics()
    {
        Rig r;
        r.openIt();
        r.clock.advance(4'000);
        QCOMPARE(r.breaker.stats().openDurationMs, 10'000);
        QCOMPARE(r.breaker.openForMs(), 4'000);
        QCOMPARE(r.breaker.stats().nextAttemptAtMs, r.clock.nowMs() + 6'000);
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
