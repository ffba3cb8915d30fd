#include "leasesmodel.h"

#include "roles.h"

#include <QDateTime>
#include <QLocale>

namespace gpupool::ui {

LeaseRow LeaseRow::from(const lease::Lease &l, const QString &displayGpuId, const QString &me)
{
    LeaseRow r;
    r.id = l.id;
    r.gpuId = displayGpuId;
    r.owner = l.owner;
    r.note = l.note;
    r.kind = l.kind;
    r.createdMs = l.createdMs;
    r.expiresMs = l.expiresMs;
    r.fence = l.fence;
    r.mine = l.owner == me;
    return r;
}

LeaseRow LeaseRow::from(const lease::LeaseEnd &end, const QString &displayGpuId, const QString &me)
{
    LeaseRow r = from(end.lease, displayGpuId, me);
    r.ended = true;
    r.reason = end.reason;
    r.endedBy = end.endedBy;
    r.endedMs = end.endedMs;
    return r;
}

LeasesModel::LeasesModel(QObject *parent) : KeyedTableModel(parent) {}

int LeasesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {
QString timeText(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat) : QString();
}

QString kindText(lease::LeaseKind kind)
{
    switch (kind) {
    case lease::LeaseKind::Interactive: return LeasesModel::tr("interactive");
    case lease::LeaseKind::Programmatic: break;
    case lease::LeaseKind::Job: return LeasesModel::tr("job");
    }
    return LeasesModel::tr("program");
}
} // namespace

QVariant LeasesModel::data(const QModelIndex &index, int role) const
{
    const LeaseRow *r = rowAt(index.row());
    if (!r || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const auto column = Column(index.column());
    switch (role) {
    case KeyRole: return r->id;
    case MineRole: return r->mine;
    case SortRole:
        switch (column) {
        case Created: return r->createdMs;
        case Expires: return r->ended ? r->endedMs : r->expiresMs;
        case Fence: return r->fence;
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (column) {
        case Gpu: return r->gpuId;
        case Owner: return r->owner;
        case Note: return r->note;
        case Kind: return kindText(r->kind);
        case Created: return timeText(r->createdMs);
        case Expires: return timeText(r->ended ? r->endedMs : r->expiresMs);
        case State:
            if (!r->ended)
                return tr("active");
            switch (r->reason) {
            case lease::EndReason::Released: return tr("released by %1").arg(r->endedBy);
            case lease::EndReason::Expired: return tr("expired");
            case lease::EndReason::Revoked: return tr("revoked by %1").arg(r->endedBy);
            }
            return {};
        case Fence: return QString::number(r->fence);
        case ColumnCount: break;
        }
        return {};
    default: return {};
    }
}

QVariant LeasesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Gpu: return tr("GPU");
    case Owner: return tr("Owner");
    case Note: return tr("Note");
    case Kind: return tr("Kind");
    case Created: return tr("Created");
    case Expires: return tr("Expires / ended");
    case State: return tr("State");
    case Fence: return tr("Fence");
    case ColumnCount: break;
    }
    return {};
}

} // namespace gpupool::ui
