#include "gputreeview.h"

#include <QAccessible>

namespace gpupool::ui {

void GpuTreeView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    // A GPU row: a child of a group. Its height cannot change (uniform rows)
    // and it never has children, so there is nothing to measure.
    const bool gpuRows = topLeft.isValid() && topLeft.parent().isValid() && uniformRowHeights();
    if (!gpuRows || QAccessible::isActive() || state() == QAbstractItemView::EditingState) {
        QTreeView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    viewport()->update(); // coalesced: one paint of the visible rows per event-loop pass
}

} // namespace gpupool::ui
