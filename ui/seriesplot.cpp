#include "seriesplot.h"

#include <QEvent>
#include <QPainter>
#include <QPolygonF>
#include <cmath>

namespace gpupool::ui {

namespace {

constexpr int kYTicks = 5;
constexpr int kXTicks = 7;
constexpr int kMargin = 6;
constexpr int kLegendSwatch = 14;

QString number(double v)
{
    return QString::number(v, 'f', std::abs(v - std::round(v)) < 1e-9 ? 0 : 1);
}

} // namespace

SeriesPlot::SeriesPlot(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent); // we fill every pixel ourselves
    setBackgroundRole(QPalette::Base);
}

void SeriesPlot::setTitle(const QString &title)
{
    m_title = title;
    invalidateBackground();
}

void SeriesPlot::invalidateBackground()
{
    m_background = QPixmap();
    update();
}

void SeriesPlot::setXAxis(double left, const QString &title)
{
    m_left = left < 0 ? left : -1;
    m_xTitle = title;
    invalidateBackground();
}

void SeriesPlot::setYRange(double bottom, double top)
{
    m_bottom = bottom;
    m_top = top > bottom ? top : bottom + 1;
    invalidateBackground();
}

void SeriesPlot::setSeriesCount(int count)
{
    m_series.resize(qMax(0, count));
    invalidateBackground(); // the legend
}

void SeriesPlot::setSeries(int index, const QString &name, const QPen &pen, bool inLegend)
{
    m_series[index].name = name;
    m_series[index].pen = pen;
    m_series[index].inLegend = inLegend;
    invalidateBackground(); // the legend
}

void SeriesPlot::setPoints(int index, QList<QPointF> points)
{
    m_series[index].points = std::move(points);
    update();
}

void SeriesPlot::setThresholds(QList<QPair<double, QPen>> lines)
{
    m_thresholds = std::move(lines);
    update();
}

void SeriesPlot::setLegendVisible(bool visible)
{
    m_legend = visible;
    invalidateBackground();
}

void SeriesPlot::setAntialiased(bool on)
{
    m_antialiased = on;
    update();
}

void SeriesPlot::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        invalidateBackground();
    QWidget::changeEvent(event);
}

QRectF SeriesPlot::plotArea() const
{
    const QFontMetrics fm = fontMetrics();
    const int left = kMargin + fm.horizontalAdvance(QStringLiteral("100 %")) + 4;
    int right = kMargin + fm.horizontalAdvance(QLatin1Char('0')) / 2;
    if (m_legend) {
        int widest = 0;
        for (const Series &s : m_series)
            if (s.inLegend)
                widest = qMax(widest, fm.horizontalAdvance(s.name));
        right += qMin(widest, width() / 4) + kLegendSwatch + 10;
    }
    const int top = kMargin + (m_title.isEmpty() ? 0 : fm.height() + 4) + fm.height() / 2;
    const int bottom = kMargin + 2 * fm.height() + 6; // tick labels and the axis title
    return QRectF(left, top, qMax(10, width() - left - right), qMax(10, height() - top - bottom));
}

void SeriesPlot::paintEvent(QPaintEvent *)
{
    // Title, grid, labels and legend change only with the axes, the series'
    // names, the size or the palette: drawn once into a pixmap (text is most
    // of a plot's drawing cost), then each tick draws only the lines.
    const qreal dpr = devicePixelRatioF();
    if (m_background.isNull() || m_background.size() != size() * dpr || m_background.devicePixelRatio() != dpr) {
        m_background = QPixmap(size() * dpr);
        m_background.setDevicePixelRatio(dpr);
        QPainter bp(&m_background);
        paintBackground(bp);
    }
    QPainter p(this);
    p.drawPixmap(0, 0, m_background);

    const QRectF area = plotArea();
    const double xScale = area.width() / -m_left;
    const double yScale = area.height() / (m_top - m_bottom);
    auto toPixel = [&](const QPointF &v) {
        return QPointF(area.right() + v.x() * xScale, area.bottom() - (v.y() - m_bottom) * yScale);
    };
    p.setClipRect(area.toAlignedRect().adjusted(-1, -1, 1, 1)); // an integer rectangle clips cheapest
    p.setRenderHint(QPainter::Antialiasing, m_antialiased);
    QPolygonF line;
    QList<QLineF> segments;
    for (const Series &s : std::as_const(m_series)) {
        if (s.points.size() < 1)
            continue;
        line.resize(s.points.size());
        for (qsizetype i = 0; i < s.points.size(); ++i)
            line[i] = toPixel(s.points[i]);
        p.setPen(s.pen);
        if (line.size() == 1) {
            p.drawPoint(line.first());
        } else if (s.pen.widthF() == 0 || s.pen.style() != Qt::SolidLine) {
            // Hairlines (and dashes, which must run on along the line) take
            // the cosmetic stroker's fast path.
            p.drawPolyline(line);
        } else {
            // A wide pen strokes a polyline as one outline that overlaps
            // itself wherever the line zigzags, and filling that is
            // pathological (bench_ui: 415 ms for 16 series of 187 points);
            // segment by segment it is ~8 ms.
            segments.resize(line.size() - 1);
            for (qsizetype i = 1; i < line.size(); ++i)
                segments[i - 1] = QLineF(line[i - 1], line[i]);
            p.drawLines(segments);
        }
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    for (const auto &[value, pen] : std::as_const(m_thresholds)) {
        p.setPen(pen);
        const double y = area.bottom() - (value - m_bottom) * yScale;
        p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
    }
}

void SeriesPlot::paintBackground(QPainter &p) const
{
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    p.setFont(font());
    const QFontMetrics fm = fontMetrics();
    const QRectF area = plotArea();
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);

    if (!m_title.isEmpty()) {
        p.setPen(text);
        p.drawText(QRectF(0, kMargin, width(), fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                   fm.elidedText(m_title, Qt::ElideRight, width() - 2 * kMargin));
    }
    const double xScale = area.width() / -m_left;
    const double yScale = area.height() / (m_top - m_bottom);
    for (int i = 0; i < kYTicks; ++i) {
        const double v = m_bottom + (m_top - m_bottom) * i / (kYTicks - 1);
        const double y = area.bottom() - (v - m_bottom) * yScale;
        p.setPen(QPen(grid, 0));
        p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        p.setPen(text);
        p.drawText(QRectF(0, y - fm.height() / 2.0, area.left() - 4, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   tr("%1 %").arg(number(v)));
    }
    for (int i = 0; i < kXTicks; ++i) {
        const double v = m_left * (1.0 - double(i) / (kXTicks - 1));
        const double x = area.right() + v * xScale;
        p.setPen(QPen(grid, 0));
        p.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        p.setPen(text);
        p.drawText(QRectF(x - 40, area.bottom() + 2, 80, fm.height()), Qt::AlignHCenter | Qt::AlignTop, number(v));
    }
    p.drawText(QRectF(area.left(), area.bottom() + fm.height() + 4, area.width(), fm.height()),
               Qt::AlignHCenter | Qt::AlignTop, m_xTitle);

    if (m_legend) {
        const double x = area.right() + 10;
        double y = area.top();
        const int textWidth = int(width() - x - kLegendSwatch - 4 - kMargin);
        for (const Series &s : std::as_const(m_series)) {
            if (!s.inLegend)
                continue;
            if (y + fm.height() > height())
                break;
            p.setPen(s.pen);
            p.drawLine(QPointF(x, y + fm.height() / 2.0), QPointF(x + kLegendSwatch, y + fm.height() / 2.0));
            p.setPen(text);
            p.drawText(QRectF(x + kLegendSwatch + 4, y, textWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(s.name, Qt::ElideRight, textWidth));
            y += fm.height() + 2;
        }
    }
}

} // namespace gpupool::ui
