#include "poolpresenter.h"

#include "endpointsmodel.h"
#include "eventlogmodel.h"
#include "gpusmodel.h"
#include "leasesmodel.h"
#include "processesmodel.h"
#include "waitingmodel.h"

#include "util/clock.h"
#include "history/historystore.h"
#include "pool/pool.h"

#include <QTimer>

namespace gpupool::ui {

PoolPresenter::PoolPresenter(pool::Pool &pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_endpoints(new EndpointsModel(this))
    , m_gpus(new GpusModel(this))
    , m_leases(new LeasesModel(this))
    , m_history(new LeasesModel(this))
    , m_waiting(new WaitingModel(this))
    , m_processes(new ProcessesModel(this))
    , m_events(new EventLogModel(this))
{
    connectPool();
}

QList<qreal> PoolPresenter::sparkline(const history::HistoryStore &history, const QString &endpointId, qint64 nowMs)
{
    QList<qreal> values;
    const history::EndpointHistory *h = history.endpoint(endpointId);
    if (!h)
        return values;
    const QList<QPointF> points
        = h->endpointSeries(history::EndpointMetric::AverageUtilization, nowMs - 5 * 60'000, 40);
    values.reserve(points.size());
    for (const QPointF &p : points)
        values.append(p.y());
    return values;
}

void PoolPresenter::refresh()
{
    m_refreshScheduled = false;
    const qint64 now = gpupool::SteadyClock::instance().nowMs();
    const QString me = m_pool.owner();

    const pool::ErrorRecoveryStatus recovery = m_pool.errorRecoveryStatus();
    QHash<QString, qint64> nextProbe;
    for (const pool::EndpointRecovery &r : recovery.endpoints)
        nextProbe.insert(r.id, r.nextAttemptInMs);
    const QList<pool::EndpointInfo> infos = m_pool.endpointsInfo();
    QList<EndpointRow> endpointRows;
    endpointRows.reserve(infos.size());
    QHash<QString, bool> usable;
    for (const pool::EndpointInfo &info : infos) {
        endpointRows.append(
            EndpointRow::from(info, nextProbe.value(info.id, -1), sparkline(m_pool.history(), info.id, now)));
        usable.insert(info.id, info.usable);
    }
    m_endpoints->setRows(endpointRows);

    m_gpus->setThresholds(m_pool.thresholds());
    const QList<pool::GpuInfo> gpus = m_pool.gpus();
    QList<GpuRow> gpuRows;
    gpuRows.reserve(gpus.size());
    QList<ProcessRow> processRows;
    for (const pool::GpuInfo &g : gpus) {
        gpuRows.append(GpuRow::from(g, usable.value(g.endpointId, true), me));
        processRows += ProcessRow::from(g);
    }
    m_gpus->setRows(gpuRows);
    m_processes->setRows(processRows);

    QList<LeaseRow> leaseRows;
    for (const lease::Lease &l : m_pool.activeLeases())
        leaseRows.append(LeaseRow::from(l, m_pool.displayGpuId(l), me));
    m_leases->setRows(leaseRows);

    QList<WaitingRow> waitingRows;
    const QList<lease::WaiterInfo> waiting = m_pool.waitingRequests();
    for (qsizetype i = 0; i < waiting.size(); ++i)
        waitingRows.append(WaitingRow::from(waiting.at(i), int(i + 1), me));
    m_waiting->setRows(waitingRows);
    emit refreshed();
}

void PoolPresenter::refreshHistory()
{
    // A query of the store: answered from its thread, the window goes on meanwhile.
    m_pool.leaseHistory(200, [self = QPointer(this)](const pool::Result<QList<lease::LeaseEnd>> &ended) {
        if (!self || !ended.ok())
            return;
        const QString me = self->m_pool.owner();
        QList<LeaseRow> rows;
        rows.reserve(ended->size());
        for (const lease::LeaseEnd &e : *ended)
            rows.append(LeaseRow::from(e, self->m_pool.displayGpuId(e.lease), me));
        self->m_history->setRows(rows);
    });
}

void PoolPresenter::scheduleRefresh()
{
    if (m_refreshScheduled)
        return;
    m_refreshScheduled = true;
    QTimer::singleShot(0, this, [this] {
        if (m_refreshScheduled)
            refresh();
    });
}

void PoolPresenter::connectPool()
{
    using pool::Pool;
    connect(&m_pool, &Pool::leasesChanged, this, [this] {
        scheduleRefresh();
        refreshHistory();
    });
    connect(&m_pool, &Pool::processesChanged, this, &PoolPresenter::scheduleRefresh);
    connect(&m_pool, &Pool::breakerTransition, this, [this](const QString &id, const endpoint::Transition &t) {
        m_events->append(
            EventKind::Breaker, id,
            tr("breaker %1 → %2 (%3)")
                .arg(endpoint::stateName(t.from), endpoint::stateName(t.to), endpoint::reasonName(t.reason)));
        scheduleRefresh();
    });
    connect(&m_pool, &Pool::leaseGranted, this, [this](const lease::Lease &l) {
        m_events->append(EventKind::Grant, l.endpointId,
                         tr("GPU %1 granted to %2").arg(m_pool.displayGpuId(l), l.owner));
    });
    connect(&m_pool, &Pool::leaseRenewed, this, [this](const lease::Lease &l) {
        m_events->append(EventKind::Grant, l.endpointId, tr("lease on GPU %1 renewed").arg(m_pool.displayGpuId(l)));
    });
    connect(&m_pool, &Pool::leaseReleased, this, [this](const lease::LeaseEnd &e) {
        const QString gpu = m_pool.displayGpuId(e.lease);
        m_events->append(EventKind::Release, e.lease.endpointId,
                         e.reason == lease::EndReason::Revoked ? tr("lease on GPU %1 revoked by %2").arg(gpu, e.endedBy)
                                                               : tr("GPU %1 released by %2").arg(gpu, e.endedBy));
    });
    connect(&m_pool, &Pool::leaseExpired, this, [this](const lease::LeaseEnd &e) {
        m_events->append(EventKind::Expiry, e.lease.endpointId,
                         tr("lease of %1 on GPU %2 expired").arg(e.lease.owner, m_pool.displayGpuId(e.lease)));
    });
    connect(&m_pool, &Pool::requestQueued, this, [this](pool::RequestId id, int position) {
        m_events->append(EventKind::Request, {}, tr("request %1 waits, position %2").arg(id).arg(position));
    });
    connect(&m_pool, &Pool::requestFailed, this, [this](pool::RequestId id, const pool::Error &error) {
        m_events->append(EventKind::Request, {}, tr("request %1 failed: %2").arg(QString::number(id), error.message));
    });
    connect(&m_pool, &Pool::strategyChanged, this, [this](const QString &name) {
        m_events->append(EventKind::Strategy, {}, tr("strategy is now %1").arg(name));
    });
    connect(&m_pool, &Pool::storeStateChanged, this, [this](pool::StoreState state, const QString &message) {
        m_events->append(state == pool::StoreState::Ready ? EventKind::Info : EventKind::Error, {},
                         message.isEmpty() ? tr("lease store: %1").arg(pool::storeStateName(state)) : message);
    });
    connect(&m_pool, &Pool::errorOccurred, this,
            [this](const pool::Error &error) { m_events->append(EventKind::Error, {}, error.message); });
    connect(&m_pool, &Pool::warning, this,
            [this](const QString &message) { m_events->append(EventKind::Info, {}, message); });
    connect(&m_pool, &Pool::offlineChanged, this, [this](bool offline) {
        if (offline)
            m_events->append(EventKind::Error, {},
                             tr("This machine looks offline: most endpoints fail with local errors."));
    });
}

} // namespace gpupool::ui
