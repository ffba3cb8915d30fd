#pragma once

#include <QStyledItemDelegate>

// Painting in delegates (docs/architecture.md): models hand out raw values by role
// (roles.h), the delegates draw them.
namespace gpupool::ui {

// Any cell of plain text, as QStyledItemDelegate draws it but from text laid
// out once (QStaticText) instead of on every paint: the views' default
// delegate. Cells with an icon, a check box or several lines go to
// QStyledItemDelegate.
class TextDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// A percentage as a bar, with a mark at the threshold (ThresholdRole); the
// bar turns to the "busy" colour at or over it (docs/behaviour.md: strict limits).
class PercentBarDelegate final : public TextDelegate
{
    Q_OBJECT
public:
    using TextDelegate::TextDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// The breaker state: a coloured dot (HealthRole) before the text.
class HealthDelegate final : public TextDelegate
{
    Q_OBJECT
public:
    using TextDelegate::TextDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// A small line of the recent utilization (SparklineRole, 0..100).
class SparklineDelegate final : public TextDelegate
{
    Q_OBJECT
public:
    using TextDelegate::TextDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace gpupool::ui
