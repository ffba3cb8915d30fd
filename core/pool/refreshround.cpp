#include "pool/refreshround.h"

#include "endpoint/monitor.h"

#include <limits>

namespace gpupool::pool {

RefreshRound::RefreshRound(endpoint::Monitor &monitor, qint64 timeoutMs, int detailsEveryPolls, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_timeoutMs(timeoutMs)
    , m_detailsEveryPolls(detailsEveryPolls)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &RefreshRound::finish);
}

void RefreshRound::start(RefreshCallback done)
{
    if (m_active) {
        // One round at a time: the new caller is told with the running one.
        RefreshCallback first = std::move(m_done);
        m_done = [first = std::move(first), done = std::move(done)](const RefreshResult &r) {
            if (first)
                first(r);
            if (done)
                done(r);
        };
        return;
    }
    m_active = true;
    m_waitingPoll.clear();
    m_waitingDetails.clear();
    m_waitingProcesses.clear();
    m_failures.clear();
    m_reachable.clear();
    m_done = std::move(done);
    const QList<endpoint::Endpoint *> endpoints = m_monitor.endpoints();
    for (const endpoint::Endpoint *e : endpoints)
        m_waitingPoll.insert(e->id());
    m_deadline.start(int(qBound(qint64(0), m_timeoutMs + 1000, qint64(std::numeric_limits<int>::max()))));
    for (endpoint::Endpoint *e : endpoints) {
        e->pollNow();
        // An open breaker sends nothing: nothing to wait for.
        if (m_waitingPoll.contains(e->id()) && e->breaker().state() == endpoint::BreakerState::Open)
            settle(e->id(), e->reason(), false);
    }
    if (endpoints.isEmpty())
        QMetaObject::invokeMethod(this, &RefreshRound::finish, Qt::QueuedConnection);
}

void RefreshRound::polled(const QString &id, const endpoint::PollOutcome &outcome)
{
    if (!m_active || !m_waitingPoll.contains(id))
        return;
    if (!outcome.ok) {
        settle(id, outcome.failure.text, false);
        return;
    }
    const endpoint::Endpoint *e = m_monitor.endpoint(id);
    const bool detailsComing
        = e && m_detailsEveryPolls > 0 && e->detailsSupported() && e->snapshot() && !e->snapshot()->details;
    const bool processesComing = e && e->processesWanted() && e->processesSupported() && e->isFetchingProcesses();
    m_waitingPoll.remove(id);
    m_reachable.insert(id);
    if (detailsComing)
        m_waitingDetails.insert(id);
    if (processesComing)
        m_waitingProcesses.insert(id);
    settleIfComplete(id);
}

void RefreshRound::snapshotChanged(const QString &id)
{
    if (m_active && m_waitingDetails.remove(id))
        settleIfComplete(id);
}

void RefreshRound::processesRead(const QString &id)
{
    if (m_active && m_waitingProcesses.remove(id))
        settleIfComplete(id);
}

void RefreshRound::settleIfComplete(const QString &id)
{
    if (!m_waitingPoll.contains(id) && !m_waitingDetails.contains(id) && !m_waitingProcesses.contains(id))
        settle(id, {}, true);
}

void RefreshRound::settle(const QString &id, const QString &failure, bool reachable)
{
    m_waitingPoll.remove(id);
    m_waitingDetails.remove(id);
    m_waitingProcesses.remove(id);
    if (reachable)
        m_reachable.insert(id);
    else
        m_failures.append(id + QStringLiteral(": ") + failure);
    if (m_waitingPoll.isEmpty() && m_waitingDetails.isEmpty() && m_waitingProcesses.isEmpty())
        QMetaObject::invokeMethod(this, &RefreshRound::finish, Qt::QueuedConnection);
}

void RefreshRound::finish()
{
    if (!m_active)
        return;
    m_deadline.stop();
    RefreshResult result;
    result.endpoints = int(m_monitor.endpoints().size());
    result.reachable = int(m_reachable.size());
    result.failures = m_failures;
    for (const QString &id : std::as_const(m_waitingPoll))
        result.failures.append(id + QStringLiteral(": ") + tr("no answer within %1 ms").arg(m_timeoutMs));
    RefreshCallback done = std::move(m_done);
    m_active = false;
    m_done = {};
    if (m_beforeAnswer)
        m_beforeAnswer();
    if (done)
        done(result);
    emit finished(result);
}

} // namespace gpupool::pool
