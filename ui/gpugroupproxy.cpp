#include "gpugroupproxy.h"

#include "gpusmodel.h"
#include "roles.h"

#include <QFont>
#include <QHash>
#include <algorithm>

namespace gpupool::ui {

// Internal ids: 0 for a group row, group + 1 for a GPU row (its parent).

GpuGroupProxy::GpuGroupProxy(QObject *parent) : QAbstractProxyModel(parent) {}

void GpuGroupProxy::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    if (QAbstractItemModel *old = sourceModel())
        disconnect(old, nullptr, this, nullptr);
    QAbstractProxyModel::setSourceModel(source);
    if (source) {
        connect(source, &QAbstractItemModel::dataChanged, this, &GpuGroupProxy::handleSourceDataChanged);
        connect(source, &QAbstractItemModel::headerDataChanged, this, &QAbstractItemModel::headerDataChanged);
        connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] { beginRelayout(); });
        connect(source, &QAbstractItemModel::rowsInserted, this, &GpuGroupProxy::endRelayout);
        connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { beginRelayout(); });
        connect(source, &QAbstractItemModel::rowsRemoved, this, &GpuGroupProxy::endRelayout);
        connect(source, &QAbstractItemModel::rowsAboutToBeMoved, this, [this] { beginRelayout(); });
        connect(source, &QAbstractItemModel::rowsMoved, this, &GpuGroupProxy::endRelayout);
        connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this,
                [this](const QList<QPersistentModelIndex> &, QAbstractItemModel::LayoutChangeHint hint) {
                    beginRelayout(hint == QAbstractItemModel::VerticalSortHint);
                });
        connect(source, &QAbstractItemModel::layoutChanged, this, &GpuGroupProxy::endRelayout);
        connect(source, &QAbstractItemModel::modelAboutToBeReset, this, &GpuGroupProxy::beginResetModel);
        connect(source, &QAbstractItemModel::modelReset, this, [this] {
            rebuild();
            endResetModel();
        });
        // Columns never change in the GPUs model; if they did, start over.
        for (auto about :
             { &QAbstractItemModel::columnsAboutToBeInserted, &QAbstractItemModel::columnsAboutToBeRemoved })
            connect(source, about, this, &GpuGroupProxy::beginResetModel);
        for (auto done : { &QAbstractItemModel::columnsInserted, &QAbstractItemModel::columnsRemoved })
            connect(source, done, this, [this] {
                rebuild();
                endResetModel();
            });
    }
    rebuild();
    endResetModel();
}

void GpuGroupProxy::setGroupOrder(const QStringList &endpointIds)
{
    if (endpointIds == m_order)
        return;
    beginRelayout();
    m_order = endpointIds;
    endRelayout();
}

QModelIndex GpuGroupProxy::groupIndex(const QString &endpointId) const
{
    const int g = m_groupOf.value(endpointId, -1);
    return g < 0 ? QModelIndex() : createIndex(g, 0, quintptr(0));
}

// A selection range over several rows cannot follow GPUs that part ways;
// only a layout change lets the selection model split it. One row held
// (the current GPU, a single selection on it) can simply move.
bool GpuGroupProxy::persistentChildrenInOneRow() const
{
    const QModelIndex *held = nullptr;
    for (qsizetype i = 0; i < m_persistentBefore.size(); ++i) {
        if (!m_persistentGroup.at(i).isEmpty())
            continue; // a group row: groups do not move here
        if (!m_persistentSource.at(i).isValid())
            return false; // its GPU is gone: a layout change says so
        const QModelIndex &p = m_persistentBefore.at(i);
        if (held && (held->row() != p.row() || held->internalId() != p.internalId()))
            return false;
        held = &p;
    }
    return true;
}

void GpuGroupProxy::beginRelayout(bool sourceSortOnly)
{
    if (m_relayout)
        return;
    m_relayout = true;
    // A sort keeps every GPU in its group: if at most one row is held, the
    // rows can stay where they are and show their new GPUs (see the header).
    m_persistentBefore = persistentIndexList();
    captureSources();
    m_reorderOnly = sourceSortOnly && persistentChildrenInOneRow();
    if (m_reorderOnly)
        return;
    emit layoutAboutToBeChanged();
    // Listeners may have made persistent indexes of their own just now.
    m_persistentBefore = persistentIndexList();
    captureSources();
}

// What each persistent index points at, while the source still has its old rows.
void GpuGroupProxy::captureSources()
{
    m_persistentSource.clear();
    m_persistentGroup.clear();
    for (const QModelIndex &p : std::as_const(m_persistentBefore)) {
        if (isGroup(p)) {
            m_persistentSource.append(QPersistentModelIndex());
            m_persistentGroup.append(m_groups.value(p.row()).endpointId);
        } else {
            m_persistentSource.append(QPersistentModelIndex(mapToSource(p)));
            m_persistentGroup.append(QString());
        }
    }
}

void GpuGroupProxy::endRelayout()
{
    if (!m_relayout)
        return;
    std::optional<Layout> sorted = m_reorderOnly ? layoutAfterSort() : std::nullopt;
    Layout next = sorted ? std::move(*sorted) : computeLayout();
    bool reorderOnly = m_reorderOnly;
    if (reorderOnly && !onlyReorderedInsideGroups(next)) {
        // Not what a sort does; nobody was told anything yet, so the full
        // change can still be announced.
        reorderOnly = false;
        emit layoutAboutToBeChanged();
    }
    QList<int> availableBefore;
    if (reorderOnly) {
        availableBefore.reserve(m_groups.size());
        for (const Group &g : std::as_const(m_groups))
            availableBefore.append(g.available);
    }
    applyLayout(std::move(next));
    QModelIndexList after;
    after.reserve(m_persistentBefore.size());
    for (qsizetype i = 0; i < m_persistentBefore.size(); ++i) {
        if (!m_persistentGroup.at(i).isEmpty()) {
            const QModelIndex g = groupIndex(m_persistentGroup.at(i));
            after.append(g.isValid() ? index(g.row(), m_persistentBefore.at(i).column()) : QModelIndex());
        } else {
            const QPersistentModelIndex &s = m_persistentSource.at(i);
            after.append(s.isValid() ? mapFromSource(s) : QModelIndex());
        }
    }
    changePersistentIndexList(m_persistentBefore, after);
    m_persistentBefore.clear();
    m_persistentSource.clear();
    m_persistentGroup.clear();
    m_relayout = false;
    m_reorderOnly = false;
    if (!reorderOnly) {
        emit layoutChanged();
        return;
    }
    // The rows stayed; what they show changed. One signal per group.
    const int lastColumn = columnCount() - 1;
    for (int g = 0; g < m_groups.size(); ++g) {
        const int n = int(m_groups.at(g).sourceRows.size());
        if (n > 0)
            emit dataChanged(createIndex(0, 0, quintptr(g + 1)), createIndex(n - 1, lastColumn, quintptr(g + 1)));
        if (m_groups.at(g).available != availableBefore.at(g))
            emit dataChanged(createIndex(g, 0, quintptr(0)), createIndex(g, lastColumn, quintptr(0)));
    }
}

void GpuGroupProxy::handleSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                            const QList<int> &roles)
{
    if (m_relayout || !topLeft.isValid() || !bottomRight.isValid())
        return;
    // The children that changed, grouped, in runs of neighbours: sorted
    // GPUs put a group's children far apart in the source, and one signal
    // per child (2048 on a tick of 256 x 8) cost more than the rest. Marks
    // in one array laid out group after group, not a sort of the places:
    // the sort was a quarter of this on a tick sorted by utilization.
    QList<int> groupStart(m_groups.size() + 1, 0);
    for (qsizetype g = 0; g < m_groups.size(); ++g)
        groupStart[g + 1] = groupStart[g] + int(m_groups.at(g).sourceRows.size());
    QList<bool> marked(groupStart.last(), false);
    int first = -1, last = -1; // the groups marked
    for (int r = topLeft.row(); r <= bottomRight.row() && r < m_places.size(); ++r) {
        const Place &p = m_places.at(r);
        if (p.group < 0)
            continue;
        marked[groupStart.at(p.group) + p.position] = true;
        first = first < 0 ? p.group : std::min(first, p.group);
        last = std::max(last, p.group);
    }
    QList<int> touched;
    for (int g = first; g >= 0 && g <= last; ++g) {
        const int base = groupStart.at(g), size = groupStart.at(g + 1) - base;
        bool any = false;
        for (int position = 0; position < size;) {
            if (!marked.at(base + position)) {
                ++position;
                continue;
            }
            int end = position;
            while (end + 1 < size && marked.at(base + end + 1))
                ++end;
            emit dataChanged(createIndex(position, topLeft.column(), quintptr(g + 1)),
                             createIndex(end, bottomRight.column(), quintptr(g + 1)), roles);
            any = true;
            position = end + 1;
        }
        if (any)
            touched.append(g);
    }
    // A group row changes only when its counts do.
    for (int g : std::as_const(touched)) {
        const int available = countAvailable(m_groups.at(g), m_baseRowOf);
        if (available == m_groups.at(g).available)
            continue;
        m_groups[g].available = available;
        emit dataChanged(createIndex(g, 0, quintptr(0)), createIndex(g, columnCount() - 1, quintptr(0)));
    }
}

QModelIndex GpuGroupProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= columnCount())
        return {};
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (!isGroup(parent) || parent.column() != 0 || parent.row() >= m_groups.size())
        return {};
    return row < m_groups.at(parent.row()).sourceRows.size() ? createIndex(row, column, quintptr(parent.row() + 1))
                                                             : QModelIndex();
}

QModelIndex GpuGroupProxy::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

QModelIndex GpuGroupProxy::sibling(int row, int column, const QModelIndex &idx) const
{
    return index(row, column, parent(idx));
}

int GpuGroupProxy::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (isGroup(parent) && parent.column() == 0 && parent.row() < m_groups.size())
        return int(m_groups.at(parent.row()).sourceRows.size());
    return 0;
}

int GpuGroupProxy::columnCount(const QModelIndex &) const
{
    return sourceModel() ? sourceModel()->columnCount() : 0;
}

bool GpuGroupProxy::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QVariant GpuGroupProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (!isGroup(index))
        return sourceModel()->data(mapToSource(index), role);
    if (index.row() >= m_groups.size())
        return {};
    const Group &g = m_groups.at(index.row());
    switch (role) {
    case EndpointIdRole:
    case SortRole: return g.endpointId;
    case Qt::FontRole: {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    case Qt::DisplayRole:
        if (index.column() == GpusModel::Gpu)
            return g.endpointId;
        if (index.column() == GpusModel::Model)
            return tr("%n GPU(s)", nullptr, int(g.sourceRows.size()));
        if (index.column() == GpusModel::Status)
            return tr("%1 of %2 available").arg(g.available).arg(g.sourceRows.size());
        return {};
    default: return {};
    }
}

QMap<int, QVariant> GpuGroupProxy::itemData(const QModelIndex &index) const
{
    // Not the source's: a group row has none there.
    return QAbstractItemModel::itemData(index);
}

Qt::ItemFlags GpuGroupProxy::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (isGroup(index))
        return Qt::ItemIsEnabled; // selecting a group would select no GPU
    return sourceModel()->flags(mapToSource(index));
}

QVariant GpuGroupProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    return sourceModel() ? sourceModel()->headerData(section, orientation, role) : QVariant();
}

void GpuGroupProxy::sort(int column, Qt::SortOrder order)
{
    if (sourceModel())
        sourceModel()->sort(column, order);
}

QModelIndex GpuGroupProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || proxyIndex.internalId() == 0 || !sourceModel())
        return {};
    const int g = int(proxyIndex.internalId() - 1);
    if (g >= m_groups.size() || proxyIndex.row() >= m_groups.at(g).sourceRows.size())
        return {};
    return sourceModel()->index(m_groups.at(g).sourceRows.at(proxyIndex.row()), proxyIndex.column());
}

QModelIndex GpuGroupProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel() || sourceIndex.row() >= m_places.size())
        return {};
    const Place &p = m_places.at(sourceIndex.row());
    if (p.group < 0)
        return {};
    return createIndex(p.position, sourceIndex.column(), quintptr(p.group + 1));
}

} // namespace gpupool::ui
