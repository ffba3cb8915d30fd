#pragma once

#include "lease/lease.h"

#include <QMainWindow>
#include <QSet>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTabWidget;
class QTableView;
class QTimer;
class QTreeView;

namespace gpupool::pool {
class Pool;
}

// The operator's window. Every command goes to the Pool; everything shown
// comes from the presenter's models and the Pool's history. Laid out as the
// endpoints table over tabs (GPUs, leases, history, events, strategy), with
// the live charts beside them.
namespace gpupool::keyring {
class KeychainSecretStore;
}

namespace gpupool::ui {

using keyring::KeychainSecretStore;

class ChartPanel;
struct ConsoleSettings;
class GpuGroupProxy;
class LeaseFilterProxy;
class PoolPresenter;
class StrategyPanel;
class TextFilterProxy;
class TrayNotifier;

class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    static constexpr int TickMs = 1000;

    explicit MainWindow(pool::Pool &pool, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setSecretStore(KeychainSecretStore *secrets);
    // In --demo the Pool's configuration is the demo's: the settings dialog
    // then keeps endpoints, intervals and the store out of the settings file.
    void setDemo(bool demo) { m_demo = demo; }
    TrayNotifier *notifier() const { return m_notifier; }

    PoolPresenter *presenter() const { return m_presenter; }
    ChartPanel *charts() const { return m_charts; }
    QTableView *endpointsView() const { return m_endpointsView; }
    // Grouped by endpoint (a tree) or flat, as the operator chose.
    QTreeView *gpusView() const { return m_gpusView; }
    GpuGroupProxy *gpuGroups() const { return m_gpuGroups; }
    void setGpusGrouped(bool grouped);
    bool gpusGrouped() const;
    QTableView *leasesView() const { return m_leasesView; }
    QComboBox *strategyBox() const { return m_strategyBox; }
    QLabel *strategyLabel() const { return m_statusStrategy; }
    QLabel *pollingLabel() const { return m_statusPolling; }
    QLabel *waitingLabel() const { return m_statusWaiting; }
    QTabWidget *tabs() const { return m_tabs; }

    enum class Action { Request, Release, Renew, Recover, PausePolling, Refresh, Settings, Quit };
    QAction *action(Action which) const;

    // One tick: models, charts, status bar (the timer calls it every TickMs).
    // The Pool reads processes while the Processes tab is shown or I hold a lease.
    void updateProcessesWanted();
    void tick();
    // Restores / saves geometry, splitters and column widths (QSettings).
    void restoreLayout();
    void saveLayout() const;

    // The lease ids selected in the Leases view, or in the GPUs view.
    QStringList selectedLeaseIds() const;
    QString selectedEndpointId() const;

signals:
    // After a grant through the window: the leases and the usage text.
    void granted(const QList<gpupool::lease::Lease> &leases);
    // A message the window also showed in its status bar (tests read it).
    void notice(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // mainwindow.cpp
    void buildViews();
    void buildActions();
    void buildStatusBar();
    void updateStatusBar();
    void showNotice(const QString &message, bool error = false);
    void handleEndpointSelected();
    void expandGpuGroups();

    // mainwindowactions.cpp
    void handleRequest();
    void handleRelease();
    // Withdraws the selected waiting requests (the console owner's only).
    void handleCancelWaiting();
    void handleRenew();
    void handleRecover();
    void handlePausePolling(bool paused);
    void handlePollingPausedChanged(bool paused);
    void handleStrategyChosen(int index);
    void handleStrategyChanged(const QString &name);
    void handleSettings();

public:
    // What the settings dialog's OK does (public for tests).
    void applySettings(const ConsoleSettings &chosen);

private:
    void showGrant(const QList<lease::Lease> &leases);

    pool::Pool &m_pool;
    KeychainSecretStore *m_secrets = nullptr;
    TrayNotifier *m_notifier = nullptr;
    bool m_demo = false;
    PoolPresenter *m_presenter;
    QTimer *m_tick;

    ChartPanel *m_charts = nullptr;
    StrategyPanel *m_strategyPanel = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_leftSplitter = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_endpointsView = nullptr;
    QTreeView *m_gpusView = nullptr;
    QTableView *m_leasesView = nullptr;
    QTableView *m_historyView = nullptr;
    QTableView *m_waitingView = nullptr;
    QTableView *m_eventsView = nullptr;
    QTableView *m_processesView = nullptr;
    TextFilterProxy *m_gpuProxy = nullptr;
    GpuGroupProxy *m_gpuGroups = nullptr;
    QSet<QString> m_collapsedGroups; // endpoint ids the operator folded
    LeaseFilterProxy *m_leaseProxy = nullptr;
    TextFilterProxy *m_historyProxy = nullptr;
    TextFilterProxy *m_eventProxy = nullptr;
    TextFilterProxy *m_endpointProxy = nullptr;

    QHash<int, QAction *> m_actions;
    QComboBox *m_strategyBox = nullptr;
    QActionGroup *m_strategyGroup = nullptr;

    QLabel *m_statusMode = nullptr;
    QLabel *m_statusPolling = nullptr;
    QLabel *m_statusStrategy = nullptr;
    QLabel *m_statusEndpoints = nullptr;
    QLabel *m_statusGpus = nullptr;
    QLabel *m_statusWaiting = nullptr;
    QLabel *m_statusStore = nullptr;
};

} // namespace gpupool::ui
