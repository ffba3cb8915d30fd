#pragma once

#include "endpoint/backoff.h"
#include "util/clock.h"
#include "endpoint/failure.h"

#include <QList>
#include <QString>
#include <deque>
#include <functional>
#include <optional>

// One endpoint's circuit breaker (docs/behaviour.md, "Endpoint health"), pure logic:
// time comes from an injected monotonic clock, jitter from an injected random
// source, and nothing here sends a request or starts a timer. The Qt adapter
// (Endpoint) asks acquire() before each request, reports each answer with the
// ticket it got, and calls tick() at nextWakeMs() so the breaker can move from
// open to half_open by itself.
namespace gpupool::endpoint {

enum class BreakerState : quint8 { Closed, Open, HalfOpen };

QString stateName(BreakerState state); // "closed", "open", "half_open"

struct BreakerPolicy
{
    int failureThreshold = 3; // consecutive failures that open a closed breaker
    int successesToClose = 2; // consecutive probe successes that close a half-open one
    BackoffPolicy backoff;
    // A probe that has not answered after this long counts as failed, so a hanging
    // probe cannot keep the breaker half-open for ever. The adapter's own request
    // deadline normally fires first.
    qint64 probeTimeoutMs = 10'000;
    int failureLogSize = 100; // recent failures kept with type and text
};

// Permission to send one request, tied to the breaker state it was granted in.
// An answer whose ticket comes from an earlier state counts for statistics only.
struct Ticket
{
    quint64 epoch = 0;
    bool probe = false;
};

struct Transition
{
    enum class Reason : quint8 {
        FailureThreshold, // closed -> open
        OpenElapsed, // open -> half_open, by itself
        ManualRecovery, // open -> half_open, by an operator or the API
        ProbeSucceeded, // half_open -> closed
        ProbeFailed, // half_open -> open
        ProbeTimedOut, // half_open -> open: the probe never answered
    };
    BreakerState from = BreakerState::Closed;
    BreakerState to = BreakerState::Closed;
    Reason reason = Reason::FailureThreshold;
    qint64 atMs = 0;
    qint64 openForMs = 0; // when `to` is open: how long it stays open
};

QString reasonName(Transition::Reason reason);

struct FailureRecord
{
    qint64 atMs = 0;
    FailureKind kind = FailureKind::Other;
    QString text;
};

struct BreakerStats
{
    quint64 requests = 0; // tickets granted
    quint64 successes = 0;
    quint64 failures = 0; // failed polls, counted or not against the breaker
    quint64 neutral = 0; // answers that are neither (auth error, 404)
    quint64 lateAnswers = 0; // answers whose ticket came from an earlier state
    int consecutiveFailures = 0;
    int reopenCount = 0; // consecutive re-opens since the breaker last closed
    qint64 openedAtMs = -1; // when the current open period began; -1 when not open
    qint64 openDurationMs = 0; // length of the current open period; 0 when not open
    qint64 nextAttemptAtMs = -1; // when an open breaker probes again; -1 when not open
    std::optional<FailureRecord> lastFailure;
    QList<FailureRecord> recentFailures; // oldest first, at most failureLogSize

    // Failed polls / all answered polls x 100 (docs/behaviour.md's "Failure Rate").
    double failureRatePercent() const;
};

class CircuitBreaker
{
public:
    using Listener = std::function<void(const Transition &)>;

    CircuitBreaker(BreakerPolicy policy, const MonotonicClock &clock, RandomSource &random);

    BreakerState state() const { return m_state; }
    const BreakerPolicy &policy() const { return m_policy; }
    void setListener(Listener listener) { m_listener = std::move(listener); }

    // May a request be sent now? Closed: always. Open: never (but an open period
    // that has run out first moves to half_open). Half-open: one probe at a time.
    std::optional<Ticket> acquire();
    bool probeInFlight() const { return m_probeInFlight; }

    void recordSuccess(const Ticket &ticket);
    // A failed poll. Configuration problems (see isBreakerFailure) are recorded
    // as neutral answers, not as failures.
    void recordFailure(const Ticket &ticket, FailureKind kind, const QString &text);
    // A failed poll that must not move the breaker (this machine looks offline):
    // it is kept in the statistics and frees the probe slot, nothing more.
    void recordFailureStatisticsOnly(const Ticket &ticket, FailureKind kind, const QString &text);
    // An answer that is neither success nor failure (auth error, 404).
    void recordNeutral(const Ticket &ticket);

    // Applies what time alone decides: open -> half_open when the open period
    // is over, half_open -> open when the probe has hung too long.
    void tick();
    // When tick() has something to do next; -1 when nothing is due by time.
    qint64 nextWakeMs() const;

    // The recovery trigger: an open breaker goes to half_open now and may probe
    // at once. Returns false (and changes nothing) when the breaker is not open.
    bool triggerRecovery();

    // Counters and times; see openForMs() for the one that moves with the clock.
    const BreakerStats &stats() const { return m_stats; }
    // How long the breaker has been open so far; 0 when it is not open.
    qint64 openForMs() const;

private:
    bool isCurrent(const Ticket &ticket);
    void releaseProbe(const Ticket &ticket);
    void logFailure(FailureKind kind, const QString &text);
    void open(Transition::Reason reason);
    void moveTo(BreakerState to, Transition::Reason reason, qint64 openForMs = 0);

    BreakerPolicy m_policy;
    const MonotonicClock &m_clock;
    RandomSource &m_random;
    Listener m_listener;

    BreakerState m_state = BreakerState::Closed;
    quint64 m_epoch = 1;
    bool m_probeInFlight = false;
    qint64 m_probeStartedAtMs = 0;
    int m_probeSuccesses = 0;
    BreakerStats m_stats;
};

} // namespace gpupool::endpoint
