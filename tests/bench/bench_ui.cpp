// bench_ui: the console's main-thread cost, offscreen.
//
//  1. tick: 256 endpoints x 8 GPUs. One tick = new rows for every endpoint and
//     GPU (every GPU's numbers change: the worst case) applied to the
//     endpoints and GPUs models (behind the console's proxies and views: the
//     GPUs grouped by endpoint), a history sample per endpoint, the charts
//     refreshed from the history, and the window rendered (QWidget::grab).
//     Budget: 8 ms. Measured twice: with the console's default sort (by GPU)
//     and sorted by utilization, where every tick reorders all GPUs.
//  2. repaint: the chart panel with 64 endpoint series over a full 1 h window
//     (1 sample/s), refreshed from the history and rendered. Budget: 16 ms.
//
// The style is the console's (Theme::apply, as app/console does at start).
// Prints median, p95 and max of wall time and of this thread's CPU time.
// Never fails on a timing (CONTRIBUTING.md).
//
//   QT_QPA_PLATFORM=offscreen bench_ui [--ticks 60] [--endpoints 256] [--gpus 8] [--series 64]
//                                      [--gpu-sort gpu|utilization|both]

#include "ui/chartpanel.h"
#include "ui/endpointsmodel.h"
#include "ui/filterproxies.h"
#include "ui/gpugroupproxy.h"
#include "ui/gputreeview.h"
#include "ui/theme.h"
#include "ui/gpusmodel.h"
#include "ui/delegates.h"
#include "ui/poolpresenter.h"

#include "history/historystore.h"
#include "pool/poolstatus.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QSysInfo>
#include <QTableView>
#include <QThread>
#include <QTreeView>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

using namespace gpupool;
using namespace gpupool::ui;

namespace {

double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double wallMs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct Figures
{
    QList<double> wall, cpu;
    void add(double w, double c) { wall.append(w), cpu.append(c); }
    static double pct(QList<double> v, double p)
    {
        std::sort(v.begin(), v.end());
        return v.isEmpty() ? 0 : v.at(qMin(v.size() - 1, qsizetype(std::ceil(p * double(v.size())) - 1)));
    }
    void print(const char *what, double budget) const
    {
        std::printf("%-44s wall ms: median %6.2f  p95 %6.2f  max %6.2f | thread CPU ms: median %6.2f  p95 %6.2f"
                    "  (budget %.0f ms)\n",
                    what, pct(wall, 0.5), pct(wall, 0.95), pct(wall, 1.0), pct(cpu, 0.5), pct(cpu, 0.95), budget);
    }
};

// A deterministic wobble per GPU and tick, like a busy cluster.
double load(int endpoint, int gpu, int tick)
{
    return 50.0 + 45.0 * std::sin(0.37 * endpoint + 1.3 * gpu + 0.21 * tick);
}

void record(history::HistoryStore &store, const QString &id, int e, int gpus, int tick, qint64 atMs)
{
    QList<history::GpuLoad> samples;
    double sum = 0;
    for (int g = 0; g < gpus; ++g) {
        const double u = load(e, g, tick);
        sum += u;
        samples.append({ g, 30.0 + 0.5 * u, u });
    }
    history::EndpointSample s;
    s.atMs = atMs;
    s.responseMs = 3;
    s.health = 1;
    s.averageUtilization = sum / gpus;
    store.record(id, s, samples);
}

void benchTick(int endpoints, int gpus, int ticks, int gpuSortColumn)
{
    history::HistoryStore store(3'600'000, 1'000);
    QStringList ids;
    for (int e = 0; e < endpoints; ++e)
        ids.append(QStringLiteral("node%1").arg(e, 3, 10, QLatin1Char('0')));
    // Five minutes already seen, so sparklines and charts have something to read.
    qint64 now = 1'000'000'000;
    for (int t = -300; t < 0; ++t)
        for (int e = 0; e < endpoints; ++e)
            record(store, ids[e], e, gpus, t, now + t * 1000LL);

    // The views as MainWindow::buildViews() sets them up: the endpoints in a
    // table in configuration order, the GPUs in a tree grouped by endpoint
    // (GpuGroupProxy over the filter proxy), every group expanded. The GPUs
    // are sorted by utilization, the worst case an operator can pick: every
    // tick reorders the GPUs inside their groups.
    QWidget window;
    window.resize(1280, 800);
    EndpointsModel endpointsModel;
    GpusModel gpusModel;
    TextFilterProxy endpointProxy;
    endpointProxy.setSourceModel(&endpointsModel);
    GpuFilterProxy gpuProxy;
    gpuProxy.setSourceModel(&gpusModel);
    GpuGroupProxy gpuGroups;
    gpuGroups.setSourceModel(&gpuProxy);
    gpuGroups.setGroupOrder(ids);
    auto *endpointsView = new QTableView(&window);
    endpointsView->setModel(&endpointProxy);
    endpointsView->setItemDelegate(new TextDelegate(endpointsView));
    endpointsView->setSortingEnabled(true);
    endpointsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    endpointsView->setSelectionMode(QAbstractItemView::SingleSelection);
    endpointsView->setAlternatingRowColors(true);
    endpointsView->setWordWrap(false);
    endpointsView->verticalHeader()->hide();
    endpointsView->verticalHeader()->setDefaultSectionSize(endpointsView->fontMetrics().height() + 10);
    endpointsView->horizontalHeader()->setStretchLastSection(true);
    endpointsView->setItemDelegateForColumn(EndpointsModel::State, new HealthDelegate(endpointsView));
    endpointsView->setItemDelegateForColumn(EndpointsModel::Utilization, new SparklineDelegate(endpointsView));
    endpointsView->sortByColumn(-1, Qt::AscendingOrder);
    endpointsView->setColumnWidth(EndpointsModel::Id, 120);
    endpointsView->setColumnWidth(EndpointsModel::State, 150);
    endpointsView->setColumnWidth(EndpointsModel::Utilization, 150);
    for (int c : { EndpointsModel::Gpus, EndpointsModel::Leases, EndpointsModel::Response, EndpointsModel::LastSeen })
        endpointsView->setColumnWidth(c, 80);
    auto *gpusView = new GpuTreeView(&window);
    gpusView->setModel(&gpuGroups);
    gpusView->setItemDelegate(new TextDelegate(gpusView));
    gpusView->setSortingEnabled(true);
    gpusView->setSelectionBehavior(QAbstractItemView::SelectRows);
    gpusView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    gpusView->setAllColumnsShowFocus(true);
    gpusView->setAlternatingRowColors(true);
    gpusView->setUniformRowHeights(true);
    gpusView->setWordWrap(false);
    gpusView->header()->setStretchLastSection(true);
    auto *bars = new PercentBarDelegate(gpusView);
    gpusView->setItemDelegateForColumn(GpusModel::Memory, bars);
    gpusView->setItemDelegateForColumn(GpusModel::Utilization, bars);
    gpusView->sortByColumn(gpuSortColumn,
                           gpuSortColumn == GpusModel::Utilization ? Qt::DescendingOrder : Qt::AscendingOrder);
    gpusView->setColumnWidth(GpusModel::Gpu, 140);
    gpusView->setColumnWidth(GpusModel::Model, 215);
    gpusView->setColumnWidth(GpusModel::Temperature, 60);
    gpusView->setColumnWidth(GpusModel::Power, 60);
    gpusView->setColumnWidth(GpusModel::Status, 140);
    gpusView->setColumnWidth(GpusModel::Memory, 110);
    gpusView->setColumnWidth(GpusModel::Utilization, 110);
    gpusView->setColumnHidden(GpusModel::Endpoint, true);
    // As MainWindow::expandGpuGroups(), on every layout change of the groups.
    const auto expandGroups = [&] {
        for (int g = 0; g < gpuGroups.rowCount(); ++g)
            gpusView->setExpanded(gpuGroups.index(g, 0), true);
    };
    QObject::connect(&gpuGroups, &QAbstractItemModel::layoutChanged, gpusView, expandGroups);
    QObject::connect(&gpuGroups, &QAbstractItemModel::modelReset, gpusView, expandGroups);
    auto *charts = new ChartPanel(&window);
    charts->setHistory(&store);
    charts->setEndpointIds(ids);
    charts->setSelectedEndpoint(ids.first());
    auto *layout = new QHBoxLayout(&window);
    auto *left = new QVBoxLayout;
    left->addWidget(endpointsView, 2); // the console's splitter: 200 : 560
    left->addWidget(gpusView, 5);
    layout->addLayout(left, 3);
    layout->addWidget(charts, 2);
    window.show();

    Figures f, rows, models, endpointModels, gpuModels, chartFigures, render;
    for (int tick = 0; tick < ticks + 3; ++tick) {
        now += 1000;
        for (int e = 0; e < endpoints; ++e)
            record(store, ids[e], e, gpus, tick, now); // the Pool's poll does this; not the tick's cost
        const double w0 = wallMs(), c0 = threadCpuMs();
        QList<EndpointRow> endpointRows;
        QList<GpuRow> gpuRows;
        endpointRows.reserve(endpoints);
        gpuRows.reserve(qsizetype(endpoints) * gpus);
        for (int e = 0; e < endpoints; ++e) {
            pool::EndpointInfo info;
            info.id = ids[e];
            info.url = QUrl(QStringLiteral("http://10.0.0.1:%1").arg(8000 + e));
            info.health = endpoint::Health::Healthy;
            info.totalGpus = gpus;
            info.availableGpus = (e + tick) % (gpus + 1);
            info.responseTimeMs = 3 + (tick % 5);
            info.lastSeenAgeMs = 200;
            endpointRows.append(EndpointRow::from(info, -1, PoolPresenter::sparkline(store, ids[e], now)));
            for (int g = 0; g < gpus; ++g) {
                pool::GpuInfo gpu;
                gpu.endpointId = ids[e];
                gpu.localId = g;
                gpu.globalId = gpu.gpuId = ids[e] + QLatin1Char(':') + QString::number(g);
                gpu.name = QStringLiteral("NVIDIA H100 80GB HBM3");
                gpu.memoryTotalMb = 81'559;
                gpu.utilizationPercent = load(e, g, tick);
                gpu.memoryPercent = 30 + 0.5 * gpu.utilizationPercent;
                gpu.temperatureC = 40 + gpu.utilizationPercent / 4;
                gpu.powerDrawW = 100 + 6 * gpu.utilizationPercent;
                gpu.underThresholds = gpu.utilizationPercent < 90 && gpu.memoryPercent < 80;
                gpu.assignable = gpu.underThresholds;
                gpuRows.append(GpuRow::from(gpu, true, QStringLiteral("me@host")));
            }
        }
        const double cRows = threadCpuMs();
        endpointsModel.setRows(endpointRows);
        const double cEndpoints = threadCpuMs();
        gpusModel.setRows(gpuRows);
        const double cModels = threadCpuMs();
        charts->refresh(now);
        const double cCharts = threadCpuMs();
        const QPixmap shot = window.grab(); // the render a visible window would do
        const double w1 = wallMs(), c1 = threadCpuMs();
        if (tick >= 3) { // the first ticks build rows and series from nothing
            f.add(w1 - w0, c1 - c0);
            rows.add(0, cRows - c0);
            models.add(0, cModels - cRows);
            endpointModels.add(0, cEndpoints - cRows);
            gpuModels.add(0, cModels - cEndpoints);
            chartFigures.add(0, cCharts - cModels);
            render.add(0, c1 - cCharts);
        }
        Q_UNUSED(shot);
    }
    f.print(qPrintable(QStringLiteral("tick: %1 endpoints x %2 GPUs%3")
                           .arg(endpoints)
                           .arg(gpus)
                           .arg(gpuSortColumn == GpusModel::Utilization ? QStringLiteral(", by util.")
                                                                        : QStringLiteral(", by GPU"))),
            8);
    // Where the render goes, widget by widget (median of five more frames each).
    const auto renderMs = [](QWidget *w) {
        QList<double> ms;
        for (int i = 0; i < 5; ++i) {
            const double c = threadCpuMs();
            (void)w->grab();
            ms.append(threadCpuMs() - c);
        }
        return Figures::pct(ms, 0.5);
    };
    const double chartsMs = renderMs(charts);
    const double gpusMs = renderMs(gpusView);
    const double endpointsMs = renderMs(endpointsView);
    std::printf("  render by widget (thread CPU ms, one frame): charts %.2f, GPUs tree %.2f, endpoints table %.2f\n",
                chartsMs, gpusMs, endpointsMs);
    std::printf("  of which (thread CPU ms, median): rows from the Pool's values %.2f, models %.2f (endpoints %.2f,"
                " GPUs %.2f), charts %.2f, render %.2f\n",
                Figures::pct(rows.cpu, 0.5), Figures::pct(models.cpu, 0.5), Figures::pct(endpointModels.cpu, 0.5),
                Figures::pct(gpuModels.cpu, 0.5), Figures::pct(chartFigures.cpu, 0.5), Figures::pct(render.cpu, 0.5));
}

void benchRepaint(int series, int repeats)
{
    history::HistoryStore store(3'600'000, 1'000);
    QStringList ids;
    qint64 now = 1'000'000'000;
    for (int e = 0; e < series; ++e)
        ids.append(QStringLiteral("node%1").arg(e, 2, 10, QLatin1Char('0')));
    for (int t = -3600; t <= 0; ++t)
        for (int e = 0; e < series; ++e)
            record(store, ids[e], e, 8, t, now + t * 1000LL);
    ChartPanel charts;
    charts.resize(520, 760);
    charts.setHistory(&store);
    charts.setEndpointIds(ids);
    charts.setSelectedEndpoint(ids.first());
    charts.setWindowMs(3'600'000);
    charts.show();
    Figures f;
    for (int i = 0; i < repeats + 2; ++i) {
        now += 1000;
        for (int e = 0; e < series; ++e)
            record(store, ids[e], e, 8, 3600 + i, now);
        const double w0 = wallMs(), c0 = threadCpuMs();
        charts.refresh(now);
        const QPixmap shot = charts.grab();
        const double w1 = wallMs(), c1 = threadCpuMs();
        if (i >= 2)
            f.add(w1 - w0, c1 - c0);
        Q_UNUSED(shot);
    }
    f.print(qPrintable(QStringLiteral("repaint: 1 h window, %1 series (+16 GPU)").arg(series)), 16);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    ui::Theme::apply(ui::ThemeChoice::System); // the console's default, as app/console does
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The console's main-thread cost per tick and per chart repaint."));
    parser.addHelpOption();
    const QCommandLineOption ticks(QStringLiteral("ticks"), QStringLiteral("Ticks measured (default 60)."),
                                   QStringLiteral("N"), QStringLiteral("60"));
    const QCommandLineOption endpoints(QStringLiteral("endpoints"), QStringLiteral("Endpoints (default 256)."),
                                       QStringLiteral("N"), QStringLiteral("256"));
    const QCommandLineOption gpus(QStringLiteral("gpus"), QStringLiteral("GPUs per endpoint (default 8)."),
                                  QStringLiteral("N"), QStringLiteral("8"));
    const QCommandLineOption series(QStringLiteral("series"),
                                    QStringLiteral("Endpoint series in the 1 h chart (default 64)."),
                                    QStringLiteral("N"), QStringLiteral("64"));
    const QCommandLineOption gpuSort(QStringLiteral("gpu-sort"),
                                     QStringLiteral("The GPUs' sort: gpu (the console's default), utilization (every "
                                                    "tick reorders them) or both (default: one after the other)."),
                                     QStringLiteral("COLUMN"), QStringLiteral("both"));
    parser.addOptions({ ticks, endpoints, gpus, series, gpuSort });
    parser.process(app);
    std::printf("bench_ui on %s, %d CPUs, Qt %s, platform %s\n", qPrintable(QSysInfo::prettyProductName()),
                QThread::idealThreadCount(), qVersion(), qPrintable(QGuiApplication::platformName()));
    const QString sort = parser.value(gpuSort);
    QList<int> sortColumns;
    if (sort != QLatin1String("utilization"))
        sortColumns.append(int(GpusModel::Gpu));
    if (sort != QLatin1String("gpu"))
        sortColumns.append(int(GpusModel::Utilization));
    for (int column : sortColumns)
        benchTick(parser.value(endpoints).toInt(), parser.value(gpus).toInt(), parser.value(ticks).toInt(), column);
    benchRepaint(parser.value(series).toInt(), parser.value(ticks).toInt());
    return 0;
}
