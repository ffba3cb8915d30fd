#include "filterproxies.h"

#include "roles.h"

namespace gpupool::ui {

TextFilterProxy::TextFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void TextFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

bool TextFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QAbstractItemModel *m = sourceModel();
    for (int c = 0; c < m->columnCount(sourceParent); ++c)
        if (m->index(sourceRow, c, sourceParent).data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    return false;
}

void GpuFilterProxy::setGroupByEndpoint(bool group)
{
    if (group == m_group)
        return;
    m_group = group;
    invalidate();
}

bool GpuFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (m_group) {
        // Groups keep source order (configuration order) whichever way the
        // column sorts, so the sort order is undone for the group key.
        const int l = left.row(), r = right.row();
        const QString le = left.data(EndpointIdRole).toString(), re = right.data(EndpointIdRole).toString();
        if (le != re) {
            const bool before = l < r;
            return sortOrder() == Qt::AscendingOrder ? before : !before;
        }
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

void LeaseFilterProxy::setMineOnly(bool mine)
{
    if (mine == m_mine)
        return;
    m_mine = mine;
    invalidateRowsFilter();
}

bool LeaseFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_mine && !sourceModel()->index(sourceRow, 0, sourceParent).data(MineRole).toBool())
        return false;
    return TextFilterProxy::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace gpupool::ui
