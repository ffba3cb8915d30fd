#include "filterproxies.h"

#include "keyedtablemodel.h"
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

void TextFilterProxy::setSourceModel(QAbstractItemModel *source)
{
    m_sortKeys = dynamic_cast<const SortKeyModel *>(source);
    QSortFilterProxyModel::setSourceModel(source);
}

bool TextFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (m_sortKeys && sortRole() == SortRole && left.column() == right.column() && !left.parent().isValid())
        if (const std::optional<int> order = m_sortKeys->compareSortKeys(left.row(), right.row(), left.column()))
            return *order < 0;
    return QSortFilterProxyModel::lessThan(left, right);
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
