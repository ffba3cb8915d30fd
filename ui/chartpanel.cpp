#include "chartpanel.h"

#include "theme.h"

#include "history/historystore.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QToolButton>
#include <QValueAxis>
#include <QVBoxLayout>

namespace gpupool::ui {

namespace {

QString windowName(qint64 ms)
{
    if (ms < 3'600'000)
        return ChartPanel::tr("%1 min").arg(ms / 60'000);
    return ChartPanel::tr("%1 h").arg(ms / 3'600'000);
}

// Thresholds are explained by their colour and the title; the legend is for series.
void hideFromLegend(QChart *chart, QLineSeries *series)
{
    for (QLegendMarker *marker : chart->legend()->markers(series))
        marker->setVisible(false);
}

QChartView *makeView(QChart *chart, QWidget *parent)
{
    chart->setMargins(QMargins(4, 4, 4, 4));
    // Right: a bottom legend shares the width between entries and elides every name.
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setAnimationOptions(QChart::NoAnimation); // a tick is not an event to animate
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing, true);
    view->setMinimumHeight(160);
    return view;
}

QPen seriesPen(const QColor &colour, int seriesCount, Qt::PenStyle style = Qt::SolidLine)
{
    QPen pen(colour, seriesCount <= ChartPanel::SmoothSeriesLimit ? 2.0 : 1.0, style);
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
    return {60'000, 5 * 60'000, 15 * 60'000, 3'600'000, 24 * 3'600'000};
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

    m_overview = new QChart;
    m_overview->setTitle(tr("Mean utilization per endpoint"));
    m_overviewX = new QValueAxis(m_overview);
    m_overviewY = new QValueAxis(m_overview);
    setAxes(m_overview, m_overviewX, m_overviewY);
    m_overviewThreshold = new QLineSeries(m_overview);
    m_overviewThreshold->setName(tr("utilization threshold"));
    m_overview->addSeries(m_overviewThreshold);
    m_overviewThreshold->attachAxis(m_overviewX);
    m_overviewThreshold->attachAxis(m_overviewY);
    hideFromLegend(m_overview, m_overviewThreshold);

    m_endpoint = new QChart;
    m_endpoint->setTitle(tr("GPUs of the selected endpoint: utilization, memory dashed"));
    m_endpointX = new QValueAxis(m_endpoint);
    m_endpointY = new QValueAxis(m_endpoint);
    setAxes(m_endpoint, m_endpointX, m_endpointY);
    m_utilThreshold = new QLineSeries(m_endpoint);
    m_utilThreshold->setName(tr("utilization threshold"));
    m_memoryThreshold = new QLineSeries(m_endpoint);
    m_memoryThreshold->setName(tr("memory threshold"));
    for (QLineSeries *s : {m_utilThreshold, m_memoryThreshold}) {
        m_endpoint->addSeries(s);
        s->attachAxis(m_endpointX);
        s->attachAxis(m_endpointY);
        hideFromLegend(m_endpoint, s);
    }

    m_overviewView = makeView(m_overview, this);
    m_endpointView = makeView(m_endpoint, this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_overviewView, 1);
    layout->addWidget(m_endpointView, 1);
    applyTheme();
    updateXAxis();
}

void ChartPanel::setAxes(QChart *chart, QValueAxis *x, QValueAxis *y)
{
    y->setRange(0, 100);
    y->setLabelFormat(QStringLiteral("%d %%"));
    y->setTickCount(5);
    x->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
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
    for (QValueAxis *x : {m_overviewX, m_endpointX}) {
        x->setRange(-double(m_windowMs) / unit, 0);
        x->setTitleText(title);
        x->setTickCount(7);
    }
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
}

void ChartPanel::setEndpointIds(const QStringList &ids)
{
    if (ids == m_endpointIds)
        return;
    for (auto it = m_overviewSeries.begin(); it != m_overviewSeries.end();) {
        if (ids.contains(it.key())) {
            ++it;
            continue;
        }
        m_overview->removeSeries(it.value());
        delete it.value();
        it = m_overviewSeries.erase(it);
    }
    for (const QString &id : ids) {
        if (m_overviewSeries.contains(id))
            continue;
        auto *series = new QLineSeries;
        series->setName(id);
        m_overview->addSeries(series);
        series->attachAxis(m_overviewX);
        series->attachAxis(m_overviewY);
        m_overviewSeries.insert(id, series);
    }
    m_endpointIds = ids;
    // Past a dozen the legend would take the chart's place; the table names them.
    m_overview->legend()->setVisible(ids.size() <= 12);
    applyTheme();
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
    for (QLineSeries *s : std::as_const(m_gpuUtil))
        m_endpoint->removeSeries(s), delete s;
    for (QLineSeries *s : std::as_const(m_gpuMemory))
        m_endpoint->removeSeries(s), delete s;
    m_gpuUtil.clear();
    m_gpuMemory.clear();
    m_gpuIds = gpuIds;
    for (int i = 0; i < gpuIds.size(); ++i) {
        const int gpu = gpuIds[i];
        auto *util = new QLineSeries;
        util->setName(tr("GPU %1").arg(gpu));
        auto *memory = new QLineSeries;
        memory->setName(tr("GPU %1 memory").arg(gpu));
        for (QLineSeries *s : {util, memory}) {
            m_endpoint->addSeries(s);
            s->attachAxis(m_endpointX);
            s->attachAxis(m_endpointY);
        }
        m_gpuUtil.insert(gpu, util);
        m_gpuMemory.insert(gpu, memory);
        // One legend entry per GPU: the dashed twin is explained by the title.
        hideFromLegend(m_endpoint, memory);
    }
    applyTheme();
}

void ChartPanel::applyTheme()
{
    const QPalette pal = palette();
    for (QChart *chart : {m_overview, m_endpoint}) {
        chart->setBackgroundBrush(pal.color(QPalette::Base));
        chart->setTitleBrush(pal.color(QPalette::Text));
        chart->legend()->setLabelColor(pal.color(QPalette::Text));
    }
    for (QValueAxis *axis : {m_overviewX, m_overviewY, m_endpointX, m_endpointY}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.color(QPalette::Text));
        QColor grid = pal.color(QPalette::Text);
        grid.setAlpha(40);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    for (QLineSeries *t : {m_overviewThreshold, m_utilThreshold})
        t->setPen(QPen(Theme::thresholdColour(), 1.5, Qt::DashLine));
    m_memoryThreshold->setPen(QPen(Theme::busyColour(), 1.5, Qt::DotLine));
    const int overviewCount = int(m_endpointIds.size());
    for (int i = 0; i < overviewCount; ++i)
        if (QLineSeries *s = m_overviewSeries.value(m_endpointIds[i]))
            s->setPen(seriesPen(Theme::seriesColour(i), overviewCount));
    const int gpuSeries = int(m_gpuIds.size()) * 2;
    for (int i = 0; i < m_gpuIds.size(); ++i) {
        const QColor c = Theme::seriesColour(i);
        if (QLineSeries *s = m_gpuUtil.value(m_gpuIds[i]))
            s->setPen(seriesPen(c, gpuSeries));
        if (QLineSeries *s = m_gpuMemory.value(m_gpuIds[i])) {
            QPen pen = seriesPen(c, gpuSeries, Qt::DashLine);
            pen.setWidthF(1.0);
            s->setPen(pen);
        }
    }
    updateRendering();
}

void ChartPanel::updateRendering()
{
    m_overviewView->setRenderHint(QPainter::Antialiasing, m_endpointIds.size() <= SmoothSeriesLimit);
    m_endpointView->setRenderHint(QPainter::Antialiasing, m_gpuIds.size() * 2 <= SmoothSeriesLimit);
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
    const double left = -double(m_windowMs) / unit;
    const int overviewPoints = pointsPerSeries(int(m_overviewSeries.size()));
    m_overviewThreshold->replace({QPointF(left, m_thresholds.utilizationPercent), QPointF(0, m_thresholds.utilizationPercent)});
    m_utilThreshold->replace({QPointF(left, m_thresholds.utilizationPercent), QPointF(0, m_thresholds.utilizationPercent)});
    m_memoryThreshold->replace({QPointF(left, m_thresholds.memoryPercent), QPointF(0, m_thresholds.memoryPercent)});

    for (auto it = m_overviewSeries.cbegin(); it != m_overviewSeries.cend(); ++it) {
        const history::EndpointHistory *h = m_history->endpoint(it.key());
        it.value()->replace(h ? toChart(h->endpointSeries(history::EndpointMetric::AverageUtilization, since,
                                                          overviewPoints))
                              : QList<QPointF>());
    }

    const history::EndpointHistory *selected = m_selected.isEmpty() ? nullptr : m_history->endpoint(m_selected);
    const QList<int> gpuIds = selected ? selected->gpuIds() : QList<int>();
    if (gpuIds != m_gpuIds)
        rebuildEndpointSeries(gpuIds);
    const int gpuPoints = pointsPerSeries(int(gpuIds.size()) * 2);
    for (int gpu : gpuIds) {
        m_gpuUtil.value(gpu)->replace(
            toChart(selected->gpuSeries(gpu, history::GpuMetric::UtilizationPercent, since, gpuPoints)));
        m_gpuMemory.value(gpu)->replace(
            toChart(selected->gpuSeries(gpu, history::GpuMetric::MemoryPercent, since, gpuPoints)));
    }
}

} // namespace gpupool::ui
