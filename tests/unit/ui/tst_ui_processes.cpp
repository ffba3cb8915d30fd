// The Processes view's model: one row per process of each GPU whose
// processes were read, with its GPU's lease holder, use without a lease
// marked; QAbstractItemModelTester watches it while rows change, and a tick
// that changes one process changes one row.
#include "ui/processesmodel.h"
#include "ui/roles.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace gpupool;
using namespace gpupool::ui;

namespace {

stats::GpuProcess process(qint64 pid, const QString &user, qint64 memoryMb)
{
    stats::GpuProcess p;
    p.pid = pid;
    p.user = user;
    p.processName = QStringLiteral("python3");
    p.usedMemoryMb = memoryMb;
    p.gpuIndex = 0;
    return p;
}

pool::GpuInfo gpu(const QString &endpoint, int local, QList<stats::GpuProcess> processes, const QString &holder = {})
{
    pool::GpuInfo g;
    g.endpointId = endpoint;
    g.localId = local;
    g.globalId = endpoint + QLatin1Char(':') + QString::number(local);
    g.gpuId = g.globalId;
    g.processes = std::move(processes);
    if (!holder.isEmpty()) {
        lease::Lease l;
        l.owner = holder;
        g.lease = l;
    }
    return g;
}

} // namespace

class TestUiProcesses : public QObject
{
    Q_OBJECT

private slots:
    void rowsFromGpus()
    {
        pool::GpuInfo unread;
        unread.globalId = QStringLiteral("old:0");
        QVERIFY(ProcessRow::from(unread).isEmpty()); // processes not read: no rows, not "none"

        pool::GpuInfo busy = gpu(QStringLiteral("a"), 1,
                                 { process(10, QStringLiteral("alice"), 1000), process(11, QStringLiteral("bob"), 5) },
                                 QStringLiteral("alice@ws"));
        busy.unleasedUsers = { QStringLiteral("bob") };
        const QList<ProcessRow> rows = ProcessRow::from(busy);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).leaseOwner, QStringLiteral("alice@ws"));
        QVERIFY(!rows.at(0).withoutLease);
        QVERIFY(rows.at(1).withoutLease);
        QCOMPARE(rows.at(1).key(), QStringLiteral("a:1/11"));
        QCOMPARE(busy.usersBesideHolder(), QStringList { QStringLiteral("bob") });
    }

    void modelShowsAndUpdates()
    {
        ProcessesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        pool::GpuInfo g = gpu(QStringLiteral("a"), 0,
                              { process(10, QStringLiteral("alice"), 1000), process(11, QStringLiteral("bob"), 5) });
        g.unleasedUsers = { QStringLiteral("bob") };
        model.setRows(ProcessRow::from(g));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(ProcessesModel::ColumnCount));
        const auto text = [&](int row, ProcessesModel::Column c) { return model.index(row, c).data().toString(); };
        QCOMPARE(text(0, ProcessesModel::User), QStringLiteral("alice"));
        QCOMPARE(text(0, ProcessesModel::Memory), QStringLiteral("1000 MiB"));
        QCOMPARE(text(1, ProcessesModel::Lease), QStringLiteral("none: in use without a lease"));
        QVERIFY(model.index(1, ProcessesModel::Lease).data(Qt::ToolTipRole).toString().contains(QLatin1String("bob")));
        QCOMPARE(model.index(0, 0).data(EndpointIdRole).toString(), QStringLiteral("a"));

        // One process grows: one row changes; one ends: one row goes.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        g.processes = QList<stats::GpuProcess> { process(10, QStringLiteral("alice"), 2000) };
        g.unleasedUsers.clear();
        model.setRows(ProcessRow::from(g));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(text(0, ProcessesModel::Memory), QStringLiteral("2000 MiB"));

        // A user the host cannot name (another pid namespace).
        stats::GpuProcess hidden = process(7, QString(), 1);
        hidden.user.reset();
        g.processes = QList<stats::GpuProcess> { hidden };
        model.setRows(ProcessRow::from(g));
        QCOMPARE(text(0, ProcessesModel::User), QStringLiteral("unknown"));
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestUiProcesses)
#include "tst_ui_processes.moc"
