#include "eventlogmodel.h"

#include "roles.h"

#include <QLocale>

namespace gpupool::ui {

EventLogModel::EventLogModel(QObject *parent, int cap) : QAbstractTableModel(parent), m_cap(qMax(1, cap)) {}

void EventLogModel::append(EventKind kind, const QString &endpointId, const QString &message, const QDateTime &at)
{
    if (int(m_entries.size()) >= m_cap) {
        beginRemoveRows({}, 0, 0);
        m_entries.pop_front();
        endRemoveRows();
    }
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.push_back(EventEntry { at, kind, endpointId, message });
    endInsertRows();
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::kindName(EventKind kind)
{
    switch (kind) {
    case EventKind::Breaker: return tr("breaker");
    case EventKind::Grant: return tr("grant");
    case EventKind::Release: return tr("release");
    case EventKind::Expiry: return tr("expiry");
    case EventKind::Request: return tr("request");
    case EventKind::Strategy: return tr("strategy");
    case EventKind::Error: return tr("error");
    case EventKind::Info: return tr("info");
    }
    return {};
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const EventEntry &e = m_entries[size_t(index.row())];
    switch (role) {
    case KindRole: return int(e.kind);
    case EndpointIdRole: return e.endpointId;
    case SortRole:
        if (index.column() == Time)
            return e.at;
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Time: return QLocale().toString(e.at.time(), QStringLiteral("HH:mm:ss"));
        case Kind: return kindName(e.kind);
        case Endpoint: return e.endpointId;
        case Message: return e.message;
        case ColumnCount: break;
        }
        return {};
    case Qt::ToolTipRole: return index.column() == Message ? e.message : QVariant();
    default: return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time: return tr("Time");
    case Kind: return tr("Event");
    case Endpoint: return tr("Endpoint");
    case Message: return tr("Message");
    case ColumnCount: break;
    }
    return {};
}

} // namespace gpupool::ui
