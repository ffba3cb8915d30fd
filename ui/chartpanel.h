#pragma once

#include "balance/endpointview.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QToolButton;

namespace gpupool::history {
class HistoryStore;
}

// The live charts, read from the history (core/history) on each tick: mean
// utilization per endpoint (one series each) and, for the selected endpoint,
// utilization (solid) and memory (dashed) per GPU, with the thresholds as
// lines. Windows of 1 min to 24 h; long windows are thinned to at most
// MaxPointsPerSeries points per series (a chart is a few hundred pixels wide).
// Both charts are SeriesPlots (painted directly, seriesplot.h says why not
// Qt Charts).
namespace gpupool::ui {

class SeriesPlot;

class ChartPanel final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int MaxPointsPerSeries = 300;
    // Points drawn per chart, shared between its series: drawing cost grows
    // with segments, and 256 lines of 300 points are no more readable than
    // 256 lines of 30.
    static constexpr int PointBudget = 3'000;
    static constexpr int MinPointsPerSeries = 12;
    // Up to this many series a chart's lines are antialiased; above it they
    // are aliased, which is cheaper and no less readable in a crowd.
    static constexpr int SmoothSeriesLimit = 16;
    static int pointsPerSeries(int seriesCount);
    static QList<qint64> windowChoicesMs();

    explicit ChartPanel(QWidget *parent = nullptr);

    // Not owned; must outlive the panel (the Pool's history does).
    void setHistory(const history::HistoryStore *history) { m_history = history; }
    void setEndpointIds(const QStringList &ids);
    void setSelectedEndpoint(const QString &id);
    QString selectedEndpoint() const { return m_selected; }
    void setThresholds(const balance::Thresholds &thresholds);

    void setWindowMs(qint64 ms);
    qint64 windowMs() const { return m_windowMs; }
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    // Reads the history up to `nowMs` (the history's monotonic clock) into
    // the series; nothing while paused.
    void refresh(qint64 nowMs);
    // Re-colours after a theme change.
    void applyTheme();

    SeriesPlot *overviewChart() const { return m_overview; }
    SeriesPlot *endpointChart() const { return m_endpoint; }
    // What the overview shows for one endpoint (x in "units ago"); empty
    // for an unknown one.
    QList<QPointF> overviewPoints(const QString &endpointId) const;
    int refreshCount() const { return m_refreshes; }

signals:
    void windowChanged(qint64 ms);
    void pausedChanged(bool paused);

private:
    void handleWindowChosen(int index);
    void rebuildEndpointSeries(const QList<int> &gpuIds);
    void updateXAxis();
    void updateThresholds();
    double unitMs() const;

    const history::HistoryStore *m_history = nullptr;
    QStringList m_endpointIds;
    QString m_selected;
    balance::Thresholds m_thresholds;
    qint64 m_windowMs = 5 * 60'000;
    bool m_paused = false;
    int m_refreshes = 0;

    QComboBox *m_windowBox = nullptr;
    QToolButton *m_pauseButton = nullptr;
    SeriesPlot *m_overview = nullptr;
    SeriesPlot *m_endpoint = nullptr;
    QList<int> m_gpuIds; // the endpoint chart's series: 2i utilization, 2i+1 memory of m_gpuIds[i]
};

} // namespace gpupool::ui
