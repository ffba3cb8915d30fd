// MainWindow's actions: each one is a call on the Pool, and what it answered.
#include "mainwindow.h"

#include "chartpanel.h"
#include "poolpresenter.h"
#include "roles.h"
#include "keyring/keychainsecretstore.h"
#include "requestdialog.h"
#include "settingsdialog.h"
#include "theme.h"
#include "traynotifier.h"
#include "usagedialog.h"

#include "config/endpointurl.h"
#include "pool/pool.h"

#include <QAction>
#include <QTableView>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QToolBar>

namespace gpupool::ui {

QAction *MainWindow::action(Action which) const
{
    return m_actions.value(int(which));
}

void MainWindow::buildActions()
{
    auto make = [this](Action id, const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setShortcut(key);
        a->setToolTip(QString(tip + QStringLiteral(" (") + key.toString(QKeySequence::NativeText) + QLatin1Char(')')));
        a->setShortcutContext(Qt::WindowShortcut);
        m_actions.insert(int(id), a);
        return a;
    };
    QAction *request = make(Action::Request, tr("&Request GPU…"), QKeySequence(Qt::CTRL | Qt::Key_N),
                            tr("Request one or more GPUs"));
    QAction *release
        = make(Action::Release, tr("Re&lease"), QKeySequence(Qt::Key_Delete), tr("Release the selected leases"));
    QAction *renew
        = make(Action::Renew, tr("Re&new"), QKeySequence(Qt::CTRL | Qt::Key_R), tr("Renew the selected leases"));
    QAction *recover
        = make(Action::Recover, tr("Re&cover endpoint now"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
               tr("Probe the selected endpoint's open breaker now (all open ones when none is selected)"));
    QAction *pause = make(Action::PausePolling, tr("&Pause polling"), QKeySequence(Qt::CTRL | Qt::Key_P),
                          tr("Stop polling the endpoints; leases and waiting requests stay"));
    pause->setCheckable(true);
    pause->setChecked(m_pool.isPollingPaused());
    QAction *refresh
        = make(Action::Refresh, tr("Re&fresh now"), QKeySequence(Qt::Key_F5), tr("Poll every endpoint now"));
    QAction *settings = make(Action::Settings, tr("&Settings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma),
                             tr("Endpoints, thresholds, intervals, theme, API keys"));
    QAction *quit = make(Action::Quit, tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), tr("Quit the console"));

    connect(request, &QAction::triggered, this, &MainWindow::handleRequest);
    connect(release, &QAction::triggered, this, &MainWindow::handleRelease);
    connect(renew, &QAction::triggered, this, &MainWindow::handleRenew);
    connect(recover, &QAction::triggered, this, &MainWindow::handleRecover);
    connect(pause, &QAction::toggled, this, &MainWindow::handlePausePolling);
    connect(refresh, &QAction::triggered, this, [this] { m_pool.refreshNow(); });
    connect(settings, &QAction::triggered, this, &MainWindow::handleSettings);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    m_strategyBox = new QComboBox(this);
    m_strategyBox->setToolTip(tr("Load-balancing strategy: takes effect at once"));
    m_strategyGroup = new QActionGroup(this);
    const QStringList strategies = pool::Pool::availableStrategies();
    QMenu *strategyMenu = new QMenu(tr("S&trategy"), this);
    for (int i = 0; i < strategies.size(); ++i) {
        m_strategyBox->addItem(strategies[i], strategies[i]);
        QAction *a = strategyMenu->addAction(strategies[i]);
        a->setCheckable(true);
        a->setData(strategies[i]);
        if (i < 9)
            a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        m_strategyGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, i] { m_strategyBox->setCurrentIndex(i); });
    }
    m_strategyBox->setCurrentIndex(qMax(0, m_strategyBox->findData(m_pool.strategy())));
    handleStrategyChanged(m_pool.strategy());
    connect(m_strategyBox, &QComboBox::currentIndexChanged, this, &MainWindow::handleStrategyChosen);

    QMenu *poolMenu = menuBar()->addMenu(tr("&Pool"));
    poolMenu->addActions({ request, release, renew });
    poolMenu->addSeparator();
    poolMenu->addActions({ recover, refresh, pause });
    poolMenu->addSeparator();
    poolMenu->addAction(settings);
    poolMenu->addSeparator();
    poolMenu->addAction(quit);
    menuBar()->addMenu(strategyMenu);

    QToolBar *bar = addToolBar(tr("Actions"));
    bar->setObjectName(QStringLiteral("actions"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addActions({ request, release, renew });
    bar->addSeparator();
    bar->addActions({ recover, refresh, pause });
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Strategy: "), bar));
    bar->addWidget(m_strategyBox);
    bar->addSeparator();
    bar->addAction(settings);
}

void MainWindow::handleRequest()
{
    RequestDialog dialog(m_pool.endpointIds(), this);
    dialog.setMatchingGpus([this](const balance::GpuFilter &filter) {
        int n = 0;
        for (const pool::GpuInfo &g : m_pool.gpus()) {
            balance::GpuView v;
            v.name = g.name;
            v.memoryTotalMb = g.memoryTotalMb;
            n += filter.admitsEndpoint(g.endpointId) && filter.admitsGpu(v) ? 1 : 0;
        }
        return n;
    });
    if (dialog.exec() != QDialog::Accepted)
        return;
    const pool::ReserveRequest request = dialog.reserveRequest();
    if (dialog.waitUntilFree()) {
        // Granted together when free, in the queue's order (lease/allocator.h "Waiting").
        const pool::RequestId id
            = m_pool.requestGpus(request, pool::WaitForever, [this](const pool::Result<QList<lease::Lease>> &r) {
                  if (r.ok())
                      showGrant(r.value());
                  else
                      showNotice(r.error().message, true);
              });
        showNotice(request.count == 1
                       ? tr("Request %1 sent; it waits until a GPU is free.").arg(id)
                       : tr("Request %1 sent; it waits until %2 GPUs are free together.").arg(id).arg(request.count));
        return;
    }
    // The store answers on its own thread (PoolOptions::storeThread): the
    // window goes on meanwhile.
    m_pool.reserve(request, [self = QPointer(this)](const pool::Result<QList<lease::Lease>> &reserved) {
        if (!self)
            return;
        if (!reserved.ok())
            self->showNotice(reserved.error().message, true);
        else
            self->showGrant(reserved.value());
    });
}

void MainWindow::showGrant(const QList<lease::Lease> &leases)
{
    QStringList ids;
    for (const lease::Lease &l : leases)
        ids.append(m_pool.displayGpuId(l));
    showNotice(tr("Granted: %1").arg(ids.join(QStringLiteral(", "))));
    m_presenter->refresh();
    emit granted(leases);
    auto *dialog = new UsageDialog(m_pool, leases, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show(); // not modal: the operator copies and goes on
}

void MainWindow::handleCancelWaiting()
{
    QList<quint64> ids;
    for (const QModelIndex &i : m_waitingView->selectionModel()->selectedRows())
        if (const quint64 id = i.data(QueueIdRole).toULongLong())
            ids.append(id);
    if (ids.isEmpty()) {
        showNotice(tr("Select a waiting request (Waiting tab) first."), true);
        return;
    }
    for (quint64 id : ids) {
        m_pool.cancelQueued(id, [self = QPointer(this), id](const pool::Result<bool> &r) {
            if (!self)
                return;
            if (!r)
                self->showNotice(r.error().message, true);
            else
                self->showNotice(*r ? tr("Cancelled waiting request %1.").arg(id)
                                    : tr("Request %1 is no longer waiting.").arg(id),
                                 !*r);
            self->m_presenter->refresh();
        });
    }
}

void MainWindow::handleRelease()
{
    const QStringList ids = selectedLeaseIds();
    if (ids.isEmpty()) {
        showNotice(tr("Select a lease (Leases tab) or a leased GPU first."), true);
        return;
    }
    const QString me = m_pool.owner();
    for (const QString &id : ids) {
        const std::optional<lease::Lease> l = m_pool.findLease(id);
        if (l && l->owner != me) {
            const auto answer = QMessageBox::question(
                this, tr("Revoke lease"),
                tr("GPU %1 is leased by %2. Revoke their lease?").arg(m_pool.displayGpuId(*l), l->owner));
            if (answer != QMessageBox::Yes)
                continue;
            m_pool.revokeLease(id, [self = QPointer(this), gpu = m_pool.displayGpuId(*l)](const auto &r) {
                if (!self)
                    return;
                self->showNotice(r.ok() ? tr("Revoked the lease on %1.").arg(gpu) : r.error().message, !r.ok());
                self->m_presenter->refresh();
            });
            continue;
        }
        m_pool.releaseGpu(id, {}, [self = QPointer(this)](const pool::Result<lease::LeaseEnd> &r) {
            if (!self)
                return;
            self->showNotice(r.ok() ? tr("Released %1.").arg(self->m_pool.displayGpuId(r->lease)) : r.error().message,
                             !r.ok());
            self->m_presenter->refresh();
        });
    }
}

void MainWindow::handleRenew()
{
    const QStringList ids = selectedLeaseIds();
    if (ids.isEmpty()) {
        showNotice(tr("Select a lease (Leases tab) or a leased GPU first."), true);
        return;
    }
    for (const QString &id : ids) {
        m_pool.renew(id, 0, [self = QPointer(this)](const pool::Result<lease::Lease> &r) {
            if (!self)
                return;
            self->showNotice(r.ok() ? tr("Renewed %1 until %2.")
                                          .arg(self->m_pool.displayGpuId(r.value()),
                                               QLocale().toString(QDateTime::fromMSecsSinceEpoch(r->expiresMs),
                                                                  QLocale::ShortFormat))
                                    : r.error().message,
                             !r.ok());
            self->m_presenter->refresh();
        });
    }
}

void MainWindow::handleRecover()
{
    const QString id = selectedEndpointId();
    if (id.isEmpty()) {
        const int n = m_pool.triggerRecoveryAll();
        showNotice(tr("Probing %n open breaker(s) now.", nullptr, n));
        return;
    }
    const auto r = m_pool.triggerEndpointRecovery(id);
    if (!r.ok())
        showNotice(r.error().message, true);
    else if (r.value())
        showNotice(tr("%1: breaker half-open, probing now.").arg(id));
    else
        showNotice(tr("%1: the breaker is not open; nothing to recover.").arg(id));
}

void MainWindow::handlePausePolling(bool paused)
{
    if (paused == m_pool.isPollingPaused())
        return;
    m_pool.setPollingPaused(paused);
    showNotice(paused ? tr("Polling paused: no GPU is assignable once the last readings are 3 intervals old; "
                           "leases and waiting requests stay.")
                      : tr("Polling resumed."));
}

void MainWindow::handlePollingPausedChanged(bool paused)
{
    if (QAction *a = action(Action::PausePolling); a && a->isChecked() != paused) {
        const QSignalBlocker block(a);
        a->setChecked(paused);
    }
    updateStatusBar();
}

void MainWindow::handleStrategyChosen(int index)
{
    const QString name = m_strategyBox->itemData(index).toString();
    if (name == m_pool.strategy())
        return;
    m_pool.setStrategy(name, [self = QPointer(this)](const pool::Status &s) {
        if (!self)
            return;
        if (s) {
            self->showNotice(s->message, true);
            self->m_strategyBox->setCurrentIndex(qMax(0, self->m_strategyBox->findData(self->m_pool.strategy())));
            return;
        }
        self->handleStrategyChanged(self->m_pool.strategy());
    });
}

void MainWindow::handleStrategyChanged(const QString &name)
{
    const int i = m_strategyBox->findData(name);
    if (i >= 0 && i != m_strategyBox->currentIndex()) {
        const QSignalBlocker block(m_strategyBox);
        m_strategyBox->setCurrentIndex(i);
    }
    for (QAction *a : m_strategyGroup->actions())
        a->setChecked(a->data().toString() == name);
    if (m_statusStrategy)
        updateStatusBar();
}

void MainWindow::handleSettings()
{
    ConsoleSettings current = ConsoleSettings::from(m_pool.settings());
    current.theme = Theme::current();
    current.notifications = m_notifier->isEnabled();
    const balance::Thresholds t = m_pool.thresholds();
    current.memoryThresholdPercent = t.memoryPercent;
    current.utilizationThresholdPercent = t.utilizationPercent;
    SettingsDialog dialog(current, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConsoleSettings chosen = dialog.settings();
    applySettings(chosen);
}

void MainWindow::applySettings(const ConsoleSettings &chosen)
{
    // At once: thresholds, theme, notifications.
    m_pool.setThresholds({ chosen.memoryThresholdPercent, chosen.utilizationThresholdPercent });
    if (chosen.theme != Theme::current())
        Theme::apply(chosen.theme);
    m_notifier->setEnabled(chosen.notifications);
    QSettings console;
    if (m_demo) {
        console.setValue(QStringLiteral("theme"), Theme::name(chosen.theme));
        console.setValue(QStringLiteral("notifications"), chosen.notifications);
        showNotice(tr("Demo: thresholds, theme and notifications applied; endpoints and intervals are the demo's and "
                      "were not saved."));
    } else {
        QSettings shared(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("gpupool"),
                         QStringLiteral("gpupool"));
        chosen.save(shared, console);
        showNotice(tr("Settings saved. Endpoints, intervals and the store apply when the console starts again."));
    }
    // Keys to the keyring only; the reply says whether it kept them.
    for (const EndpointEntry &e : chosen.endpoints) {
        if (e.apiKey.isEmpty() || !m_secrets)
            continue;
        const QString id
            = e.name.isEmpty() ? config::endpointIdForUrl(config::checkPinnedEndpointUrl(e.url).url) : e.name;
        m_secrets->setApiKey(id, e.apiKey.toUtf8(), [this, id](const keyring::SecretResult &r) {
            showNotice(r.ok() ? tr("API key of %1 saved in the keyring.").arg(id)
                              : tr("API key of %1: %2").arg(id, KeychainSecretStore::describe(r)),
                       !r.ok());
        });
    }
    tick();
}

} // namespace gpupool::ui
