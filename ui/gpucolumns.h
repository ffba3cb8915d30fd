#pragma once

#include "gpusmodel.h"

#include <QString>
#include <QVariant>
#include <array>

// The GPUs view's columns, each described once, the way libksysguard
// describes a process attribute: its title, what it shows, how it sorts,
// the bar it paints, and which of a row's fields it reads. GpusModel has no
// per-column code of its own; a new column is one entry here (and a value in
// GpuRow if the row lacks it).
namespace gpupool::ui {

struct GpuColumn
{
    int column; // its GpusModel::Column, checked against its place in the table
    QString (*title)();
    QVariant (*display)(const GpuRow &row);
    // True when the two rows differ in anything this column shows or sorts
    // by: what dataChanged reports, and what a sorting proxy re-sorts on.
    bool (*changed)(const GpuRow &before, const GpuRow &after);
    // A number to sort by where the display is formatted text; nullptr:
    // the display sorts.
    qint64 (*sortNumber)(const GpuRow &row) = nullptr;
    // A text to sort by instead of the display; nullptr: none.
    QString (*sortText)(const GpuRow &row) = nullptr;
    // A percent bar (PercentRole) and the threshold it is measured against.
    double (*percent)(const GpuRow &row) = nullptr;
    double balance::Thresholds::*threshold = nullptr;
    bool alignRight = false;
};

// In GpusModel::Column order. A plain table, not a function: sorting 2048
// GPUs reads it some 20 000 times a tick (bench_ui).
extern const std::array<GpuColumn, GpusModel::ColumnCount> kGpuColumns;
inline const std::array<GpuColumn, GpusModel::ColumnCount> &gpuColumns()
{
    return kGpuColumns;
}

} // namespace gpupool::ui
