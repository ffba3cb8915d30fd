#include "endpoint/circuitbreaker.h"

#include <QCoreApplication>

namespace gpupool::endpoint {

QString stateName(BreakerState state)
{
    switch (state) {
    case BreakerState::Closed: return QStringLiteral("closed");
    case BreakerState::Open: return QStringLiteral("open");
    case BreakerState::HalfOpen: break;
    }
    return QStringLiteral("half_open");
}

QString reasonName(Transition::Reason reason)
{
    using R = Transition::Reason;
    switch (reason) {
    case R::FailureThreshold: return QStringLiteral("failure_threshold");
    case R::OpenElapsed: return QStringLiteral("open_elapsed");
    case R::ManualRecovery: return QStringLiteral("manual_recovery");
    case R::ProbeSucceeded: return QStringLiteral("probe_succeeded");
    case R::ProbeFailed: return QStringLiteral("probe_failed");
    case R::ProbeTimedOut: break;
    }
    return QStringLiteral("probe_timed_out");
}

double BreakerStats::failureRatePercent() const
{
    const quint64 answered = successes + failures + neutral;
    return answered == 0 ? 0.0 : 100.0 * double(failures) / double(answered);
}

CircuitBreaker::CircuitBreaker(BreakerPolicy policy, const MonotonicClock &clock, RandomSource &random)
    : m_policy(std::move(policy))
    , m_clock(clock)
    , m_random(random)
{
}

std::optional<Ticket> CircuitBreaker::acquire()
{
    tick();
    switch (m_state) {
    case BreakerState::Closed: ++m_stats.requests; return Ticket { m_epoch, false };
    case BreakerState::Open: return std::nullopt;
    case BreakerState::HalfOpen:
        if (m_probeInFlight)
            return std::nullopt;
        m_probeInFlight = true;
        m_probeStartedAtMs = m_clock.nowMs();
        ++m_stats.requests;
        return Ticket { m_epoch, true };
    }
    return std::nullopt;
}

bool CircuitBreaker::isCurrent(const Ticket &ticket)
{
    if (ticket.epoch == m_epoch)
        return true;
    ++m_stats.lateAnswers;
    return false;
}

void CircuitBreaker::releaseProbe(const Ticket &ticket)
{
    if (ticket.probe && ticket.epoch == m_epoch)
        m_probeInFlight = false;
}

void CircuitBreaker::recordSuccess(const Ticket &ticket)
{
    ++m_stats.successes;
    if (!isCurrent(ticket))
        return;
    releaseProbe(ticket);
    m_stats.consecutiveFailures = 0;
    if (m_state == BreakerState::HalfOpen && ++m_probeSuccesses >= m_policy.successesToClose) {
        m_stats.reopenCount = 0;
        moveTo(BreakerState::Closed, Transition::Reason::ProbeSucceeded);
    }
}

void CircuitBreaker::recordFailure(const Ticket &ticket, FailureKind kind, const QString &text)
{
    if (!isBreakerFailure(kind)) {
        recordNeutral(ticket);
        return;
    }
    ++m_stats.failures;
    logFailure(kind, text);
    if (!isCurrent(ticket))
        return;
    releaseProbe(ticket);
    ++m_stats.consecutiveFailures;
    if (m_state == BreakerState::HalfOpen) {
        ++m_stats.reopenCount;
        open(Transition::Reason::ProbeFailed);
    } else if (m_state == BreakerState::Closed && m_stats.consecutiveFailures >= m_policy.failureThreshold) {
        open(Transition::Reason::FailureThreshold);
    }
}

void CircuitBreaker::recordFailureStatisticsOnly(const Ticket &ticket, FailureKind kind, const QString &text)
{
    ++m_stats.failures;
    logFailure(kind, text);
    if (isCurrent(ticket))
        releaseProbe(ticket);
}

void CircuitBreaker::recordNeutral(const Ticket &ticket)
{
    ++m_stats.neutral;
    if (isCurrent(ticket))
        releaseProbe(ticket);
}

void CircuitBreaker::tick()
{
    const qint64 now = m_clock.nowMs();
    if (m_state == BreakerState::Open && now >= m_stats.nextAttemptAtMs) {
        moveTo(BreakerState::HalfOpen, Transition::Reason::OpenElapsed);
    } else if (m_state == BreakerState::HalfOpen && m_probeInFlight
               && now - m_probeStartedAtMs >= m_policy.probeTimeoutMs) {
        ++m_stats.failures;
        ++m_stats.consecutiveFailures;
        logFailure(FailureKind::Timeout,
                   QCoreApplication::translate("gpupool::endpoint::CircuitBreaker", "probe did not answer within %1")
                       .arg(formatSeconds(m_policy.probeTimeoutMs)));
        ++m_stats.reopenCount;
        open(Transition::Reason::ProbeTimedOut);
    }
}

qint64 CircuitBreaker::nextWakeMs() const
{
    if (m_state == BreakerState::Open)
        return m_stats.nextAttemptAtMs;
    if (m_state == BreakerState::HalfOpen && m_probeInFlight)
        return m_probeStartedAtMs + m_policy.probeTimeoutMs;
    return -1;
}

bool CircuitBreaker::triggerRecovery()
{
    if (m_state != BreakerState::Open)
        return false;
    moveTo(BreakerState::HalfOpen, Transition::Reason::ManualRecovery);
    return true;
}

qint64 CircuitBreaker::openForMs() const
{
    return m_state == BreakerState::Open ? m_clock.nowMs() - m_stats.openedAtMs : 0;
}

void CircuitBreaker::logFailure(FailureKind kind, const QString &text)
{
    FailureRecord record { m_clock.nowMs(), kind, text };
    m_stats.lastFailure = record;
    m_stats.recentFailures.append(std::move(record));
    // A bounded log: drop the oldest. The list is at most ~100 entries, so the
    // shift is cheap next to the request that produced the failure.
    while (m_stats.recentFailures.size() > qMax(0, m_policy.failureLogSize))
        m_stats.recentFailures.removeFirst();
}

void CircuitBreaker::open(Transition::Reason reason)
{
    const qint64 duration = jitteredOpenMs(m_policy.backoff, m_stats.reopenCount, m_random);
    const qint64 now = m_clock.nowMs();
    m_stats.openedAtMs = now;
    m_stats.openDurationMs = duration;
    m_stats.nextAttemptAtMs = now + duration;
    moveTo(BreakerState::Open, reason, duration);
}

void CircuitBreaker::moveTo(BreakerState to, Transition::Reason reason, qint64 openForMs)
{
    const Transition t { m_state, to, reason, m_clock.nowMs(), openForMs };
    m_state = to;
    ++m_epoch; // answers to tickets granted before this point are late from now on
    m_probeInFlight = false;
    m_probeSuccesses = 0;
    if (to != BreakerState::Open) {
        m_stats.openedAtMs = -1;
        m_stats.openDurationMs = 0;
        m_stats.nextAttemptAtMs = -1;
    }
    if (to == BreakerState::Closed)
        m_stats.consecutiveFailures = 0;
    // Last, with the state complete: the listener may call back into us.
    if (m_listener)
        m_listener(t);
}

} // namespace gpupool::endpoint
