#include "strategypanel.h"

#include "theme.h"

#include "util/clock.h"
#include "pool/pool.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

namespace gpupool::ui {

StrategyPanel::StrategyPanel(pool::Pool &pool, QWidget *parent)
    : QWidget(parent)
    , m_pool(pool)
    , m_startMs(gpupool::SteadyClock::instance().nowMs())
    , m_summary(new QLabel(this))
    , m_chart(new QChart)
    , m_x(new QValueAxis(m_chart))
    , m_y(new QValueAxis(m_chart))
{
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_chart->setTitle(tr("Share of grants per endpoint (last %1 min)").arg(ShareWindowMs / 60'000));
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_y->setRange(0, 100);
    m_y->setLabelFormat(QStringLiteral("%d %%"));
    m_x->setRange(-double(KeptMs) / 60'000.0, 0);
    m_x->setTitleText(tr("minutes ago"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    auto *view = new QChartView(m_chart, this);
    view->setRenderHint(QPainter::Antialiasing, true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(view, 1);
}

QLineSeries *StrategyPanel::seriesFor(const QString &endpointId)
{
    if (QLineSeries *s = m_series.value(endpointId))
        return s;
    auto *s = new QLineSeries;
    s->setName(endpointId);
    s->setPen(QPen(Theme::seriesColour(int(m_series.size())), 2));
    m_chart->addSeries(s);
    s->attachAxis(m_x);
    s->attachAxis(m_y);
    m_series.insert(endpointId, s);
    return s;
}

QString StrategyPanel::metricsText() const
{
    const balance::BalancerMetrics &m = m_pool.balancerMetrics();
    QString text = tr("Active strategy: <b>%1</b> &nbsp; Decisions: %2 &nbsp; granted: %3 &nbsp; nothing free: %4")
                       .arg(m_pool.strategy())
                       .arg(m.requests)
                       .arg(m.successful)
                       .arg(m.failed);
    QStringList per;
    for (const QString &id : m_pool.endpointIds())
        per.append(id + QStringLiteral(": ") + QString::number(m.selectionsPerEndpoint.value(id)));
    if (!per.isEmpty())
        text += QStringLiteral("<br>") + tr("Grants since start: %1").arg(per.join(QStringLiteral(", ")));
    return text;
}

void StrategyPanel::refresh()
{
    const qint64 now = gpupool::SteadyClock::instance().nowMs();
    m_summary->setText(metricsText());
    const balance::BalancerMetrics &m = m_pool.balancerMetrics();
    QHash<QString, int> recent;
    int total = 0;
    for (const balance::SelectionRecord &r : m.lastSelections) {
        if (r.atMs < now - ShareWindowMs)
            continue;
        ++recent[r.endpointId];
        ++total;
    }
    const double x = 0;
    for (const QString &id : m_pool.endpointIds()) {
        QLineSeries *s = seriesFor(id);
        // Shift the kept points left by the time since the last tick, drop the old ones.
        QList<QPointF> points = s->points();
        const double shift = points.isEmpty() ? 0 : double(now - s->property("lastMs").toLongLong()) / 60'000.0;
        QList<QPointF> kept;
        kept.reserve(points.size() + 1);
        for (const QPointF &p : points)
            if (p.x() - shift >= -double(KeptMs) / 60'000.0)
                kept.append(QPointF(p.x() - shift, p.y()));
        kept.append(QPointF(x, total ? 100.0 * recent.value(id) / total : 0.0));
        s->replace(kept);
        s->setProperty("lastMs", now);
    }
}

} // namespace gpupool::ui
