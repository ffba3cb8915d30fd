#pragma once

#include <Qt>

// The item roles of the console's models, from Qt::UserRole. Views sort by
// SortRole (a number where the display is formatted text) and delegates paint
// from the raw values below, never from the display text.
namespace gpupool::ui {

enum Role : int {
    SortRole = Qt::UserRole + 1,
    PercentRole, // double 0..100 for a bar
    ThresholdRole, // double 0..100: where the bar turns to "too busy"
    HealthRole, // int(endpoint::Health)
    SparklineRole, // QList<qreal>, oldest first, 0..100
    KeyRole, // the row's stable id (endpoint id, global GPU id, lease id)
    EndpointIdRole,
    MineRole, // bool: a lease (or waiting request) of this console's owner
    KindRole, // event log: int(EventKind)
    AssignableRole, // GPUs: bool, could be granted now
    QueueIdRole, // waiting requests: quint64, the id in the store's queue
};

} // namespace gpupool::ui
