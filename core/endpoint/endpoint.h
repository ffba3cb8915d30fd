#pragma once

#include "endpoint/circuitbreaker.h"
#include "util/clock.h"
#include "endpoint/endpointoptions.h"
#include "endpoint/pollscheduler.h"
#include "endpoint/poller.h"
#include "stats/endpointsnapshot.h"

#include <QObject>
#include <memory>
#include <optional>

// One watched endpoint: poller + circuit breaker + what the last answers said.
// It schedules its own polls (phase-jittered, none while the breaker is open,
// a probe as soon as it is half-open), checks /health now and then, and keeps
// the last snapshot, response times and a reason people can read when it is
// not healthy.
namespace gpupool::endpoint {

class OfflineDetector;
class SecretStore;

enum class Health : quint8 {
    Unknown, // not answered yet
    Healthy, // breaker closed, last poll succeeded
    Failing, // breaker closed, last poll failed (not yet enough to open it)
    Down, // breaker open
    Recovering, // breaker half-open, probing
    Misconfigured, // answers, but 401/403/404: a configuration problem
};

QString healthName(Health health);

// Who uses the endpoint's GPUs (/gpu/processes), as last read.
struct EndpointProcesses
{
    QList<stats::GpuProcess> processes;
    qint64 receivedAtMs = 0; // on the engine's monotonic clock
};

class Endpoint final : public QObject
{
    Q_OBJECT

public:
    // `scheduler` times the polls and health checks (a monitor shares one
    // among its endpoints; it must use `clock` and outlive the endpoint);
    // null: the endpoint makes its own.
    Endpoint(EndpointConfig config, EndpointOptions options, const MonotonicClock &clock, RandomSource &random,
             const SecretStore *secrets = nullptr, QObject *parent = nullptr, PollScheduler *scheduler = nullptr);

    const QString &id() const { return m_poller.config().id; }
    const QUrl &url() const { return m_poller.config().url; }
    // What its requests run on (route.h): fast, or qt where a proxy applies.
    Transport transport() const { return m_poller.transport(); }
    const EndpointOptions &options() const { return m_options; }

    // Shared with the other endpoints of a monitor: local errors are reported
    // there, and while the machine looks offline they do not move the breaker.
    void setOfflineDetector(OfflineDetector *detector) { m_offline = detector; }

    // The first poll and health check come after a random phase within one
    // interval, so endpoints started together are not polled in lockstep.
    void start();
    void stop();
    bool isRunning() const { return m_running; }
    // Polls at once (when the breaker allows): for tests and "refresh now",
    // which ask even while the server's Retry-After holds the scheduled polls.
    void pollNow();
    // The recovery trigger: an open breaker goes half-open and probes now,
    // whatever a Retry-After said.
    bool triggerRecovery();
    // Scheduled polls and health checks wait until then (a 429 or 503 with
    // Retry-After); 0 when nothing holds them.
    qint64 notBeforeMs() const { return m_notBeforeMs; }
    // When the next scheduled poll is due (monotonic ms); -1 when none is.
    qint64 nextPollDueMs() const;

    Health health() const { return m_health; }
    QString reason() const { return m_reason; }
    const CircuitBreaker &breaker() const { return m_breaker; }

    const std::optional<stats::EndpointSnapshot> &snapshot() const { return m_snapshot; }
    qint64 snapshotAgeMs() const; // -1 without a snapshot
    bool isFresh() const; // younger than 3 poll intervals
    qint64 lastSeenMs() const { return m_snapshot ? m_snapshot->receivedAtMs : -1; }
    std::optional<qint64> lastResponseMs() const { return m_lastResponseMs; }
    std::optional<double> averageResponseMs() const { return m_ewmaResponseMs; } // EWMA
    std::optional<PollFailure> lastFailure() const { return m_lastFailure; }

    int totalGpus() const { return m_snapshot ? m_snapshot->gpuCount() : 0; }

    const std::optional<stats::HealthBody> &serverHealth() const { return m_serverHealth; }
    bool detailsSupported() const { return m_detailsSupported; }

    // Processes are read only while someone wants them (a view shows them, a
    // rule needs them): after a successful poll, at most every
    // processesIntervalMs. A server without /gpu/processes (the predecessor's)
    // is asked once; that is no failure of the endpoint.
    void setProcessesWanted(bool wanted);
    bool processesWanted() const { return m_processesWanted; }
    bool processesSupported() const { return m_processesSupported; }
    bool isFetchingProcesses() const { return m_poller.isFetchingProcesses(); }
    // The last list read; it ages (receivedAtMs) when later reads fail.
    const std::optional<EndpointProcesses> &processes() const { return m_processes; }

    static constexpr double kEwmaWeight = 0.3; // weight of the newest response time

signals:
    void polled(const gpupool::endpoint::PollOutcome &outcome);
    void snapshotChanged();
    // A processes read ended: a new list, or a failed or unsupported read.
    void processesRead();
    void healthChanged(gpupool::endpoint::Health health, const QString &reason);
    void breakerTransition(const gpupool::endpoint::Transition &transition);
    void serverHealthChecked(const gpupool::endpoint::HealthOutcome &outcome);

private:
    void handlePollDue();
    void handleHealthDue();
    bool heldByRetryAfter(qint64 nowMs) const { return nowMs < m_notBeforeMs; }
    void handlePolled(const PollOutcome &outcome);
    void handleDetails(const DetailsOutcome &outcome);
    void handleProcesses(const ProcessesOutcome &outcome);
    void handleHealthChecked(const HealthOutcome &outcome);
    void handleTransition(const Transition &transition);

    void recordOutcome(const Ticket &ticket, const PollOutcome &outcome);
    void scheduleNextPoll();
    void armPollAt(qint64 atMs);
    qint64 pollSlotMs() const;
    void updateHealth();

    EndpointOptions m_options;
    const MonotonicClock &m_clock;
    RandomSource &m_random;
    CircuitBreaker m_breaker;
    std::unique_ptr<PollScheduler> m_ownScheduler; // when none was given; outlives the calls below
    Poller m_poller;
    OfflineDetector *m_offline = nullptr;
    ScheduledCall m_pollDue;
    ScheduledCall m_healthDue;

    bool m_running = false;
    bool m_dispatching = false; // inside handlePollDue: it schedules by itself
    std::optional<Ticket> m_ticket;
    qint64 m_lastPollStartMs = 0;
    qint64 m_notBeforeMs = 0; // Retry-After: no scheduled request before this
    quint64 m_successfulPolls = 0;
    bool m_detailsSupported = true;
    bool m_processesWanted = false;
    bool m_processesSupported = true;
    qint64 m_processesAskedMs = -1;
    std::optional<EndpointProcesses> m_processes;

    std::optional<stats::EndpointSnapshot> m_snapshot;
    std::optional<qint64> m_lastResponseMs;
    std::optional<double> m_ewmaResponseMs;
    std::optional<PollFailure> m_lastFailure; // of the latest answer; none after a success
    std::optional<stats::HealthBody> m_serverHealth;
    Health m_health = Health::Unknown;
    QString m_reason;
};

} // namespace gpupool::endpoint

Q_DECLARE_METATYPE(gpupool::endpoint::Health)
Q_DECLARE_METATYPE(gpupool::endpoint::Transition)
Q_DECLARE_METATYPE(gpupool::endpoint::PollOutcome)
Q_DECLARE_METATYPE(gpupool::endpoint::HealthOutcome)
