// The Waiting tab and the status bar's count, offscreen, on a real Pool on a
// SQLite store that a second Pool (another program's connection to the same
// file) also waits on: the console shows every program's waiters in the
// store's order, cancels its own owner's, and refuses anyone else's.

#include "ui/democluster.h"
#include "ui/mainwindow.h"
#include "ui/roles.h"

#include "pool/pool.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace gpupool;
using namespace gpupool::ui;

class TestUiWaiting : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void showsEveryProgramsWaitersAndCancelsOnlyOwn();

private:
    std::unique_ptr<pool::Pool> makePool(const QString &owner) const
    {
        pool::PoolOptions options;
        options.settings.mode = config::Mode::MultiEndpoint;
        options.settings.endpoints.append({ QStringLiteral("alpha"), QUrl(m_cluster->urls().at(0)), true, {} });
        options.settings.pollingIntervalSeconds = 0.2;
        options.settings.memoryThresholdPercent = 101;
        options.settings.utilizationThresholdPercent = 101;
        options.settings.storeUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("leases.sqlite"));
        options.owner = owner;
        return std::make_unique<pool::Pool>(options);
    }
    QStringList owners() const
    {
        QStringList out;
        QAbstractItemModel *m = m_view->model();
        for (int r = 0; r < m->rowCount(); ++r)
            out.append(m->index(r, 2).data().toString());
        return out;
    }
    void select(int row)
    {
        m_view->selectionModel()->select(m_view->model()->index(row, 0),
                                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<DemoCluster> m_cluster;
    std::unique_ptr<pool::Pool> m_console;
    std::unique_ptr<pool::Pool> m_other;
    std::unique_ptr<MainWindow> m_window;
    QTableView *m_view = nullptr;
    QPushButton *m_cancel = nullptr;
    // Outlive the test function: a Pool destroyed later still answers.
    std::optional<pool::Result<QList<lease::Lease>>> theirs, mine;
};

void TestUiWaiting::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_cluster = std::make_unique<DemoCluster>();
    QVERIFY2(m_cluster->start({ { QStringLiteral("alpha"), 1, 1, false } }), qPrintable(m_cluster->error()));
    m_console = makePool(QStringLiteral("operator@test"));
    m_other = makePool(QStringLiteral("other@ws2"));
    for (pool::Pool *p : { m_console.get(), m_other.get() }) {
        const pool::Status started = p->start();
        QVERIFY2(!started, started ? qPrintable(started->message) : "");
        QTRY_VERIFY_WITH_TIMEOUT(p->availableGpus() == 1, 15'000);
    }
    m_window = std::make_unique<MainWindow>(*m_console);
    m_window->show();
    m_view = m_window->findChild<QTableView *>(QStringLiteral("waiting"));
    QVERIFY(m_view);
    for (QPushButton *b : m_window->findChildren<QPushButton *>())
        if (b->text() == MainWindow::tr("&Cancel request"))
            m_cancel = b;
    QVERIFY(m_cancel);
}

void TestUiWaiting::cleanupTestCase()
{
    m_window.reset();
    m_other.reset();
    m_console.reset();
}

void TestUiWaiting::showsEveryProgramsWaitersAndCancelsOnlyOwn()
{
    // The only GPU is the console's; the other program waits first, then the console.
    pool::ReserveRequest one;
    const auto held = m_console->reserve(one);
    if (!held)
        QFAIL(qPrintable(held.error().message));
    m_other->requestGpus(one, -1, [this](const pool::Result<QList<lease::Lease>> &r) { theirs = r; });
    m_console->requestGpus(one, -1, [this](const pool::Result<QList<lease::Lease>> &r) { mine = r; });
    QTRY_COMPARE_WITH_TIMEOUT((m_window->tick(), owners()),
                              (QStringList { QStringLiteral("other@ws2"), QStringLiteral("operator@test") }), 10'000);
    QCOMPARE(m_window->waitingLabel()->text(), MainWindow::tr("Waiting: %1").arg(2));
    QCOMPARE(m_view->model()->index(0, 3).data().toString(), QStringLiteral("1 GPU"));

    // Someone else's request is refused and stays; one's own is withdrawn.
    select(0);
    m_cancel->click();
    m_window->tick();
    QVERIFY2(owners().size() == 2,
             qPrintable(owners().join(QLatin1Char(' ')) + QStringLiteral(" mine done: %1").arg(mine.has_value())));
    select(1);
    m_cancel->click();
    QTRY_VERIFY(mine.has_value());
    QVERIFY(!*mine);
    QCOMPARE(mine->error().code, pool::ErrorCode::Cancelled);
    m_window->tick();
    QCOMPARE(owners(), QStringList { QStringLiteral("other@ws2") });
    QCOMPARE(m_window->waitingLabel()->text(), MainWindow::tr("Waiting: %1").arg(1));

    // The GPU frees: the other program, first in line, gets it.
    QVERIFY(m_console->releaseGpu(held->first()));
    QTRY_VERIFY_WITH_TIMEOUT(theirs.has_value(), 10'000);
    if (!*theirs)
        QFAIL(qPrintable(theirs->error().message));
    QTRY_COMPARE_WITH_TIMEOUT((m_window->tick(), owners()), QStringList(), 10'000);
}

QTEST_MAIN(TestUiWaiting)
#include "tst_ui_waiting.moc"
