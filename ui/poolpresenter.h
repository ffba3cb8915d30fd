#pragma once

#include <QObject>
#include <QPointer>

namespace gpupool::pool {
class Pool;
}
namespace gpupool::history {
class HistoryStore;
}

// Between the Pool and the views: owns the models, turns the Pool's state
// into rows on each refresh (the window calls refresh() once per tick, and
// soon after any lease change), and writes the Pool's events into the log.
// It only reads the Pool; actions call the Pool directly.
namespace gpupool::ui {

class EndpointsModel;
class GpusModel;
class LeasesModel;
class WaitingModel;
class ProcessesModel;
class EventLogModel;

class PoolPresenter final : public QObject
{
    Q_OBJECT

public:
    explicit PoolPresenter(pool::Pool &pool, QObject *parent = nullptr);

    pool::Pool &pool() const { return m_pool; }
    EndpointsModel *endpoints() const { return m_endpoints; }
    GpusModel *gpus() const { return m_gpus; }
    LeasesModel *leases() const { return m_leases; }
    LeasesModel *leaseHistory() const { return m_history; }
    WaitingModel *waiting() const { return m_waiting; }
    ProcessesModel *processes() const { return m_processes; }
    EventLogModel *events() const { return m_events; }

    // Rebuilds every model's rows from the Pool (changed rows only reach the views).
    void refresh();
    // The ended leases, re-read from the store (not every tick: it is a query).
    void refreshHistory();
    // The mean utilization of the last five minutes, thinned, for a sparkline.
    static QList<qreal> sparkline(const history::HistoryStore &history, const QString &endpointId, qint64 nowMs);

signals:
    void refreshed();

private:
    void scheduleRefresh();
    void connectPool();

    pool::Pool &m_pool;
    EndpointsModel *m_endpoints;
    GpusModel *m_gpus;
    LeasesModel *m_leases;
    LeasesModel *m_history;
    WaitingModel *m_waiting;
    ProcessesModel *m_processes;
    EventLogModel *m_events;
    bool m_refreshScheduled = false;
};

} // namespace gpupool::ui
