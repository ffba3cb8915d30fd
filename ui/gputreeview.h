#pragma once

#include <QTreeView>

// The GPUs tree. Its rows all have one height and GPU rows have no
// children, so a change of values needs a repaint and nothing else.
// QTreeView measures every changed row instead (its height, whether it has
// children, its rectangle, column by column), which for a tick of 2,048 GPUs
// in 256 groups was most of the models' cost in bench_ui. Here a change in
// GPU rows (grouped or in the flat list) repaints the visible rows once;
// everything else, and everything while accessibility is active (it reports
// each change), goes to QTreeView.
namespace gpupool::ui {

class GpuTreeView final : public QTreeView
{
    Q_OBJECT

public:
    using QTreeView::QTreeView;

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
};

} // namespace gpupool::ui
