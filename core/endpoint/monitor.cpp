#include "endpoint/monitor.h"

#include "history/historystore.h"
#include "util/logging.h"

#include <algorithm>
#include <memory>

namespace gpupool::endpoint {

Monitor::Monitor(EndpointOptions options, QObject *parent, const MonotonicClock &clock, RandomSource &random)
    : QObject(parent)
    , m_options(options)
    , m_clock(clock)
    , m_random(random)
    , m_scheduler(clock)
    ,
    // One cycle: a poll interval plus the deadline of the poll started at
    // its end, so timer slack never drops a failing endpoint from the count.
    m_detector(options.pollIntervalMs + options.timeoutMs)
{
    // Polls due within the same step share a wake-up (pollscheduler.h): at
    // most 20 ms late, and never more than 2 % of the poll interval, so the
    // phases stay spread (50 steps a second) and short test intervals keep
    // their timing.
    m_scheduler.setWakeGranularity(std::clamp<qint64>(options.pollIntervalMs / 50, 0, 20));
}

Monitor::~Monitor()
{
    // Before the detector they point at goes.
    qDeleteAll(m_endpoints);
    m_endpoints.clear();
}

void Monitor::setProcessesWanted(bool wanted)
{
    m_processesWanted = wanted;
    for (Endpoint *e : std::as_const(m_endpoints))
        e->setProcessesWanted(wanted);
}

Endpoint *Monitor::addEndpoint(const EndpointConfig &config)
{
    if (endpoint(config.id))
        return nullptr;
    auto *e = new Endpoint(config, m_options, m_clock, m_random, m_secrets, this, &m_scheduler);
    e->setOfflineDetector(&m_detector);
    e->setProcessesWanted(m_processesWanted);
    connect(e, &Endpoint::polled, this,
            [this, e, slot = std::make_shared<HistorySlot>()](const PollOutcome &o) { handlePolled(e, *slot, o); });
    connect(e, &Endpoint::breakerTransition, this, [this, e](const Transition &t) { handleTransition(e, t); });
    connect(e, &Endpoint::snapshotChanged, this, [this, e] { emit snapshotChanged(e->id()); });
    connect(e, &Endpoint::processesRead, this, [this, e] { emit processesRead(e->id()); });
    connect(e, &Endpoint::healthChanged, this,
            [this, e](Health h, const QString &reason) { emit healthChanged(e->id(), h, reason); });
    connect(e, &Endpoint::serverHealthChecked, this,
            [this, e](const HealthOutcome &o) { emit serverHealthChecked(e->id(), o); });
    m_endpoints.append(e);
    ++m_closedCount; // a new breaker starts closed
    m_detector.setEndpointCount(int(m_endpoints.size()));
    updateDegraded();
    if (m_running)
        e->start();
    return e;
}

bool Monitor::removeEndpoint(const QString &id)
{
    Endpoint *e = endpoint(id);
    if (!e)
        return false;
    m_endpoints.removeOne(e);
    if (e->breaker().state() == BreakerState::Closed)
        --m_closedCount;
    m_detector.forget(id);
    m_detector.setEndpointCount(int(m_endpoints.size()));
    if (m_history)
        m_history->remove(id);
    delete e;
    updateDegraded();
    updateOffline();
    return true;
}

Endpoint *Monitor::endpoint(const QString &id) const
{
    for (Endpoint *e : m_endpoints)
        if (e->id() == id)
            return e;
    return nullptr;
}

void Monitor::start()
{
    m_running = true;
    for (Endpoint *e : std::as_const(m_endpoints))
        e->start();
}

void Monitor::stop()
{
    m_running = false;
    for (Endpoint *e : std::as_const(m_endpoints))
        e->stop();
}

bool Monitor::triggerRecovery(const QString &id)
{
    Endpoint *e = endpoint(id);
    return e && e->triggerRecovery();
}

int Monitor::triggerRecoveryAll()
{
    int n = 0;
    for (Endpoint *e : std::as_const(m_endpoints))
        n += e->triggerRecovery() ? 1 : 0;
    return n;
}

void Monitor::handlePolled(Endpoint *endpoint, HistorySlot &slot, const PollOutcome &outcome)
{
    recordHistory(endpoint, slot, outcome);
    emit endpointPolled(endpoint->id(), outcome);
    updateOffline();
}

void Monitor::handleTransition(Endpoint *endpoint, const Transition &t)
{
    if (t.from == BreakerState::Closed)
        --m_closedCount;
    if (t.to == BreakerState::Closed)
        ++m_closedCount;
    emit breakerTransition(endpoint->id(), t);
    updateDegraded();
}

void Monitor::recordHistory(const Endpoint *endpoint, HistorySlot &slot, const PollOutcome &outcome)
{
    if (!m_history)
        return;
    if (!slot.history || slot.generation != m_history->generation()) {
        slot.history = m_history->historyFor(endpoint->id());
        slot.generation = m_history->generation();
    }
    history::EndpointSample s;
    s.atMs = m_clock.nowMs();
    s.health = int(endpoint->health());
    if (outcome.ok) {
        s.responseMs = (outcome.elapsedUs + 500) / 1000;
        s.averageUtilization = outcome.summary.averageUtilizationPercent;
        history::HistoryStore::gpuLoads(outcome.summary, m_gpuLoads);
        slot.history->append(s, m_gpuLoads);
    } else {
        slot.history->append(s, {});
    }
}

void Monitor::updateDegraded()
{
    const bool degraded = isFullyDegraded();
    if (degraded == m_degraded)
        return;
    m_degraded = degraded;
    if (degraded)
        qCWarning(lcEndpoint) << "fully degraded: no endpoint's breaker is closed";
    else
        qCInfo(lcEndpoint) << "no longer fully degraded";
    emit fullyDegradedChanged(degraded);
}

void Monitor::updateOffline()
{
    const bool offline = m_detector.looksOffline(m_clock.nowMs());
    if (offline == m_offline)
        return;
    m_offline = offline;
    if (offline)
        qCWarning(lcEndpoint) << "this machine looks offline:" << m_detector.localFailures(m_clock.nowMs()) << "of"
                              << m_endpoints.size() << "endpoints fail with local errors";
    emit offlineChanged(offline);
}

} // namespace gpupool::endpoint
