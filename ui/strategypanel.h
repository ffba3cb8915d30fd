#pragma once

#include <QHash>
#include <QWidget>

class QChart;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace gpupool::pool {
class Pool;
}

// For tuning: the active strategy, the balancer's metrics, and each
// endpoint's share of the grants of the last few minutes, over time, so an
// operator who switches strategy sees the effect live.
namespace gpupool::ui {

class StrategyPanel final : public QWidget
{
    Q_OBJECT

public:
    static constexpr qint64 ShareWindowMs = 5 * 60'000; // grants counted for a share
    static constexpr qint64 KeptMs = 15 * 60'000; // the chart's span

    explicit StrategyPanel(pool::Pool &pool, QWidget *parent = nullptr);

    // Samples the metrics now (once per tick).
    void refresh();
    QChart *chart() const { return m_chart; }
    QString metricsText() const;

private:
    QLineSeries *seriesFor(const QString &endpointId);

    pool::Pool &m_pool;
    qint64 m_startMs;
    QLabel *m_summary;
    QChart *m_chart;
    QValueAxis *m_x;
    QValueAxis *m_y;
    QHash<QString, QLineSeries *> m_series;
};

} // namespace gpupool::ui
