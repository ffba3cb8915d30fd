#include "chartpanel.h"

#include "seriesplot.h"
#include "theme.h"

#include "history/historystore.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace gpupool::ui {

namespace {

QString windowName(qint64 ms)
{
    if (ms < 3'600'000)
        return ChartPanel::tr("%1 min").arg(ms / 60'000);
    return ChartPanel::tr("%1 h").arg(ms / 3'600'000);
}

// Hairlines (width 0): 1 px on every screen, drawn by the raster engine's
// cosmetic stroker, antialiased when the series are few (applyTheme). A 2 px
// antialiased pen goes through the general stroker instead: bench_ui measured
// the GPU chart at 1.73 ms a frame with it and 0.58 ms with hairlines.
QPen seriesPen(const QColor &colour, Qt::PenStyle style = Qt::SolidLine)
{
    QPen pen(colour, 0.0, style);
    pen.setCosmetic(true);
    return pen;
}

} // namespace

int ChartPanel::pointsPerSeries(int seriesCount)
{
    return qBound(MinPointsPerSeries, PointBudget / qMax(1, seriesCount), MaxPointsPerSeries);
}

QList<qint64> ChartPanel::windowChoicesMs()
{
    return { 60'000, 5 * 60'000, 15 * 60'000, 3'600'000, 24 * 3'600'000 };
}

ChartPanel::ChartPanel(QWidget *parent) : QWidget(parent)
{
    m_windowBox = new QComboBox(this);
    for (qint64 ms : windowChoicesMs())
        m_windowBox->addItem(windowName(ms), ms);
    m_windowBox->setCurrentIndex(1);
    m_windowBox->setToolTip(tr("Time window of the charts"));
    connect(m_windowBox, &QComboBox::currentIndexChanged, this, &ChartPanel::handleWindowChosen);

    m_pauseButton = new QToolButton(this);
    m_pauseButton->setCheckable(true);
    m_pauseButton->setText(tr("Pause charts"));
    m_pauseButton->setToolTip(tr("Freeze the charts (polling goes on)"));
    connect(m_pauseButton, &QToolButton::toggled, this, &ChartPanel::setPaused);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Window:"), this));
    bar->addWidget(m_windowBox);
    bar->addStretch(1);
    bar->addWidget(m_pauseButton);

    m_overview = new SeriesPlot(this);
    m_overview->setTitle(tr("Mean utilization per endpoint"));
    m_endpoint = new SeriesPlot(this);
    m_endpoint->setTitle(tr("GPUs of the selected endpoint: utilization, memory dashed"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_overview, 1);
    layout->addWidget(m_endpoint, 1);
    applyTheme();
    updateXAxis();
}

double ChartPanel::unitMs() const
{
    if (m_windowMs <= 5 * 60'000)
        return 1000.0;
    if (m_windowMs <= 3'600'000)
        return 60'000.0;
    return 3'600'000.0;
}

void ChartPanel::updateXAxis()
{
    const double unit = unitMs();
    const QString title = unit == 1000.0 ? tr("seconds ago") : unit == 60'000.0 ? tr("minutes ago") : tr("hours ago");
    for (SeriesPlot *plot : { m_overview, m_endpoint })
        plot->setXAxis(-double(m_windowMs) / unit, title);
}

void ChartPanel::handleWindowChosen(int index)
{
    setWindowMs(m_windowBox->itemData(index).toLongLong());
}

void ChartPanel::setWindowMs(qint64 ms)
{
    if (ms == m_windowMs)
        return;
    m_windowMs = ms;
    const int i = m_windowBox->findData(ms);
    if (i >= 0 && i != m_windowBox->currentIndex())
        m_windowBox->setCurrentIndex(i);
    updateXAxis();
    emit windowChanged(ms);
}

void ChartPanel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    m_pauseButton->setChecked(paused);
    m_pauseButton->setText(paused ? tr("Resume charts") : tr("Pause charts"));
    emit pausedChanged(paused);
}

void ChartPanel::setThresholds(const balance::Thresholds &thresholds)
{
    m_thresholds = thresholds;
    updateThresholds();
}

void ChartPanel::updateThresholds()
{
    const QPen util(Theme::thresholdColour(), 1.5, Qt::DashLine);
    const QPen memory(Theme::busyColour(), 1.5, Qt::DotLine);
    m_overview->setThresholds({ { m_thresholds.utilizationPercent, util } });
    m_endpoint->setThresholds({ { m_thresholds.utilizationPercent, util }, { m_thresholds.memoryPercent, memory } });
}

void ChartPanel::setEndpointIds(const QStringList &ids)
{
    if (ids == m_endpointIds)
        return;
    m_endpointIds = ids;
    m_overview->setSeriesCount(int(ids.size()));
    for (int i = 0; i < ids.size(); ++i)
        m_overview->setPoints(i, {}); // filled by the next refresh
    // Past a dozen the legend would take the chart's place; the table names them.
    m_overview->setLegendVisible(ids.size() <= 12);
    applyTheme();
}

QList<QPointF> ChartPanel::overviewPoints(const QString &endpointId) const
{
    const qsizetype i = m_endpointIds.indexOf(endpointId);
    return i < 0 ? QList<QPointF>() : m_overview->points(int(i));
}

void ChartPanel::setSelectedEndpoint(const QString &id)
{
    if (id == m_selected)
        return;
    m_selected = id;
    m_endpoint->setTitle(id.isEmpty() ? tr("GPUs of the selected endpoint: utilization, memory dashed")
                                      : tr("GPUs of %1: utilization, memory dashed").arg(id));
    rebuildEndpointSeries({});
}

void ChartPanel::rebuildEndpointSeries(const QList<int> &gpuIds)
{
    m_gpuIds = gpuIds;
    m_endpoint->setSeriesCount(int(gpuIds.size()) * 2);
    for (int i = 0; i < m_endpoint->seriesCount(); ++i)
        m_endpoint->setPoints(i, {});
    // One legend entry per GPU (the title explains the dashed memory twin),
    // up to 8 GPUs; beyond that the legend would crowd out the lines.
    m_endpoint->setLegendVisible(!gpuIds.isEmpty() && gpuIds.size() <= 8);
    applyTheme();
}

void ChartPanel::applyTheme()
{
    const int overviewCount = int(m_endpointIds.size());
    for (int i = 0; i < overviewCount; ++i)
        m_overview->setSeries(i, m_endpointIds[i], seriesPen(Theme::seriesColour(i)));
    const int gpuSeries = int(m_gpuIds.size()) * 2;
    for (int i = 0; i < m_gpuIds.size(); ++i) {
        const QColor c = Theme::seriesColour(i);
        m_endpoint->setSeries(2 * i, tr("GPU %1").arg(m_gpuIds[i]), seriesPen(c));
        m_endpoint->setSeries(2 * i + 1, tr("GPU %1 memory").arg(m_gpuIds[i]), seriesPen(c, Qt::DashLine), false);
    }
    m_overview->setAntialiased(overviewCount <= SmoothSeriesLimit);
    m_endpoint->setAntialiased(gpuSeries <= SmoothSeriesLimit);
    updateThresholds();
}

void ChartPanel::refresh(qint64 nowMs)
{
    if (m_paused || !m_history)
        return;
    ++m_refreshes;
    const double unit = unitMs();
    const qint64 since = nowMs - m_windowMs;
    auto toChart = [nowMs, unit](QList<QPointF> points) -> QList<QPointF> {
        for (QPointF &p : points)
            p.setX((p.x() - double(nowMs)) / unit);
        return points;
    };
    const int overviewPoints = pointsPerSeries(int(m_endpointIds.size()));
    for (int i = 0; i < m_endpointIds.size(); ++i) {
        const history::EndpointHistory *h = m_history->endpoint(m_endpointIds[i]);
        m_overview->setPoints(
            i,
            h ? toChart(h->endpointSeries(history::EndpointMetric::AverageUtilization, since, overviewPoints))
              : QList<QPointF>());
    }

    const history::EndpointHistory *selected = m_selected.isEmpty() ? nullptr : m_history->endpoint(m_selected);
    const QList<int> gpuIds = selected ? selected->gpuIds() : QList<int>();
    if (gpuIds != m_gpuIds)
        rebuildEndpointSeries(gpuIds);
    const int gpuPoints = pointsPerSeries(int(gpuIds.size()) * 2);
    for (int i = 0; i < gpuIds.size(); ++i) {
        m_endpoint->setPoints(
            2 * i, toChart(selected->gpuSeries(gpuIds[i], history::GpuMetric::UtilizationPercent, since, gpuPoints)));
        m_endpoint->setPoints(
            2 * i + 1, toChart(selected->gpuSeries(gpuIds[i], history::GpuMetric::MemoryPercent, since, gpuPoints)));
    }
}

} // namespace gpupool::ui
