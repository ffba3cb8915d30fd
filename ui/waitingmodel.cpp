#include "waitingmodel.h"

#include "roles.h"

namespace gpupool::ui {

namespace {

QString seconds(qint64 ms)
{
    if (ms < 60'000)
        return WaitingModel::tr("%1 s").arg(ms / 1000);
    if (ms < 3'600'000)
        return WaitingModel::tr("%1 min").arg(ms / 60'000);
    return WaitingModel::tr("%1 h %2 min").arg(ms / 3'600'000).arg((ms / 60'000) % 60);
}

} // namespace

WaitingRow WaitingRow::from(const lease::WaiterInfo &info, int position, const QString &me)
{
    WaitingRow r;
    r.position = position;
    r.id = info.id;
    r.owner = info.owner;
    r.wants = info.wants;
    r.note = info.note;
    r.waitedMs = info.waitedMs;
    r.remainingMs = info.remainingMs;
    r.mine = info.owner == me;
    return r;
}

WaitingModel::WaitingModel(QObject *parent) : KeyedTableModel(parent) {}

int WaitingModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WaitingModel::data(const QModelIndex &index, int role) const
{
    const WaitingRow *r = rowAt(index.row());
    if (!r || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const auto column = Column(index.column());
    switch (role) {
    case KeyRole: return r->key();
    case MineRole: return r->mine;
    case QueueIdRole: return r->id;
    case SortRole:
        switch (column) {
        case Position: return r->position;
        case Id: return r->id;
        case Waited: return r->waitedMs;
        case GivesUp: return r->remainingMs < 0 ? std::numeric_limits<qint64>::max() : r->remainingMs;
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (column) {
        case Position: return r->position;
        case Id: return r->id == 0 ? QString() : QString::number(r->id);
        case Owner: return r->owner;
        case Wants: return r->wants;
        case Waited: return seconds(r->waitedMs);
        case GivesUp: return r->remainingMs < 0 ? tr("never") : tr("in %1").arg(seconds(r->remainingMs));
        case Note: return r->note;
        case ColumnCount: break;
        }
        break;
    case Qt::TextAlignmentRole:
        if (column == Position || column == Id || column == Waited || column == GivesUp)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default: break;
    }
    return {};
}

QVariant WaitingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Position: return tr("#");
    case Id: return tr("Id");
    case Owner: return tr("Owner");
    case Wants: return tr("Wants");
    case Waited: return tr("Waiting");
    case GivesUp: return tr("Gives up");
    case Note: return tr("Note");
    case ColumnCount: break;
    }
    return {};
}

} // namespace gpupool::ui
