#include "gpusmodel.h"

#include "gpucolumns.h"
#include "roles.h"

#include "pool/poolstatus.h"

#include <cmath>

namespace gpupool::ui {

GpuRow GpuRow::from(const pool::GpuInfo &gpu, bool endpointUsable, const QString &me)
{
    GpuRow r;
    r.gpuId = gpu.gpuId;
    r.globalId = gpu.globalId;
    r.endpointId = gpu.endpointId;
    r.localId = gpu.localId;
    r.name = gpu.name;
    r.memoryPercent10 = int(std::lround(gpu.memoryPercent * 10));
    r.utilizationPercent10 = int(std::lround(gpu.utilizationPercent * 10));
    r.memoryTotalMb = gpu.memoryTotalMb;
    if (gpu.temperatureC)
        r.temperatureC = int(std::lround(*gpu.temperatureC));
    if (gpu.powerDrawW)
        r.powerW = int(std::lround(*gpu.powerDrawW));
    r.assignable = gpu.available();
    r.heldForWaiter = gpu.heldForWaiter;
    r.underThresholds = gpu.underThresholds;
    r.endpointUsable = endpointUsable;
    r.othersRunning = gpu.usersBesideHolder();
    r.unleasedUsers = gpu.unleasedUsers;
    if (gpu.lease) {
        r.holder = gpu.lease->owner;
        r.expiresMs = gpu.lease->expiresMs;
        r.mine = gpu.lease->owner == me;
    }
    return r;
}

GpusModel::GpusModel(QObject *parent) : KeyedTableModel(parent) {}

void GpusModel::setThresholds(const balance::Thresholds &thresholds)
{
    if (thresholds == m_thresholds)
        return;
    m_thresholds = thresholds;
    // Thresholds move every bar's mark: the one change that touches all rows.
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Memory), index(rowCount() - 1, Utilization), { ThresholdRole });
}

int GpusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString GpusModel::statusText(const GpuRow &row)
{
    if (!row.unleasedUsers.isEmpty())
        return tr("in use without a lease (%1)").arg(row.unleasedUsers.join(QStringLiteral(", ")));
    if (!row.holder.isEmpty())
        return row.mine ? tr("leased (you)") : tr("leased");
    if (!row.endpointUsable)
        return tr("endpoint unavailable");
    if (!row.underThresholds)
        return tr("busy (over threshold)");
    if (row.heldForWaiter)
        return tr("held for a waiting request");
    if (row.assignable)
        return tr("available");
    return tr("not assignable");
}

QVariant GpusModel::data(const QModelIndex &index, int role) const
{
    const GpuRow *r = rowAt(index.row());
    if (!r || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const GpuColumn &c = gpuColumns()[size_t(index.column())];
    switch (role) {
    case KeyRole: return r->globalId;
    case EndpointIdRole: return r->endpointId;
    case MineRole: return r->mine;
    case AssignableRole: return r->assignable;
    case PercentRole: return c.percent ? QVariant(c.percent(*r)) : QVariant();
    case ThresholdRole: return c.threshold ? QVariant(m_thresholds.*c.threshold) : QVariant();
    case Qt::TextAlignmentRole: return c.alignRight ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case SortRole:
        if (c.sortNumber)
            return c.sortNumber(*r);
        if (c.sortText)
            return c.sortText(*r);
        return c.display(*r);
    case Qt::DisplayRole: return c.display(*r);
    default: return {};
    }
}

std::pair<int, int> GpusModel::changedColumns(const GpuRow &before, const GpuRow &after) const
{
    // MineRole and AssignableRole are per row and read from any column;
    // KeyRole never changes for a key.
    int first = -1, last = -1;
    for (const GpuColumn &c : gpuColumns()) {
        if (c.changed(before, after)) {
            if (first < 0)
                first = c.column;
            last = c.column;
        }
    }
    if (first < 0) // only a per-row role (or nothing shown) changed
        return { 0, ColumnCount - 1 };
    return { first, last };
}

std::optional<int> GpusModel::compareSortKeys(int left, int right, int column) const
{
    const GpuRow *l = rowAt(left), *r = rowAt(right);
    if (!l || !r || column < 0 || column >= ColumnCount)
        return std::nullopt;
    // The numbers data() gives for SortRole; the text columns go through QVariant.
    const GpuColumn &c = gpuColumns()[size_t(column)];
    if (!c.sortNumber)
        return std::nullopt;
    const qint64 a = c.sortNumber(*l), b = c.sortNumber(*r);
    return a < b ? -1 : (b < a ? 1 : 0);
}

QVariant GpusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    return gpuColumns()[size_t(section)].title();
}

} // namespace gpupool::ui
