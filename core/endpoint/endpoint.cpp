#include "endpoint/endpoint.h"

#include "endpoint/offlinedetector.h"
#include "util/logging.h"

#include <algorithm>

namespace gpupool::endpoint {

namespace {

PollScheduler &schedulerOf(std::unique_ptr<PollScheduler> &own, PollScheduler *given, const MonotonicClock &clock)
{
    if (given)
        return *given;
    if (!own)
        own = std::make_unique<PollScheduler>(clock);
    return *own;
}

} // namespace

QString healthName(Health health)
{
    switch (health) {
    case Health::Unknown: return QStringLiteral("unknown");
    case Health::Healthy: return QStringLiteral("healthy");
    case Health::Failing: return QStringLiteral("failing");
    case Health::Down: return QStringLiteral("down");
    case Health::Recovering: return QStringLiteral("recovering");
    case Health::Misconfigured: break;
    }
    return QStringLiteral("misconfigured");
}

Endpoint::Endpoint(EndpointConfig config, EndpointOptions options, const MonotonicClock &clock, RandomSource &random,
                   const SecretStore *secrets, QObject *parent, PollScheduler *scheduler)
    : QObject(parent)
    , m_options(options)
    , m_clock(clock)
    , m_random(random)
    , m_breaker(options.breakerPolicy(), clock, random)
    , m_poller(std::move(config), secrets, schedulerOf(m_ownScheduler, scheduler, clock), this, options.transport,
               options.proxy)
    , m_pollDue(schedulerOf(m_ownScheduler, scheduler, clock), [this] { handlePollDue(); })
    , m_healthDue(schedulerOf(m_ownScheduler, scheduler, clock), [this] { handleHealthDue(); })
{
    m_poller.setLimits(m_options.timeoutMs, m_options.bodyCapBytes);
    m_poller.setCaCertificates(m_options.caCertificates);
    connect(&m_poller, &Poller::polled, this, &Endpoint::handlePolled);
    connect(&m_poller, &Poller::detailsFetched, this, &Endpoint::handleDetails);
    connect(&m_poller, &Poller::processesFetched, this, &Endpoint::handleProcesses);
    connect(&m_poller, &Poller::healthChecked, this, &Endpoint::handleHealthChecked);
    m_breaker.setListener([this](const Transition &t) { handleTransition(t); });
    m_reason = tr("not polled yet");
}

void Endpoint::start()
{
    if (m_running)
        return;
    m_running = true;
    armPollAt(m_clock.nowMs() + initialPhaseMs(m_options.pollIntervalMs, m_random));
    m_healthDue.armAt(m_clock.nowMs() + initialPhaseMs(m_options.healthIntervalMs, m_random));
}

void Endpoint::stop()
{
    m_running = false;
    m_pollDue.cancel();
    m_healthDue.cancel();
    m_poller.cancelAll();
    m_ticket.reset(); // an abandoned request has no answer to count
}

void Endpoint::pollNow()
{
    handlePollDue();
}

bool Endpoint::triggerRecovery()
{
    m_notBeforeMs = 0; // the operator asks now, whatever the server said
    return m_breaker.triggerRecovery(); // handleTransition sends the probe
}

qint64 Endpoint::nextPollDueMs() const
{
    return m_pollDue.isArmed() ? m_pollDue.dueMs() : -1;
}

qint64 Endpoint::snapshotAgeMs() const
{
    return m_snapshot ? m_clock.nowMs() - m_snapshot->receivedAtMs : -1;
}

bool Endpoint::isFresh() const
{
    return m_snapshot && snapshotAgeMs() < EndpointOptions::kFreshIntervals * m_options.pollIntervalMs;
}

void Endpoint::handlePollDue()
{
    if (m_poller.isPolling()) {
        // Only a hung probe gets here (the request deadline normally ends a
        // poll first): let the breaker give up on it.
        m_breaker.tick();
        if (m_ticket && m_breaker.state() == BreakerState::Open) {
            m_poller.cancelAll();
            m_ticket.reset();
            scheduleNextPoll();
        }
        return;
    }
    m_dispatching = true;
    const std::optional<Ticket> ticket = m_breaker.acquire();
    m_dispatching = false;
    if (!ticket) {
        scheduleNextPoll();
        return;
    }
    m_ticket = ticket;
    // The slot this poll belongs to, not the moment the timer got round to it:
    // the next poll is due one interval after the slot, so lateness never
    // accumulates.
    const qint64 now = m_clock.nowMs();
    m_lastPollStartMs = now - now % pollSlotMs();
    m_poller.poll();
}

void Endpoint::handlePolled(const PollOutcome &outcome)
{
    if (!m_ticket)
        return; // stopped meanwhile
    const Ticket ticket = *m_ticket;
    m_ticket.reset();
    recordOutcome(ticket, outcome);
    emit polled(outcome);
    updateHealth();
    scheduleNextPoll();
}

void Endpoint::recordOutcome(const Ticket &ticket, const PollOutcome &outcome)
{
    const qint64 now = m_clock.nowMs();
    const bool local = !outcome.ok && isLocalError(outcome.failure.kind);
    bool holdBreaker = false;
    if (m_offline) {
        m_offline->report(id(), local, now);
        holdBreaker = local && m_offline->looksOffline(now);
    }

    if (!outcome.ok) {
        m_lastFailure = outcome.failure;
        if (outcome.failure.retryAfterMs >= 0)
            m_notBeforeMs = now + outcome.failure.retryAfterMs;
        qCDebug(lcEndpoint) << id() << "poll failed:" << kindName(outcome.failure.kind) << outcome.failure.text;
        if (holdBreaker)
            m_breaker.recordFailureStatisticsOnly(ticket, outcome.failure.kind, outcome.failure.text);
        else
            m_breaker.recordFailure(ticket, outcome.failure.kind, outcome.failure.text);
        return;
    }

    m_lastFailure.reset();
    m_notBeforeMs = 0;
    m_breaker.recordSuccess(ticket);
    const double responseMs = double(outcome.elapsedUs) / 1000.0;
    m_lastResponseMs = qRound64(responseMs);
    m_ewmaResponseMs
        = m_ewmaResponseMs ? kEwmaWeight * responseMs + (1.0 - kEwmaWeight) * *m_ewmaResponseMs : responseMs;
    std::optional<stats::StatsBody> details;
    if (m_snapshot && m_snapshot->details && m_snapshot->details->gpuCount == outcome.summary.gpuCount)
        details = std::move(m_snapshot->details); // kept until the next details fetch
    m_snapshot = stats::EndpointSnapshot { outcome.summary, std::move(details), now };
    emit snapshotChanged();

    ++m_successfulPolls;
    const int every = m_options.detailsEveryPolls;
    if (every > 0 && m_detailsSupported && (m_successfulPolls - 1) % quint64(every) == 0)
        m_poller.fetchDetails();
    if (m_processesWanted && m_processesSupported && !m_poller.isFetchingProcesses()
        && (m_processesAskedMs < 0 || now - m_processesAskedMs >= m_options.processesIntervalMs)) {
        m_processesAskedMs = now;
        m_poller.fetchProcesses();
    }
}

void Endpoint::setProcessesWanted(bool wanted)
{
    m_processesWanted = wanted;
    if (!wanted)
        m_processesAskedMs = -1; // wanted again: asked at the next poll
}

void Endpoint::handleProcesses(const ProcessesOutcome &outcome)
{
    if (outcome.processes) {
        m_processes = EndpointProcesses { outcome.processes->processes, m_clock.nowMs() };
    } else if (outcome.unsupported) {
        // A predecessor server: no processes, and no reason to ask again.
        qCDebug(lcEndpoint) << id() << "has no /gpu/processes";
        m_processesSupported = false;
        m_processes.reset();
    } else {
        // Not the endpoint's health (the summary says that): the last list ages.
        qCDebug(lcEndpoint) << id() << "processes not read:" << outcome.failure.text;
    }
    emit processesRead();
}

void Endpoint::handleDetails(const DetailsOutcome &outcome)
{
    if (outcome.unsupported) {
        // A predecessor server: no details, and no reason to ask again.
        qCDebug(lcEndpoint) << id() << "has no /gpu/stats";
        m_detailsSupported = false;
    }
    if (!m_snapshot)
        return;
    if (outcome.details)
        m_snapshot->details = outcome.details;
    else
        m_snapshot->details.reset(); // never show details we could not read
    emit snapshotChanged();
}

void Endpoint::handleHealthDue()
{
    if (!m_running)
        return;
    m_healthDue.armAt(m_clock.nowMs() + m_options.healthIntervalMs);
    // No requests while the breaker is open; while half-open the probe speaks;
    // none while the server's Retry-After runs.
    if (m_breaker.state() == BreakerState::Closed && !heldByRetryAfter(m_clock.nowMs()))
        m_poller.checkHealth();
}

void Endpoint::handleHealthChecked(const HealthOutcome &outcome)
{
    // Informational: the predecessor's /health always says "healthy", so it
    // cannot overrule what the polls say, and a server without /health is
    // not unhealthy for it.
    if (outcome.health)
        m_serverHealth = outcome.health;
    emit serverHealthChecked(outcome);
    updateHealth();
}

void Endpoint::handleTransition(const Transition &t)
{
    qCInfo(lcEndpoint).noquote() << id() << "breaker" << stateName(t.from) << "->" << stateName(t.to)
                                 << QStringLiteral("(%1)").arg(reasonName(t.reason));
    emit breakerTransition(t);
    updateHealth();
    // Half-open by itself or by the recovery trigger: probe now.
    if (t.to == BreakerState::HalfOpen && m_running && !m_dispatching && !m_poller.isPolling())
        armPollAt(m_clock.nowMs());
}

void Endpoint::scheduleNextPoll()
{
    if (!m_running)
        return;
    const qint64 now = m_clock.nowMs();
    const qint64 wake = m_breaker.nextWakeMs();
    if (m_breaker.state() == BreakerState::Open && wake >= 0) {
        armPollAt(qMax(wake, m_notBeforeMs));
        return;
    }
    // Closed or half-open: keep the cadence from the start of the last poll,
    // so slow answers do not make the interval drift.
    qint64 at = m_lastPollStartMs + m_options.pollIntervalMs;
    if (m_poller.isPolling() && wake >= 0)
        at = wake; // a probe is out: come back when it is overdue
    else
        at = qMax(at, m_notBeforeMs); // the server asked for a pause
    armPollAt(qMax(now, at));
}

qint64 Endpoint::pollSlotMs() const
{
    return std::clamp<qint64>(m_options.pollIntervalMs / 20, 1, 50);
}

void Endpoint::armPollAt(qint64 atMs)
{
    // Round up to a slot of 1/20 of the interval (at most 50 ms): endpoints
    // due in the same slot are polled in one wake-up of the event loop, and
    // their answers tend to come in a few. Twenty slots per interval still
    // spread the polls; fewer wake-ups mean fewer rounds of the event loop,
    // which has fixed costs of its own.
    const qint64 slot = pollSlotMs();
    atMs = (atMs + slot - 1) / slot * slot;
    m_pollDue.armAt(atMs);
}

void Endpoint::updateHealth()
{
    Health health = Health::Healthy;
    QString reason;
    const QString lastText = m_lastFailure
        ? m_lastFailure->text
        : (m_breaker.stats().lastFailure ? m_breaker.stats().lastFailure->text : QString());
    switch (m_breaker.state()) {
    case BreakerState::Open:
        health = Health::Down;
        reason = tr("circuit open: %1").arg(lastText);
        break;
    case BreakerState::HalfOpen:
        health = Health::Recovering;
        reason = tr("recovering, probing after: %1").arg(lastText);
        break;
    case BreakerState::Closed:
        if (m_lastFailure) {
            health = isConfigProblem(m_lastFailure->kind) ? Health::Misconfigured : Health::Failing;
            reason = m_lastFailure->text;
        } else if (!m_snapshot) {
            health = Health::Unknown;
            reason = tr("not polled yet");
        } else if (m_serverHealth && !m_serverHealth->nvidiaSmiAvailable) {
            reason = tr("server says: nvidia-smi not available");
        }
        break;
    }
    if (health == m_health && reason == m_reason)
        return;
    m_health = health;
    m_reason = reason;
    emit healthChanged(health, reason);
}

} // namespace gpupool::endpoint
