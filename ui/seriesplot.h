#pragma once

#include <QList>
#include <QPen>
#include <QPixmap>
#include <QPointF>
#include <QString>
#include <QWidget>

// A line plot drawn with QPainter, for charts whose series count grows with
// the cluster (one series per endpoint). Qt Charts keeps a QGraphicsItem per
// series and re-lays them out on every replace(): with 256 series that cost
// more than the whole tick budget (bench_ui). Here a refresh only swaps
// point lists and a paint draws one polyline per series. Fixed y range
// (percent), x in "units ago" (negative to 0), dashed threshold lines, an
// optional legend; nothing interactive.
namespace gpupool::ui {

class SeriesPlot final : public QWidget
{
    Q_OBJECT

public:
    explicit SeriesPlot(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    // x from `left` (negative) to 0, labelled with `title` ("seconds ago").
    void setXAxis(double left, const QString &title);
    void setYRange(double bottom, double top);

    // Series are addressed by index; setSeriesCount keeps the first ones.
    void setSeriesCount(int count);
    int seriesCount() const { return int(m_series.size()); }
    // `inLegend` false: drawn but not listed (a GPU's dashed memory twin).
    void setSeries(int index, const QString &name, const QPen &pen, bool inLegend = true);
    void setPoints(int index, QList<QPointF> points);
    const QList<QPointF> &points(int index) const { return m_series.at(index).points; }
    QString seriesName(int index) const { return m_series.at(index).name; }

    void setThresholds(QList<QPair<double, QPen>> lines);
    void setLegendVisible(bool visible);
    // Antialiased lines for a few series; many are drawn aliased, which is
    // several times cheaper and no less readable at 1 px.
    void setAntialiased(bool on);

    QSize minimumSizeHint() const override { return { 200, 160 }; }
    QSize sizeHint() const override { return { 480, 260 }; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Series
    {
        QString name;
        QPen pen;
        QList<QPointF> points;
        bool inLegend = true;
    };
    QRectF plotArea() const;
    void invalidateBackground();
    void paintBackground(QPainter &painter) const;

    QString m_title;
    QString m_xTitle;
    double m_left = -300;
    double m_bottom = 0, m_top = 100;
    QList<Series> m_series;
    QList<QPair<double, QPen>> m_thresholds;
    bool m_legend = false;
    bool m_antialiased = true;
    QPixmap m_background; // everything but the lines and thresholds
};

} // namespace gpupool::ui
