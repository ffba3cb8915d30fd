// The window, offscreen, on a real Pool polling an in-process simulated
// cluster (DemoCluster on 127.0.0.1:0): each action reaches the Pool, the
// request dialog validates, the strategy switch applies, the charts get new
// points each tick.

#include "ui/chartpanel.h"
#include "ui/seriesplot.h"
#include "ui/gpugroupproxy.h"
#include "ui/democluster.h"
#include "ui/mainwindow.h"
#include "ui/poolpresenter.h"
#include "ui/requestdialog.h"
#include "ui/settingsdialog.h"
#include "ui/traynotifier.h"
#include "keyring/keychainsecretstore.h"
#include "memorysecretbackend.h"
#include "ui/leasesmodel.h"
#include "ui/gpusmodel.h"
#include "ui/roles.h"

#include "pool/pool.h"
#include "endpoint/monitor.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QDirIterator>
#include <QFile>
#include <QSettings>

using namespace gpupool;
using namespace gpupool::ui;
using namespace gpupool::keyring;

using gpupool::testing::MemoryBackend;

class TestUiWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<DemoCluster> m_cluster;
    std::unique_ptr<pool::Pool> m_pool;
    std::unique_ptr<MainWindow> m_window;

    // Answers the next modal dialog with `answer` (it runs inside exec()).
    template<typename Dialog, typename F>
    void answerNextDialog(F answer)
    {
        QTimer::singleShot(0, this, [answer] {
            auto *dialog = qobject_cast<Dialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            answer(dialog);
        });
    }

    void selectLeaseRow(int row)
    {
        m_window->tabs()->setCurrentIndex(1);
        m_window->leasesView()->selectionModel()->select(m_window->leasesView()->model()->index(row, 0),
                                                         QItemSelectionModel::ClearAndSelect
                                                             | QItemSelectionModel::Rows);
    }

    QList<lease::Lease> myLeases() const
    {
        QList<lease::Lease> mine;
        for (const lease::Lease &l : m_pool->activeLeases())
            if (l.owner == m_pool->owner())
                mine.append(l);
        return mine;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cluster = std::make_unique<DemoCluster>();
        QVERIFY2(m_cluster->start({ { QStringLiteral("alpha"), 4, 1, false },
                                    { QStringLiteral("beta"), 2, 2, false },
                                    { QStringLiteral("gamma"), 2, 3, false } }),
                 qPrintable(m_cluster->error()));
        pool::PoolOptions options;
        options.settings.mode = config::Mode::MultiEndpoint;
        const QStringList names = { QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma") };
        for (int i = 0; i < names.size(); ++i)
            options.settings.endpoints.append({ names[i], QUrl(m_cluster->urls().at(i)), true, {} });
        options.settings.pollingIntervalSeconds = 0.2;
        // Every GPU assignable whatever the simulated load (pooloptions.h allows it in tests).
        options.settings.memoryThresholdPercent = 101;
        options.settings.utilizationThresholdPercent = 101;
        options.settings.storeUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("leases.sqlite"));
        options.owner = QStringLiteral("operator@test");
        options.storeThread = true; // as the console runs it
        m_pool = std::make_unique<pool::Pool>(options);
        const pool::Status started = m_pool->start();
        QVERIFY2(!started, started ? qPrintable(started->message) : "");
        QTRY_VERIFY_WITH_TIMEOUT(m_pool->availableGpus() == 8, 15'000);
        m_window = std::make_unique<MainWindow>(*m_pool);
        m_window->show();
        m_window->tick();
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_pool.reset();
        m_cluster.reset();
    }

    void requestDialogValidates()
    {
        RequestDialog dialog({ QStringLiteral("alpha") });
        // Waiting serves any count with filters...
        dialog.setValues(2, balance::mibForDecimalGb(40), QStringLiteral("alpha"), 1, QStringLiteral("x"), true);
        QVERIFY(dialog.validationError().isEmpty());
        // ...but not more GPUs than the pool knows to match: that wait could last for ever.
        dialog.setMatchingGpus([](const balance::GpuFilter &f) { return f.endpointIds.isEmpty() ? 8 : 4; });
        dialog.setValues(5, 0, QStringLiteral("alpha"), 1, QStringLiteral("x"), true);
        QVERIFY(dialog.validationError().contains(QStringLiteral("Only 4 GPU")));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // still open, not accepted
        dialog.setValues(5, 0, {}, 1, QStringLiteral("x"), true);
        QVERIFY(dialog.validationError().isEmpty());
        dialog.setValues(5, 0, QStringLiteral("alpha"), 1, QStringLiteral("x"), false);
        QVERIFY(dialog.validationError().isEmpty()); // no wait: reserve says what is missing
        dialog.setValues(3, balance::mibForDecimalGb(40), QStringLiteral("alpha"), 2, QStringLiteral("training"),
                         false);
        const pool::ReserveRequest r = dialog.reserveRequest();
        QCOMPARE(r.count, 3);
        QCOMPARE(r.filter.minMemoryMb, balance::mibForDecimalGb(40)); // GB as cards are sold
        QCOMPARE(r.filter.endpointIds, QStringList { QStringLiteral("alpha") });
        QCOMPARE(r.durationMs, 2 * 3'600'000);
        QCOMPARE(r.note, QStringLiteral("training"));
    }

    void requestActionReachesPool()
    {
        QSignalSpy granted(m_window.get(), &MainWindow::granted);
        answerNextDialog<RequestDialog>([](RequestDialog *d) {
            d->setValues(2, 0, QStringLiteral("alpha"), 1, QStringLiteral("from the test"), false);
            d->accept();
        });
        m_window->action(MainWindow::Action::Request)->trigger();
        // The store answers on its own time (the window does not wait for it).
        QTRY_COMPARE(granted.count(), 1);
        const QList<lease::Lease> mine = myLeases();
        QCOMPARE(mine.size(), 2);
        for (const lease::Lease &l : mine) {
            QCOMPARE(l.endpointId, QStringLiteral("alpha"));
            QCOMPARE(l.note, QStringLiteral("from the test"));
        }
        m_window->tick();
        QCOMPARE(m_window->presenter()->leases()->rowCount(), 2);
    }

    void renewActionReachesPool()
    {
        selectLeaseRow(0);
        const QString id = m_window->selectedLeaseIds().value(0);
        QVERIFY(!id.isEmpty());
        const qint64 before = m_pool->findLease(id)->expiresMs;
        QTest::qWait(5);
        m_window->action(MainWindow::Action::Renew)->trigger();
        // Renewed to the default 4 h from now: later than the 1 h it had.
        QTRY_VERIFY(m_pool->findLease(id).value_or(lease::Lease {}).expiresMs > before);
    }

    void releaseActionReachesPool()
    {
        selectLeaseRow(0);
        const QString id = m_window->selectedLeaseIds().value(0);
        m_window->action(MainWindow::Action::Release)->trigger();
        QTRY_VERIFY(!m_pool->findLease(id));
        QCOMPARE(myLeases().size(), 1);
    }

    void recoverActionReachesPool()
    {
        QSignalSpy notices(m_window.get(), &MainWindow::notice);
        m_window->endpointsView()->selectRow(0);
        m_window->action(MainWindow::Action::Recover)->trigger();
        QCOMPARE(notices.count(), 1);
        // The Pool's answer for a closed breaker: nothing to recover.
        QVERIFY(notices.first().first().toString().contains(QStringLiteral("not open")));
    }

    void strategySwitchApplies()
    {
        QComboBox *box = m_window->strategyBox();
        const int i = box->findData(QStringLiteral("round_robin"));
        QVERIFY(i >= 0);
        box->setCurrentIndex(i);
        QTRY_COMPARE(m_pool->strategy(), QStringLiteral("round_robin"));
        QVERIFY(m_window->strategyLabel()->text().contains(QStringLiteral("round_robin")));
        // And from the Pool's side (another program, or gpupoolctl): the box follows.
        QVERIFY(!m_pool->setStrategy(QStringLiteral("least_connections")));
        QCOMPARE(box->currentData().toString(), QStringLiteral("least_connections"));
        m_window->tick();
        QVERIFY(m_window->strategyLabel()->text().contains(QStringLiteral("least_connections")));
    }

    void chartReceivesPointsEachTick()
    {
        ChartPanel *charts = m_window->charts();
        charts->setWindowMs(60'000);
        m_window->tick();
        const QString alpha = QStringLiteral("alpha");
        const QList<QPointF> before = charts->overviewPoints(alpha);
        const int refreshes = charts->refreshCount();
        QTest::qWait(700); // a few polls at 0.2 s
        m_window->tick();
        // The window's own tick timer may have fired during the wait too.
        QVERIFY(charts->refreshCount() >= refreshes + 1);
        const QList<QPointF> after = charts->overviewPoints(alpha);
        QVERIFY(!after.isEmpty());
        // The newest point is newer than before (x is "seconds ago": the last point is near 0).
        QVERIFY(after != before);
        QVERIFY(after.last().x() > -2.0);
        // The selected endpoint's GPUs: utilization and memory per GPU.
        QVERIFY(charts->endpointChart()->seriesCount() >= 2);
        QVERIFY(!charts->endpointChart()->points(0).isEmpty());

        charts->setPaused(true);
        const QList<QPointF> frozen = charts->overviewPoints(alpha);
        QTest::qWait(400);
        m_window->tick();
        QCOMPARE(charts->overviewPoints(alpha), frozen);
        charts->setPaused(false);
    }

    void gpusViewGroupsByEndpoint()
    {
        m_window->tick();
        QTreeView *view = m_window->gpusView();
        GpuGroupProxy *groups = m_window->gpuGroups();
        QVERIFY(m_window->gpusGrouped());
        QCOMPARE(view->model(), groups);
        QCOMPARE(groups->rowCount(), 3);
        const QStringList order = { QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma") };
        const QList<int> sizes = { 4, 2, 2 };
        for (int g = 0; g < 3; ++g) {
            const QModelIndex group = groups->index(g, 0);
            QCOMPARE(group.data().toString(), order.at(g));
            QCOMPARE(groups->rowCount(group), sizes.at(g));
            QVERIFY(view->isExpanded(group));
        }
        // Folded stays folded across ticks.
        view->collapse(groups->index(1, 0));
        m_window->tick();
        QVERIFY(!view->isExpanded(groups->groupIndex(QStringLiteral("beta"))));
        view->expand(groups->groupIndex(QStringLiteral("beta")));

        // A leased GPU selected in the tree is what Release/Renew act on.
        const lease::Lease mine = myLeases().value(0);
        QVERIFY(!mine.id.isEmpty());
        m_window->tabs()->setCurrentIndex(0);
        const QModelIndex group = groups->groupIndex(mine.endpointId);
        QModelIndex row;
        for (int r = 0; r < groups->rowCount(group); ++r)
            if (groups->index(r, 0, group).data(KeyRole).toString() == mine.gpuId())
                row = groups->index(r, 0, group);
        QVERIFY(row.isValid());
        view->selectionModel()->select(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(m_window->selectedLeaseIds(), QStringList { mine.id });

        m_window->setGpusGrouped(false);
        QVERIFY(!m_window->gpusGrouped());
        QCOMPARE(view->model()->rowCount(), 8);
        QVERIFY(view->isColumnHidden(GpusModel::Endpoint)); // the columns as they were
        m_window->setGpusGrouped(true);
        QCOMPARE(view->model(), groups);
        QVERIFY(view->isExpanded(groups->index(0, 0)));
    }

    void settingsDialogValidates()
    {
        ConsoleSettings current = ConsoleSettings::from(m_pool->settings());
        SettingsDialog dialog(current);
        QCOMPARE(dialog.endpointCount(), 3);
        QVERIFY2(dialog.validationError().isEmpty(), qPrintable(dialog.validationError()));
        dialog.addEndpoint({ QStringLiteral("bad"), QStringLiteral("file:///etc/passwd"), {} });
        QVERIFY(dialog.validationError().contains(QStringLiteral("file:///etc/passwd")));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        dialog.removeEndpoint(3);
        dialog.addEndpoint({ QStringLiteral("alpha"), QStringLiteral("http://other:8000"), {} });
        QVERIFY(dialog.validationError().contains(QStringLiteral("twice")));
        dialog.removeEndpoint(3);
        dialog.addEndpoint({ QStringLiteral("has:colon"), QStringLiteral("http://other:8000"), {} });
        QVERIFY(dialog.validationError().contains(QStringLiteral("has:colon")));
        dialog.removeEndpoint(3);
        QVERIFY(dialog.validationError().isEmpty());
        QCOMPARE(dialog.settings().endpointList(), current.endpointList());

        // Test connection goes through core's poller to the real (demo) server.
        QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
        dialog.testConnection(0);
        QVERIFY(tested.wait(10'000));
        QVERIFY2(tested.first().at(1).toBool(), qPrintable(tested.first().at(2).toString()));
        QVERIFY(tested.first().at(2).toString().contains(QStringLiteral("4 GPU")));
    }

    void settingsApplyThresholdsAtOnce()
    {
        ConsoleSettings chosen = ConsoleSettings::from(m_pool->settings());
        chosen.memoryThresholdPercent = 55;
        chosen.utilizationThresholdPercent = 66;
        m_window->setDemo(true); // keep the test's settings file untouched
        m_window->applySettings(chosen);
        QCOMPARE(m_pool->thresholds().memoryPercent, 55.0);
        QCOMPARE(m_pool->thresholds().utilizationPercent, 66.0);
        m_window->applySettings(ConsoleSettings::from(m_pool->settings())); // back to 101 %
    }

    void notifierWarnsOnceBeforeExpiry()
    {
        TrayNotifier notifier(*m_pool);
        QSignalSpy notified(&notifier, &TrayNotifier::notified);
        const QList<lease::Lease> mine = myLeases();
        QVERIFY(!mine.isEmpty());
        const qint64 expires = mine.first().expiresMs;
        // Only this notice: the demo's simulated users may run on a leased GPU too.
        const auto expiryNotices = [&notified] {
            return std::count_if(notified.cbegin(), notified.cend(), [](const QList<QVariant> &n) {
                return n.first().toString() == QLatin1String("Lease about to expire");
            });
        };
        notifier.check(expires - 60 * 60'000, 0); // an hour before: nothing
        QCOMPARE(expiryNotices(), 0);
        notifier.check(expires - 5 * 60'000, 0);
        QCOMPARE(expiryNotices(), 1);
        notifier.check(expires - 4 * 60'000, 1'000);
        QCOMPARE(expiryNotices(), 1); // said once
    }

    void requestActionWaitsForSeveralFilteredGpus()
    {
        pool::ReserveRequest colleague;
        colleague.owner = QStringLiteral("colleague@test");
        colleague.filter.endpointIds = { QStringLiteral("beta") };
        const auto held = m_pool->reserve(colleague);
        QVERIFY(held.ok());

        QSignalSpy granted(m_window.get(), &MainWindow::granted);
        QSignalSpy notices(m_window.get(), &MainWindow::notice);
        QSignalSpy tray(m_window->notifier(), &TrayNotifier::notified);
        answerNextDialog<RequestDialog>([](RequestDialog *d) {
            d->setValues(2, 0, QStringLiteral("beta"), 1, QStringLiteral("both of beta"), true);
            QVERIFY(d->validationError().isEmpty());
            d->accept();
        });
        m_window->action(MainWindow::Action::Request)->trigger();
        QTRY_COMPARE(m_pool->queueLength(), 1);
        QCOMPARE(granted.count(), 0);
        QVERIFY(notices.last().first().toString().contains(QStringLiteral("2 GPUs are free together")));

        QVERIFY(m_pool->releaseGpu(held->first().id, { QStringLiteral("colleague@test") }).ok());
        QTRY_COMPARE_WITH_TIMEOUT(granted.count(), 1, 5'000);
        const auto leases = granted.first().first().value<QList<lease::Lease>>();
        QCOMPARE(leases.size(), 2);
        for (const lease::Lease &l : leases) {
            QCOMPARE(l.endpointId, QStringLiteral("beta"));
            QCOMPARE(l.note, QStringLiteral("both of beta"));
            QCOMPARE(l.owner, m_pool->owner());
        }
        QCOMPARE(m_pool->queueLength(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(tray.cbegin(), tray.cend(),
                                             [](const QList<QVariant> &n) {
                                                 return n.first().toString() == QStringLiteral("GPUs granted");
                                             }),
                                 5'000);
        for (const lease::Lease &l : leases)
            QVERIFY(m_pool->releaseGpu(l.id).ok());
    }

    void settingsDialogKeepsApiKeysInTheKeyringOnly()
    {
        // Inside the test's folder, which goes with the test (anything written later too).
        const QString config = m_dir.filePath(QStringLiteral("config"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, config);
        auto backend = std::make_unique<MemoryBackend>();
        MemoryBackend *keyring = backend.get();
        KeychainSecretStore secrets(std::move(backend));
        m_window->setSecretStore(&secrets);
        m_window->setDemo(false); // a real save, into `config`

        const QByteArray key = "sk-test-0123456789abcdef";
        SettingsDialog dialog(ConsoleSettings::from(m_pool->settings()));
        dialog.addEndpoint({ QStringLiteral("delta"), QStringLiteral("http://127.0.0.1:9"), QString::fromLatin1(key) });
        QVERIFY2(dialog.validationError().isEmpty(), qPrintable(dialog.validationError()));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QSignalSpy notices(m_window.get(), &MainWindow::notice);
        m_window->applySettings(dialog.settings());
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(notices.cbegin(), notices.cend(),
                                             [](const QList<QVariant> &n) {
                                                 return n.first().toString().contains(
                                                     QStringLiteral("delta saved in the keyring"));
                                             }),
                                 5'000);
        QCOMPARE(keyring->entries.value(KeychainSecretStore::entryName(QStringLiteral("delta"))), key);
        QCOMPARE(secrets.apiKey(QStringLiteral("delta")), std::optional<QByteArray>(key));
        QVERIFY(!secrets.isSessionOnly(QStringLiteral("delta")));

        // The settings were written (delta is there), the key was not.
        int files = 0;
        bool endpointSaved = false;
        QDirIterator it(config, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray content = f.readAll();
            ++files;
            endpointSaved = endpointSaved || content.contains("delta");
            QVERIFY2(!content.contains(key) && !content.contains("0123456789abcdef"), qPrintable(f.fileName()));
        }
        QVERIFY(files > 0);
        QVERIFY(endpointSaved);

        m_window->setSecretStore(nullptr);
        m_window->setDemo(true);
    }

    void pausePollingPausesOnlyThePolls()
    {
        QAction *pause = m_window->action(MainWindow::Action::PausePolling);
        QVERIFY(m_window->pollingLabel()->isHidden());
        const int leases = int(m_pool->activeLeases().size());
        pause->setChecked(true);
        QVERIFY(m_pool->isPollingPaused());
        QVERIFY(m_pool->isRunning()); // leases, waiters and the store stay
        QVERIFY(!m_pool->monitor().isRunning());
        QCOMPARE(m_pool->activeLeases().size(), leases);
        QVERIFY(!m_window->pollingLabel()->isHidden());
        QVERIFY(m_window->pollingLabel()->text().contains(QStringLiteral("paused")));
        QVERIFY(!pause->toolTip().contains(QStringLiteral("cancelled")));
        pause->setChecked(false);
        QVERIFY(!m_pool->isPollingPaused());
        QVERIFY(m_pool->monitor().isRunning());
        QVERIFY(m_window->pollingLabel()->isHidden());
        // The Pool paused by someone else: the action follows.
        m_pool->setPollingPaused(true);
        QVERIFY(pause->isChecked());
        m_pool->setPollingPaused(false);
        QVERIFY(!pause->isChecked());
    }

    // Last: a read started while the tab was shown may still answer later.
    void processesAreReadWhileTheirTabIsShown()
    {
        QTabWidget *tabs = m_window->findChild<QTabWidget *>();
        QVERIFY(tabs);
        int processesTab = -1;
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i) == QStringLiteral("&Processes"))
                processesTab = i;
        QVERIFY(processesTab >= 0);
        tabs->setCurrentIndex(0);
        // I hold leases: the notifier's rule (someone on my GPU) needs them.
        QVERIFY(!myLeases().isEmpty());
        m_window->tick();
        QVERIFY(m_pool->processesWanted());
        // Without notifications, only while someone looks.
        m_window->notifier()->setEnabled(false);
        m_window->tick();
        QVERIFY(!m_pool->processesWanted());
        tabs->setCurrentIndex(processesTab);
        QVERIFY(m_pool->processesWanted());
        tabs->setCurrentIndex(0);
        QVERIFY(!m_pool->processesWanted());
        m_window->notifier()->setEnabled(true);
    }
};

QTEST_MAIN(TestUiWindow)
#include "tst_ui_window.moc"
