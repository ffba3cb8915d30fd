#include "gputreeview.h"

#include <QAccessible>

namespace gpupool::ui {

void GpuTreeView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    // GPU rows: children of a group, or the rows of the flat list. Their
    // height cannot change (uniform rows) and they never have children, so
    // there is nothing to measure. Group rows (which have children) are not.
    const bool gpuRows = topLeft.isValid() && uniformRowHeights()
        && (topLeft.parent().isValid() || !model()->hasChildren(topLeft.siblingAtColumn(0)));
    if (!gpuRows || QAccessible::isActive() || state() == QAbstractItemView::EditingState) {
        QTreeView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    viewport()->update(); // coalesced: one paint of the visible rows per event-loop pass
}

} // namespace gpupool::ui
