#pragma once

#include "pool/pooloptions.h"

#include <QObject>
#include <QSet>
#include <QTimer>
#include <functional>

namespace gpupool::endpoint {
class Monitor;
struct PollOutcome;
} // namespace gpupool::endpoint

// One round of polls for a short-lived gpupoolctl (Pool::refreshOnce()):
// every endpoint is polled now, concurrently; the round ends when each one
// answered (with its details, and its processes when wanted, when they come
// with the poll) or failed, or when the endpoint timeout (+1 s) passed. No
// periodic timer runs.
namespace gpupool::pool {

class RefreshRound final : public QObject
{
    Q_OBJECT

public:
    // `timeoutMs`: the endpoint timeout; `detailsEveryPolls` as PoolOptions.
    RefreshRound(endpoint::Monitor &monitor, qint64 timeoutMs, int detailsEveryPolls, QObject *parent = nullptr);

    bool isActive() const { return m_active; }
    // Starts a round; during one, `done` joins it and is told with it.
    void start(RefreshCallback done);
    // What the engine says (the Pool forwards it).
    void polled(const QString &id, const endpoint::PollOutcome &outcome);
    void snapshotChanged(const QString &id);
    void processesRead(const QString &id);
    // Ends the round now: whoever has not answered counts as failed.
    void finish();

    // Runs before the callers hear the result: the Pool brings what the
    // polls said to the allocator.
    void setBeforeAnswer(std::function<void()> hook) { m_beforeAnswer = std::move(hook); }

signals:
    void finished(const gpupool::pool::RefreshResult &result);

private:
    void settle(const QString &id, const QString &failure, bool reachable);
    // Settles an endpoint that answered once nothing more comes with its poll.
    void settleIfComplete(const QString &id);

    endpoint::Monitor &m_monitor;
    const qint64 m_timeoutMs;
    const int m_detailsEveryPolls;
    std::function<void()> m_beforeAnswer;
    bool m_active = false;
    QSet<QString> m_waitingPoll;
    QSet<QString> m_waitingDetails;
    QSet<QString> m_waitingProcesses;
    QStringList m_failures;
    QSet<QString> m_reachable;
    RefreshCallback m_done;
    QTimer m_deadline;
};

} // namespace gpupool::pool
