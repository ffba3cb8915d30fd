#include "processesmodel.h"

#include "roles.h"
#include "theme.h"

namespace gpupool::ui {

QList<ProcessRow> ProcessRow::from(const pool::GpuInfo &gpu)
{
    QList<ProcessRow> rows;
    if (!gpu.processes)
        return rows;
    for (const stats::GpuProcess &p : *gpu.processes) {
        ProcessRow r;
        r.gpuId = gpu.gpuId;
        r.globalId = gpu.globalId;
        r.endpointId = gpu.endpointId;
        r.localId = gpu.localId;
        r.pid = p.pid;
        r.user = p.user.value_or(QString());
        r.process = p.processName;
        r.memoryMb = p.usedMemoryMb;
        r.leaseOwner = gpu.lease ? gpu.lease->owner : QString();
        r.withoutLease = gpu.isUseWithoutLease(p);
        rows.append(r);
    }
    return rows;
}

ProcessesModel::ProcessesModel(QObject *parent) : KeyedTableModel(parent) {}

int ProcessesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProcessesModel::data(const QModelIndex &index, int role) const
{
    const ProcessRow *r = rowAt(index.row());
    if (!r || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const auto column = Column(index.column());
    switch (role) {
    case KeyRole: return r->key();
    case EndpointIdRole: return r->endpointId;
    case SortRole:
        switch (column) {
        // Endpoint, then the GPU's number as a number, as the GPUs view sorts.
        case Gpu:
            return QString(r->endpointId + QLatin1Char(':') + QString::number(r->localId).rightJustified(6, u'0'));
        case Pid: return r->pid;
        case Memory: return r->memoryMb.value_or(-1);
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (column) {
        case Gpu: return r->gpuId;
        case Pid: return r->pid;
        case User: return r->user.isEmpty() ? tr("unknown") : r->user;
        case Process: return r->process;
        case Memory: return r->memoryMb ? tr("%1 MiB").arg(*r->memoryMb) : QString();
        case Lease: return r->withoutLease ? tr("none: in use without a lease") : r->leaseOwner;
        case ColumnCount: break;
        }
        break;
    case Qt::ToolTipRole:
        if (column == Lease && r->withoutLease)
            return tr("%1 runs on this GPU without a lease of theirs on it while leases are in use on the pool.")
                .arg(r->user);
        break;
    case Qt::ForegroundRole:
        if (r->withoutLease)
            return Theme::busyColour();
        break;
    case Qt::TextAlignmentRole:
        if (column == Pid || column == Memory)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default: break;
    }
    return {};
}

QVariant ProcessesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Gpu: return tr("GPU");
    case Pid: return tr("PID");
    case User: return tr("User");
    case Process: return tr("Process");
    case Memory: return tr("Memory");
    case Lease: return tr("Lease");
    case ColumnCount: break;
    }
    return {};
}

} // namespace gpupool::ui
