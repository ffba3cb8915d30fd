#pragma once

#include <QStyledItemDelegate>

// Painting in delegates (architecture.md): models hand out raw values by role
// (roles.h), the delegates draw them.
namespace gpupool::ui {

// A percentage as a bar, with a mark at the threshold (ThresholdRole); the
// bar turns to the "busy" colour at or over it (behaviour.md: strict limits).
class PercentBarDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// The breaker state: a coloured dot (HealthRole) before the text.
class HealthDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// A small line of the recent utilization (SparklineRole, 0..100).
class SparklineDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace gpupool::ui
