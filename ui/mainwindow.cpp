#include "mainwindow.h"

#include "chartpanel.h"
#include "delegates.h"
#include "endpointsmodel.h"
#include "eventlogmodel.h"
#include "filterproxies.h"
#include "gpugroupproxy.h"
#include "gputreeview.h"
#include "gpusmodel.h"
#include "leasesmodel.h"
#include "waitingmodel.h"
#include "poolpresenter.h"
#include "processesmodel.h"
#include "roles.h"
#include "strategypanel.h"
#include "theme.h"
#include "traynotifier.h"
#include "keyring/keychainsecretstore.h"

#include "util/clock.h"
#include "pool/pool.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDateTime>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace gpupool::ui {

namespace {

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent, const QString &name)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setItemDelegate(new TextDelegate(view));
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

QTreeView *makeTree(QAbstractItemModel *model, QWidget *parent, const QString &name)
{
    auto *view = new GpuTreeView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setItemDelegate(new TextDelegate(view));
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setAllColumnsShowFocus(true);
    view->setAlternatingRowColors(true);
    view->setUniformRowHeights(true);
    view->setWordWrap(false);
    view->header()->setStretchLastSection(true);
    view->header()->setHighlightSections(false);
    return view;
}

// No column narrower than its header: the widths buildViews() sets suit
// English, and German headers ("Zuletzt gesehen", "Reservierungen") are
// longer. The header's size hint includes the sort indicator.
void fitToHeader(QHeaderView *header)
{
    for (int c = 0; c < header->count(); ++c)
        if (!header->isSectionHidden(c) && header->sectionSize(c) < header->sectionSizeHint(c))
            header->resizeSection(c, header->sectionSizeHint(c));
}

// A filter box over a view, in one widget for a tab.
QWidget *withFilter(QAbstractItemView *view, TextFilterProxy *proxy, QWidget *extra, QWidget *parent)
{
    auto *page = new QWidget(parent);
    auto *filter = new QLineEdit(page);
    filter->setPlaceholderText(MainWindow::tr("Filter…"));
    filter->setClearButtonEnabled(true);
    QObject::connect(filter, &QLineEdit::textChanged, proxy, &TextFilterProxy::setFilterText);
    auto *bar = new QHBoxLayout;
    bar->addWidget(filter, 1);
    if (extra)
        bar->addWidget(extra);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(2, 4, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(view);
    view->setParent(page);
    return page;
}

} // namespace

MainWindow::MainWindow(pool::Pool &pool, QWidget *parent)
    : QMainWindow(parent)
    , m_pool(pool)
    , m_presenter(new PoolPresenter(pool, this))
    , m_tick(new QTimer(this))
{
    setWindowTitle(tr("gpupool console"));
    setObjectName(QStringLiteral("MainWindow"));
    buildViews();
    buildActions();
    buildStatusBar();
    m_notifier = new TrayNotifier(pool, this);
    m_notifier->setEnabled(QSettings().value(QStringLiteral("notifications"), true).toBool());
    connect(m_notifier, &TrayNotifier::notified, this, [this](const QString &title, const QString &message) {
        m_presenter->events()->append(EventKind::Info, {}, title + QStringLiteral(": ") + message);
    });
    connect(m_tick, &QTimer::timeout, this, &MainWindow::tick);
    connect(&m_pool, &pool::Pool::strategyChanged, this, &MainWindow::handleStrategyChanged);
    connect(&m_pool, &pool::Pool::storeStateChanged, this, &MainWindow::updateStatusBar);
    connect(&m_pool, &pool::Pool::pollingPausedChanged, this, &MainWindow::handlePollingPausedChanged);
    m_tick->start(TickMs);
    resize(1280, 800);
    m_presenter->refreshHistory();
    tick();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildViews()
{
    m_endpointProxy = new TextFilterProxy(this);
    m_endpointProxy->setSourceModel(m_presenter->endpoints());
    m_endpointsView = makeTable(m_endpointProxy, this, QStringLiteral("endpoints"));
    m_endpointsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_endpointsView->setItemDelegateForColumn(EndpointsModel::State, new HealthDelegate(m_endpointsView));
    m_endpointsView->setItemDelegateForColumn(EndpointsModel::Utilization, new SparklineDelegate(m_endpointsView));
    m_endpointsView->sortByColumn(-1, Qt::AscendingOrder); // configuration order until the operator sorts
    m_endpointsView->setColumnWidth(EndpointsModel::Id, 120);
    m_endpointsView->setColumnWidth(EndpointsModel::State, 150);
    m_endpointsView->setColumnWidth(EndpointsModel::Utilization, 150);
    for (int c : { EndpointsModel::Gpus, EndpointsModel::Leases, EndpointsModel::Response, EndpointsModel::LastSeen })
        m_endpointsView->setColumnWidth(c, 80);
    connect(m_endpointsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::handleEndpointSelected);

    m_gpuProxy = new GpuFilterProxy(this);
    m_gpuProxy->setSourceModel(m_presenter->gpus());
    m_gpuGroups = new GpuGroupProxy(this);
    m_gpuGroups->setSourceModel(m_gpuProxy);
    m_gpuGroups->setGroupOrder(m_pool.endpointIds()); // configuration order
    m_gpusView = makeTree(m_gpuGroups, this, QStringLiteral("gpus"));
    auto *bars = new PercentBarDelegate(m_gpusView);
    m_gpusView->setItemDelegateForColumn(GpusModel::Memory, bars);
    m_gpusView->setItemDelegateForColumn(GpusModel::Utilization, bars);
    m_gpusView->sortByColumn(GpusModel::Gpu, Qt::AscendingOrder);
    m_gpusView->setColumnWidth(GpusModel::Gpu, 140);
    m_gpusView->setColumnWidth(GpusModel::Model, 215);
    m_gpusView->setColumnWidth(GpusModel::Temperature, 60);
    m_gpusView->setColumnWidth(GpusModel::Power, 60);
    m_gpusView->setColumnWidth(GpusModel::Status, 140);
    m_gpusView->setColumnWidth(GpusModel::Memory, 110);
    m_gpusView->setColumnWidth(GpusModel::Utilization, 110);
    m_gpusView->setColumnHidden(GpusModel::Endpoint, true); // the GPU id names it
    // New groups open; the ones the operator folded stay folded.
    connect(m_gpuGroups, &QAbstractItemModel::layoutChanged, this, &MainWindow::expandGpuGroups);
    connect(m_gpuGroups, &QAbstractItemModel::modelReset, this, &MainWindow::expandGpuGroups);
    connect(m_gpusView, &QTreeView::collapsed, this,
            [this](const QModelIndex &i) { m_collapsedGroups.insert(i.data(EndpointIdRole).toString()); });
    connect(m_gpusView, &QTreeView::expanded, this,
            [this](const QModelIndex &i) { m_collapsedGroups.remove(i.data(EndpointIdRole).toString()); });
    expandGpuGroups();
    auto *group = new QCheckBox(tr("&Group by endpoint"), this);
    group->setChecked(true);
    connect(group, &QCheckBox::toggled, this, &MainWindow::setGpusGrouped);

    m_leaseProxy = new LeaseFilterProxy(this);
    m_leaseProxy->setSourceModel(m_presenter->leases());
    m_leasesView = makeTable(m_leaseProxy, this, QStringLiteral("leases"));
    m_leasesView->sortByColumn(LeasesModel::Created, Qt::DescendingOrder);
    auto *whose = new QComboBox(this);
    whose->addItem(tr("Everyone's"));
    whose->addItem(tr("Mine"));
    connect(whose, &QComboBox::currentIndexChanged, this, [this](int i) { m_leaseProxy->setMineOnly(i == 1); });

    m_historyProxy = new TextFilterProxy(this);
    m_historyProxy->setSourceModel(m_presenter->leaseHistory());
    m_historyView = makeTable(m_historyProxy, this, QStringLiteral("history"));
    m_historyView->sortByColumn(LeasesModel::Expires, Qt::DescendingOrder);

    // Every program's waiting requests on the store, oldest first.
    auto *waitingProxy = new TextFilterProxy(this);
    waitingProxy->setSourceModel(m_presenter->waiting());
    m_waitingView = makeTable(waitingProxy, this, QStringLiteral("waiting"));
    m_waitingView->sortByColumn(WaitingModel::Position, Qt::AscendingOrder);
    auto *cancelWaiting = new QPushButton(tr("&Cancel request"), this);
    cancelWaiting->setToolTip(tr("Withdraw the selected waiting requests (yours only); their programs stop waiting"));
    connect(cancelWaiting, &QPushButton::clicked, this, &MainWindow::handleCancelWaiting);

    m_eventProxy = new TextFilterProxy(this);
    m_eventProxy->setSourceModel(m_presenter->events());
    m_eventsView = makeTable(m_eventProxy, this, QStringLiteral("events"));
    m_eventsView->sortByColumn(-1, Qt::AscendingOrder);
    connect(m_presenter->events(), &QAbstractItemModel::rowsInserted, m_eventsView, &QTableView::scrollToBottom);

    // Who runs on each GPU: read from the servers only while this tab is shown.
    auto *processesProxy = new TextFilterProxy(this);
    processesProxy->setSourceModel(m_presenter->processes());
    m_processesView = makeTable(processesProxy, this, QStringLiteral("processes"));
    m_processesView->sortByColumn(ProcessesModel::Gpu, Qt::AscendingOrder);

    m_strategyPanel = new StrategyPanel(m_pool, this);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(withFilter(m_gpusView, m_gpuProxy, group, m_tabs), tr("&GPUs"));
    m_tabs->addTab(withFilter(m_leasesView, m_leaseProxy, whose, m_tabs), tr("&Leases"));
    m_tabs->addTab(withFilter(m_waitingView, waitingProxy, cancelWaiting, m_tabs), tr("&Waiting"));
    m_tabs->addTab(withFilter(m_processesView, processesProxy, nullptr, m_tabs), tr("&Processes"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateProcessesWanted);
    connect(&m_pool, &pool::Pool::leasesChanged, this, &MainWindow::updateProcessesWanted);
    m_tabs->addTab(withFilter(m_historyView, m_historyProxy, nullptr, m_tabs), tr("Lease &history"));
    m_tabs->addTab(withFilter(m_eventsView, m_eventProxy, nullptr, m_tabs), tr("&Events"));
    m_tabs->addTab(m_strategyPanel, tr("&Strategy"));

    m_leftSplitter = new QSplitter(Qt::Vertical, this);
    m_leftSplitter->setObjectName(QStringLiteral("leftSplitter"));
    m_leftSplitter->addWidget(m_endpointsView);
    m_leftSplitter->addWidget(m_tabs);
    m_leftSplitter->setSizes({ 200, 560 });

    for (QTableView *v : { m_endpointsView, m_leasesView, m_waitingView, m_processesView, m_historyView, m_eventsView })
        fitToHeader(v->horizontalHeader());
    fitToHeader(m_gpusView->header());

    m_charts = new ChartPanel(this);
    m_charts->setHistory(&m_pool.history());
    m_charts->setThresholds(m_pool.thresholds());

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_leftSplitter);
    m_mainSplitter->addWidget(m_charts);
    m_mainSplitter->setSizes({ 780, 500 });
    setCentralWidget(m_mainSplitter);
}

void MainWindow::buildStatusBar()
{
    m_statusMode = new QLabel(this);
    m_statusPolling = new QLabel(this);
    m_statusStrategy = new QLabel(this);
    m_statusEndpoints = new QLabel(this);
    m_statusGpus = new QLabel(this);
    m_statusWaiting = new QLabel(this);
    m_statusStore = new QLabel(this);
    for (QLabel *l : { m_statusMode, m_statusPolling, m_statusStrategy, m_statusEndpoints, m_statusGpus,
                       m_statusWaiting, m_statusStore })
        statusBar()->addPermanentWidget(l);
    updateStatusBar();
}

void MainWindow::updateStatusBar()
{
    const pool::PoolStatus s = m_pool.poolStatus();
    m_statusMode->setText(s.multiEndpoint ? tr("Multi-endpoint") : tr("Single endpoint"));
    m_statusPolling->setText(tr("<b>Polling paused</b>"));
    m_statusPolling->setVisible(s.pollingPaused);
    m_statusStrategy->setText(tr("Strategy: <b>%1</b>").arg(m_pool.strategy()));
    m_statusEndpoints->setText(tr("Endpoints: %1/%2 healthy").arg(s.healthyEndpoints).arg(s.totalEndpoints));
    m_statusGpus->setText(tr("GPUs: %1/%2 available").arg(s.availableGpus).arg(s.totalGpus));
    m_statusWaiting->setText(tr("Waiting: %1").arg(s.blockedRequests));
    const QString store = s.store.shared ? tr("shared") : tr("local");
    QString storeText = s.store.state == pool::StoreState::Ready
        ? tr("Store: %1").arg(store)
        : tr("Store: %1 (%2)").arg(store, pool::storeStateName(s.store.state));
    QString storeTip = s.store.message.isEmpty() ? s.store.url : s.store.message;
    // A Redis that may lose leases, or did (the event log has the whole line).
    if (!s.store.warnings.isEmpty()) {
        storeText += tr(" - <b>warning</b>");
        storeTip += QStringLiteral("\n\n") + s.store.warnings.join(QStringLiteral("\n\n"));
    }
    m_statusStore->setText(storeText);
    m_statusStore->setToolTip(storeTip);
    if (s.fullyDegraded)
        m_statusEndpoints->setText(tr("<b>No endpoint healthy</b> - requests wait"));
}

void MainWindow::updateProcessesWanted()
{
    // Read while someone looks (the tab) or a rule needs them: the notifier
    // tells me when someone runs on a GPU I lease.
    bool holding = false;
    for (const lease::Lease &l : m_pool.activeLeases())
        holding = holding || l.owner == m_pool.owner();
    m_pool.setProcessesWanted(m_tabs->currentWidget() == m_processesView->parentWidget()
                              || (holding && m_notifier && m_notifier->isEnabled()));
}

void MainWindow::tick()
{
    updateProcessesWanted(); // notifications may have been turned off or on
    m_presenter->refresh();
    QStringList ids = m_pool.endpointIds();
    m_charts->setEndpointIds(ids);
    if (m_charts->selectedEndpoint().isEmpty() && !ids.isEmpty())
        m_charts->setSelectedEndpoint(ids.first());
    m_charts->setThresholds(m_pool.thresholds());
    m_charts->refresh(gpupool::SteadyClock::instance().nowMs());
    m_strategyPanel->refresh();
    m_notifier->check(QDateTime::currentMSecsSinceEpoch(), gpupool::SteadyClock::instance().nowMs());
    updateStatusBar();
}

void MainWindow::setSecretStore(KeychainSecretStore *secrets)
{
    m_secrets = secrets;
    if (secrets)
        connect(secrets, &KeychainSecretStore::keyringProblem, this,
                [this](const QString &message) { showNotice(message, true); });
}

void MainWindow::setGpusGrouped(bool grouped)
{
    QAbstractItemModel *model = grouped ? static_cast<QAbstractItemModel *>(m_gpuGroups) : m_gpuProxy;
    if (m_gpusView->model() == model)
        return;
    // A new model resets the header: keep the operator's columns.
    const QByteArray columns = m_gpusView->header()->saveState();
    QItemSelectionModel *old = m_gpusView->selectionModel();
    m_gpusView->setModel(model);
    delete old;
    m_gpusView->header()->restoreState(columns);
    m_gpusView->setRootIsDecorated(grouped);
    expandGpuGroups();
}

bool MainWindow::gpusGrouped() const
{
    return m_gpusView->model() == m_gpuGroups;
}

void MainWindow::expandGpuGroups()
{
    if (!gpusGrouped())
        return;
    for (int g = 0; g < m_gpuGroups->rowCount(); ++g) {
        const QModelIndex i = m_gpuGroups->index(g, 0);
        m_gpusView->setExpanded(i, !m_collapsedGroups.contains(i.data(EndpointIdRole).toString()));
    }
}

void MainWindow::handleEndpointSelected()
{
    const QString id = selectedEndpointId();
    if (!id.isEmpty())
        m_charts->setSelectedEndpoint(id);
}

QString MainWindow::selectedEndpointId() const
{
    const QModelIndexList rows = m_endpointsView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(KeyRole).toString();
}

QStringList MainWindow::selectedLeaseIds() const
{
    QStringList ids;
    if (m_tabs->currentWidget() == m_leasesView->parentWidget()) {
        for (const QModelIndex &i : m_leasesView->selectionModel()->selectedRows())
            ids.append(i.data(KeyRole).toString());
        return ids;
    }
    // From the GPUs view: the leases on the selected GPUs.
    const QList<lease::Lease> leases = m_pool.activeLeases();
    for (const QModelIndex &i : m_gpusView->selectionModel()->selectedRows()) {
        const QString gpu = i.data(KeyRole).toString();
        for (const lease::Lease &l : leases)
            if (l.gpuId() == gpu)
                ids.append(l.id);
    }
    return ids;
}

void MainWindow::showNotice(const QString &message, bool error)
{
    statusBar()->showMessage(message, error ? 15'000 : 6'000);
    m_presenter->events()->append(error ? EventKind::Error : EventKind::Info, {}, message);
    emit notice(message);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("window"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_mainSplitter->restoreState(settings.value(QStringLiteral("mainSplitter")).toByteArray());
    m_leftSplitter->restoreState(settings.value(QStringLiteral("leftSplitter")).toByteArray());
    for (QTableView *v : { m_endpointsView, m_leasesView, m_waitingView, m_historyView, m_eventsView })
        v->horizontalHeader()->restoreState(settings.value(QStringLiteral("columns/") + v->objectName()).toByteArray());
    m_gpusView->header()->restoreState(
        settings.value(QStringLiteral("columns/") + m_gpusView->objectName()).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("tab"), 0).toInt());
    const qint64 window = settings.value(QStringLiteral("chartWindowMs"), m_charts->windowMs()).toLongLong();
    if (ChartPanel::windowChoicesMs().contains(window))
        m_charts->setWindowMs(window);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("window"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("mainSplitter"), m_mainSplitter->saveState());
    settings.setValue(QStringLiteral("leftSplitter"), m_leftSplitter->saveState());
    for (QTableView *v : { m_endpointsView, m_leasesView, m_waitingView, m_historyView, m_eventsView })
        settings.setValue(QStringLiteral("columns/") + v->objectName(), v->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("columns/") + m_gpusView->objectName(), m_gpusView->header()->saveState());
    settings.setValue(QStringLiteral("tab"), m_tabs->currentIndex());
    settings.setValue(QStringLiteral("chartWindowMs"), m_charts->windowMs());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && m_charts)
        m_charts->applyTheme();
    QMainWindow::changeEvent(event);
}

} // namespace gpupool::ui
