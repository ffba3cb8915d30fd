#include "gpusmodel.h"

#include "roles.h"

#include "pool/poolstatus.h"

#include <QDateTime>
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
    const auto column = Column(index.column());
    switch (role) {
    case KeyRole: return r->globalId;
    case EndpointIdRole: return r->endpointId;
    case MineRole: return r->mine;
    case AssignableRole: return r->assignable;
    case PercentRole:
        if (column == Memory)
            return r->memoryPercent10 / 10.0;
        if (column == Utilization)
            return r->utilizationPercent10 / 10.0;
        return {};
    case ThresholdRole:
        if (column == Memory)
            return m_thresholds.memoryPercent;
        if (column == Utilization)
            return m_thresholds.utilizationPercent;
        return {};
    case Qt::TextAlignmentRole:
        if (column == Temperature || column == Power)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (column) {
        case Gpu:
            return QString(r->endpointId + QLatin1Char(':')
                           + QString::number(r->localId).rightJustified(6, QLatin1Char('0')));
        case Memory: return r->memoryPercent10;
        case Utilization: return r->utilizationPercent10;
        case Temperature: return r->temperatureC.value_or(-1000);
        case Power: return r->powerW.value_or(-1);
        case Expires: return r->expiresMs;
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (column) {
        case Gpu: return r->gpuId;
        case Endpoint: return r->endpointId;
        case Model:
            return r->memoryTotalMb > 0 ? QString(r->name + QStringLiteral(" (")
                                                  + tr("%1 GB").arg((r->memoryTotalMb + 512) / 1024) + QLatin1Char(')'))
                                        : r->name;
        case Memory: return tr("%1 %").arg(r->memoryPercent10 / 10.0, 0, 'f', 1);
        case Utilization: return tr("%1 %").arg(r->utilizationPercent10 / 10.0, 0, 'f', 1);
        case Temperature: return r->temperatureC ? tr("%1 °C").arg(*r->temperatureC) : QString();
        case Power: return r->powerW ? tr("%1 W").arg(*r->powerW) : QString();
        case Status: return statusText(*r);
        case Holder: return r->holder;
        case Expires:
            return r->expiresMs > 0
                ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(r->expiresMs), QLocale::ShortFormat)
                : QString();
        case ColumnCount: break;
        }
        return {};
    default: return {};
    }
}

std::pair<int, int> GpusModel::changedColumns(const GpuRow &before, const GpuRow &after) const
{
    // Which fields each column shows or sorts by (data()); MineRole and
    // AssignableRole are per row and read from any column, KeyRole never
    // changes for a key.
    const bool changed[ColumnCount] = {
        before.gpuId != after.gpuId || before.endpointId != after.endpointId || before.localId != after.localId,
        before.endpointId != after.endpointId,
        before.name != after.name || before.memoryTotalMb != after.memoryTotalMb,
        before.memoryPercent10 != after.memoryPercent10,
        before.utilizationPercent10 != after.utilizationPercent10,
        before.temperatureC != after.temperatureC,
        before.powerW != after.powerW,
        before.holder != after.holder || before.mine != after.mine || before.endpointUsable != after.endpointUsable
            || before.underThresholds != after.underThresholds || before.assignable != after.assignable
            || before.heldForWaiter != after.heldForWaiter,
        before.holder != after.holder,
        before.expiresMs != after.expiresMs,
    };
    int first = 0, last = ColumnCount - 1;
    while (first < ColumnCount && !changed[first])
        ++first;
    while (last > first && !changed[last])
        --last;
    if (first == ColumnCount) // only a per-row role (or nothing shown) changed
        return { 0, ColumnCount - 1 };
    return { first, last };
}

std::optional<int> GpusModel::compareSortKeys(int left, int right, int column) const
{
    const GpuRow *l = rowAt(left), *r = rowAt(right);
    if (!l || !r)
        return std::nullopt;
    // The numbers data() gives for SortRole; the text columns go through QVariant.
    const auto compare = [](qint64 a, qint64 b) { return a < b ? -1 : (b < a ? 1 : 0); };
    switch (column) {
    case Memory: return compare(l->memoryPercent10, r->memoryPercent10);
    case Utilization: return compare(l->utilizationPercent10, r->utilizationPercent10);
    case Temperature: return compare(l->temperatureC.value_or(-1000), r->temperatureC.value_or(-1000));
    case Power: return compare(l->powerW.value_or(-1), r->powerW.value_or(-1));
    case Expires: return compare(l->expiresMs, r->expiresMs);
    default: return std::nullopt;
    }
}

QVariant GpusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Gpu: return tr("GPU");
    case Endpoint: return tr("Endpoint");
    case Model: return tr("Model");
    case Memory: return tr("Memory");
    case Utilization: return tr("Utilization");
    case Temperature: return tr("Temp.");
    case Power: return tr("Power");
    case Status: return tr("Status");
    case Holder: return tr("Lease holder");
    case Expires: return tr("Expires");
    case ColumnCount: break;
    }
    return {};
}

} // namespace gpupool::ui
