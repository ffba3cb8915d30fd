#pragma once

#include "util/clock.h"
#include "endpoint/endpoint.h"
#include "endpoint/endpointoptions.h"
#include "endpoint/offlinedetector.h"
#include "endpoint/pollscheduler.h"
#include "history/samples.h"

#include <QList>
#include <QObject>

namespace gpupool::history {
class EndpointHistory;
class HistoryStore;
} // namespace gpupool::history

// Watches all endpoints at once: each polls by itself (all on the monitor's
// thread, without blocking), and the monitor gathers their news into signals,
// feeds the history, and knows two pool-wide facts: "fully degraded" (no
// breaker closed) and "this machine looks offline" (docs/behaviour.md).
namespace gpupool::endpoint {

class SecretStore;

class Monitor final : public QObject
{
    Q_OBJECT

public:
    explicit Monitor(EndpointOptions options, QObject *parent = nullptr,
                     const MonotonicClock &clock = SteadyClock::instance(),
                     RandomSource &random = SystemRandom::instance());
    ~Monitor() override;

    const EndpointOptions &options() const { return m_options; }
    void setSecretStore(const SecretStore *secrets) { m_secrets = secrets; }
    // Every poll adds a sample there (not owned; may be null).
    void setHistory(history::HistoryStore *history) { m_history = history; }

    // Ids must be unique (core/config makes them so); a duplicate is refused
    // with nullptr.
    Endpoint *addEndpoint(const EndpointConfig &config);
    // Every endpoint's processes are read while wanted (Endpoint::setProcessesWanted).
    void setProcessesWanted(bool wanted);
    bool processesWanted() const { return m_processesWanted; }
    bool removeEndpoint(const QString &id);
    const QList<Endpoint *> &endpoints() const { return m_endpoints; }
    Endpoint *endpoint(const QString &id) const;

    void start();
    void stop();
    bool isRunning() const { return m_running; }

    bool isFullyDegraded() const { return !m_endpoints.isEmpty() && m_closedCount == 0; }
    bool looksOffline() const { return m_offline; }

    // The recovery trigger for one endpoint, or for every open one (returns how many).
    bool triggerRecovery(const QString &id);
    int triggerRecoveryAll();

signals:
    void endpointPolled(const QString &id, const gpupool::endpoint::PollOutcome &outcome);
    void snapshotChanged(const QString &id);
    void processesRead(const QString &id);
    void healthChanged(const QString &id, gpupool::endpoint::Health health, const QString &reason);
    void breakerTransition(const QString &id, const gpupool::endpoint::Transition &transition);
    void serverHealthChecked(const QString &id, const gpupool::endpoint::HealthOutcome &outcome);
    void fullyDegradedChanged(bool degraded);
    void offlineChanged(bool offline);

private:
    // Where an endpoint's history samples go, kept per endpoint (in its
    // polled connection) so that a poll does not look its id up.
    struct HistorySlot
    {
        history::EndpointHistory *history = nullptr;
        quint64 generation = 0; // of m_history when `history` was taken
    };

    void handlePolled(Endpoint *endpoint, HistorySlot &slot, const PollOutcome &outcome);
    void handleTransition(Endpoint *endpoint, const Transition &transition);
    void recordHistory(const Endpoint *endpoint, HistorySlot &slot, const PollOutcome &outcome);
    void updateDegraded();
    void updateOffline();

    EndpointOptions m_options;
    const MonotonicClock &m_clock;
    RandomSource &m_random;
    const SecretStore *m_secrets = nullptr;
    history::HistoryStore *m_history = nullptr;
    QList<history::GpuLoad> m_gpuLoads; // reused by recordHistory()
    PollScheduler m_scheduler; // one timer for every endpoint; outlives them
    QList<Endpoint *> m_endpoints; // children of this object
    OfflineDetector m_detector;
    int m_closedCount = 0;
    bool m_running = false;
    bool m_processesWanted = false;
    bool m_degraded = false;
    bool m_offline = false;
};

} // namespace gpupool::endpoint
