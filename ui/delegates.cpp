#include "delegates.h"

#include "roles.h"
#include "theme.h"

#include <QApplication>
#include <QHash>
#include <QPainter>
#include <QPolygonF>
#include <QStaticText>

namespace gpupool::ui {

namespace {

// The cell's background and selection as the style draws them, no text.
void paintBackground(QPainter *painter, const QStyleOptionViewItem &option)
{
    QStyleOptionViewItem opt = option;
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

QColor textColour(const QStyleOptionViewItem &option)
{
    return option.palette.color(option.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text);
}

// Text laid out once and drawn from then on. The style lays out and shapes
// every cell's text on every paint (QTextLayout + HarfBuzz: about two thirds
// of a table's paint in bench_ui); the texts a table shows repeat from tick
// to tick ("42.0 %", "healthy", ids), so their QStaticText is kept, per font.
class TextCache
{
public:
    static TextCache &instance()
    {
        static TextCache cache;
        return cache;
    }

    const QStaticText &get(const QString &text, const QFont &font)
    {
        Texts &texts = textsFor(font);
        auto it = texts.find(text);
        if (it == texts.end()) {
            if (texts.size() >= MaxTexts)
                texts.clear();
            QStaticText st(text);
            st.setTextFormat(Qt::PlainText);
            st.setTextWidth(-1);
            st.prepare(QTransform(), font);
            it = texts.insert(text, st);
        }
        return *it;
    }

private:
    using Texts = QHash<QString, QStaticText>;
    static constexpr qsizetype MaxTexts = 4096;
    static constexpr qsizetype MaxFonts = 8;

    Texts &textsFor(const QFont &font)
    {
        for (auto &[f, texts] : m_fonts)
            if (f == font)
                return texts;
        if (m_fonts.size() >= MaxFonts)
            m_fonts.removeFirst();
        m_fonts.append({ font, {} });
        return m_fonts.last().second;
    }

    QList<std::pair<QFont, Texts>> m_fonts;
};

// One line of text in `rect` as QCommonStyle places it (aligned, elided when
// too wide), drawn with the painter's pen.
void drawCellText(QPainter *painter, const QRect &rect, Qt::Alignment alignment, const QString &text, const QFont &font,
                  Qt::TextElideMode elide, Qt::LayoutDirection direction)
{
    if (text.isEmpty() || rect.width() <= 0)
        return;
    TextCache &cache = TextCache::instance();
    const QStaticText *st = &cache.get(text, font);
    if (st->size().width() > rect.width() && elide != Qt::ElideNone)
        st = &cache.get(QFontMetrics(font).elidedText(text, elide, rect.width()), font);
    const QSize size = st->size().toSize();
    const QRect placed = QStyle::alignedRect(direction, QStyle::visualAlignment(direction, alignment), size, rect);
    painter->setFont(font);
    painter->drawStaticText(placed.topLeft(), *st);
}

} // namespace

void TextDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // Icons, check boxes and several lines: as the style draws them.
    if ((opt.features & (QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDecoration))
        || opt.text.contains(QLatin1Char('\n')) || opt.text.contains(QChar::LineSeparator)) {
        QStyledItemDelegate::paint(painter, opt, index);
        return;
    }
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QString text = std::move(opt.text);
    opt.text = QString();
    QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    if (text.isEmpty())
        return;
    // As QCommonStyle's CE_ItemViewItem: the colour group and the margin.
    QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(opt.state & QStyle::State_Active))
        group = QPalette::Inactive;
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    textRect.adjust(margin, 0, -margin, 0);
    painter->save();
    painter->setPen(
        opt.palette.color(group, opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    drawCellText(painter, textRect, opt.displayAlignment, text, opt.font, opt.textElideMode, opt.direction);
    painter->restore();
}

void PercentBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant percent = index.data(PercentRole);
    if (!percent.isValid()) {
        TextDelegate::paint(painter, option, index);
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
    drawCellText(painter, bar.toRect(), Qt::AlignCenter, styled.text, styled.font, Qt::ElideNone, styled.direction);
    painter->restore();
}

void HealthDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant health = index.data(HealthRole);
    if (!health.isValid()) {
        TextDelegate::paint(painter, option, index);
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
    drawCellText(painter, r.adjusted(d + 6, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, styled.text, font,
                 Qt::ElideRight, Qt::LeftToRight);
    painter->restore();
}

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant data = index.data(SparklineRole);
    if (!data.isValid()) {
        TextDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem styled = option;
    initStyleOption(&styled, index);
    paintBackground(painter, styled);
    const QList<qreal> values = data.value<QList<qreal>>();
    if (values.size() < 2)
        return;
    const QRectF r = QRectF(option.rect).adjusted(3, 3, -40, -3);
    QPolygonF line;
    line.reserve(values.size());
    const double step = r.width() / double(values.size() - 1);
    for (qsizetype i = 0; i < values.size(); ++i)
        line.append(
            QPointF(r.left() + step * double(i), r.bottom() - r.height() * qBound(0.0, values[i], 100.0) / 100.0));
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    // One device pixel wide: the raster engine draws that with its cosmetic
    // stroker; a wider pen is stroked into a path and filled, ten times the cost.
    QPen pen(Theme::seriesColour(0), 1);
    pen.setCosmetic(true);
    painter->setPen(pen);
    painter->drawPolyline(line);
    painter->setPen(textColour(option));
    drawCellText(painter, QRect(int(r.right()) + 4, option.rect.top(), 36, option.rect.height()),
                 Qt::AlignVCenter | Qt::AlignRight, styled.text, styled.font, Qt::ElideNone, Qt::LeftToRight);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setWidth(qMax(s.width(), 140));
    return s;
}

} // namespace gpupool::ui
