#include "delegates.h"

#include "roles.h"
#include "theme.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace gpupool::ui {

namespace {

// The cell's background and selection as the style draws them, no text.
void paintBackground(QPainter *painter, QStyleOptionViewItem opt)
{
    const QStyleOptionViewItem &option = opt;
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

QColor textColour(const QStyleOptionViewItem &option)
{
    return option.palette.color(option.state & QStyle::State_Selected ? QPalette::HighlightedText
                                                                      : QPalette::Text);
}

} // namespace

void PercentBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant percent = index.data(PercentRole);
    if (!percent.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem styled = option;
    initStyleOption(&styled, index);
    paintBackground(painter, styled);
    const double value = qBound(0.0, percent.toDouble(), 100.0);
    const double threshold = index.data(ThresholdRole).toDouble();
    const QRectF bar = QRectF(option.rect).adjusted(3, 4, -3, -4);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(Qt::NoPen);
    QColor track = option.palette.color(QPalette::Mid);
    track.setAlpha(90);
    painter->setBrush(track);
    painter->drawRect(bar);
    QColor fill = value >= threshold ? Theme::busyColour() : Theme::okColour();
    fill.setAlpha(200);
    painter->setBrush(fill);
    painter->drawRect(QRectF(bar.left(), bar.top(), bar.width() * value / 100.0, bar.height()));
    if (threshold > 0 && threshold < 100) {
        const double x = bar.left() + bar.width() * threshold / 100.0;
        painter->setPen(QPen(Theme::thresholdColour(), 2));
        painter->drawLine(QPointF(x, bar.top() - 2), QPointF(x, bar.bottom() + 2));
    }
    painter->setPen(textColour(option));
    painter->drawText(bar, Qt::AlignCenter, index.data(Qt::DisplayRole).toString());
    painter->restore();
}

void HealthDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant health = index.data(HealthRole);
    if (!health.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem styled = option;
    initStyleOption(&styled, index);
    paintBackground(painter, styled);
    const QColor colour = Theme::healthColour(endpoint::Health(health.toInt()));
    const QRect r = option.rect.adjusted(4, 0, -4, 0);
    const int d = qMin(10, r.height() - 6);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawEllipse(QRectF(r.left(), r.center().y() - d / 2.0 + 0.5, d, d));
    painter->setPen(option.state & QStyle::State_Selected ? textColour(option) : colour);
    QFont font = option.font;
    font.setBold(true);
    painter->setFont(font);
    const QRect textRect = r.adjusted(d + 6, 0, 0, 0);
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                      option.fontMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight,
                                                    textRect.width()));
    painter->restore();
}

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant data = index.data(SparklineRole);
    if (!data.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem styled = option;
    initStyleOption(&styled, index);
    paintBackground(painter, styled);
    const QList<qreal> values = data.value<QList<qreal>>();
    if (values.size() < 2)
        return;
    const QRectF r = QRectF(option.rect).adjusted(3, 3, -40, -3);
    QPainterPath path;
    const double step = r.width() / double(values.size() - 1);
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QPointF p(r.left() + step * double(i), r.bottom() - r.height() * qBound(0.0, values[i], 100.0) / 100.0);
        if (i == 0)
            path.moveTo(p);
        else
            path.lineTo(p);
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(Theme::seriesColour(0), 1.5));
    painter->drawPath(path);
    painter->setPen(textColour(option));
    painter->drawText(QRectF(r.right() + 4, option.rect.top(), 36, option.rect.height()),
                      Qt::AlignVCenter | Qt::AlignRight, index.data(Qt::DisplayRole).toString());
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setWidth(qMax(s.width(), 140));
    return s;
}

} // namespace gpupool::ui
