// The console's models: QAbstractItemModelTester on each (and on the proxies
// over them), and the rule of docs/architecture.md: an update emits dataChanged for
// the rows that changed and nothing else - no reset, no blanket refresh.

#include "ui/endpointsmodel.h"
#include "ui/eventlogmodel.h"
#include "ui/filterproxies.h"
#include "ui/gpugroupproxy.h"
#include "ui/gputreeview.h"
#include "ui/gpusmodel.h"
#include "ui/leasesmodel.h"
#include "ui/roles.h"

#include "pool/poolstatus.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

using namespace gpupool;
using namespace gpupool::ui;

namespace {

pool::EndpointInfo endpointInfo(const QString &id, int available)
{
    pool::EndpointInfo info;
    info.id = id;
    info.url = QUrl(QStringLiteral("http://") + id + QStringLiteral(":8000"));
    info.health = endpoint::Health::Healthy;
    info.totalGpus = 8;
    info.availableGpus = available;
    info.responseTimeMs = 12.3;
    info.lastSeenAgeMs = 400;
    return info;
}

QList<EndpointRow> endpointRows(int n, int changedIndex = -1)
{
    QList<EndpointRow> rows;
    for (int i = 0; i < n; ++i)
        rows.append(EndpointRow::from(endpointInfo(QStringLiteral("ep%1").arg(i), i == changedIndex ? 1 : 5), -1,
                                      { 10, 20, 30 }));
    return rows;
}

GpuRow gpuRow(const QString &endpoint, int local, double util, const QString &holder = {})
{
    pool::GpuInfo g;
    g.endpointId = endpoint;
    g.localId = local;
    g.globalId = endpoint + QLatin1Char(':') + QString::number(local);
    g.gpuId = g.globalId;
    g.name = QStringLiteral("NVIDIA H100");
    g.memoryPercent = 10;
    g.utilizationPercent = util;
    g.underThresholds = util < 90;
    g.assignable = g.underThresholds && holder.isEmpty();
    if (!holder.isEmpty()) {
        lease::Lease l;
        l.id = QStringLiteral("lease-") + g.globalId;
        l.owner = holder;
        l.endpointId = endpoint;
        l.localGpuId = local;
        l.expiresMs = 1'800'000'000'000;
        g.lease = l;
    }
    return GpuRow::from(g, true, QStringLiteral("me@host"));
}

// The rows [first, last] of every dataChanged, flattened.
QList<int> changedRows(const QSignalSpy &spy)
{
    QList<int> rows;
    for (const QList<QVariant> &args : spy) {
        const auto tl = args.at(0).value<QModelIndex>(), br = args.at(1).value<QModelIndex>();
        for (int r = tl.row(); r <= br.row(); ++r)
            rows.append(r);
    }
    return rows;
}

} // namespace

class TestUiModels : public QObject
{
    Q_OBJECT

private slots:
    void endpointsModelPassesTester()
    {
        EndpointsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TextFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(endpointRows(5));
        QCOMPARE(model.rowCount(), 5);
        model.setRows(endpointRows(3)); // removals
        model.setRows(endpointRows(7, 2)); // insertions and a change
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.index(2, EndpointsModel::Gpus).data().toString(), QStringLiteral("1 / 8"));
        QCOMPARE(model.index(0, EndpointsModel::Utilization).data(SparklineRole).value<QList<qreal>>(),
                 (QList<qreal> { 10, 20, 30 }));
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }

    void onlyChangedRowsAreReported()
    {
        EndpointsModel model;
        model.setRows(endpointRows(100));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        model.setRows(endpointRows(100)); // the same values: nothing at all
        QCOMPARE(changed.count(), 0);

        model.setRows(endpointRows(100, 42));
        QCOMPARE(changedRows(changed), QList<int> { 42 });
        QCOMPARE(model.lastChangedRows(), 1);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);

        // A value below the precision shown is no change.
        QList<EndpointRow> rows = endpointRows(100, 42);
        pool::EndpointInfo nudged = endpointInfo(QStringLiteral("ep7"), 5);
        nudged.responseTimeMs = 12.31;
        rows[7] = EndpointRow::from(nudged, -1, { 10, 20, 30 });
        changed.clear();
        model.setRows(rows);
        QCOMPARE(changed.count(), 0);
    }

    void gpusModelPassesTesterAndFilters()
    {
        GpusModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        GpuFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(GpusModel::Utilization, Qt::DescendingOrder);

        model.setRows({ gpuRow(QStringLiteral("a"), 0, 10), gpuRow(QStringLiteral("a"), 1, 95),
                        gpuRow(QStringLiteral("b"), 0, 50, QStringLiteral("me@host")) });
        QCOMPARE(proxy.rowCount(), 3);
        // Flat: sorted across endpoints (GpuGroupProxy groups them).
        QCOMPARE(proxy.index(0, GpusModel::Gpu).data().toString(), QStringLiteral("a:1"));
        QCOMPARE(proxy.index(1, GpusModel::Gpu).data().toString(), QStringLiteral("b:0"));

        QCOMPARE(model.index(1, GpusModel::Status).data().toString(), QStringLiteral("busy (over threshold)"));
        QCOMPARE(model.index(2, GpusModel::Status).data().toString(), QStringLiteral("leased (you)"));
        QCOMPARE(model.index(1, GpusModel::Utilization).data(PercentRole).toDouble(), 95.0);
        QCOMPARE(model.index(1, GpusModel::Utilization).data(ThresholdRole).toDouble(), 90.0);

        proxy.setFilterText(QStringLiteral("leased"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterText({});

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setRows({ gpuRow(QStringLiteral("a"), 0, 10), gpuRow(QStringLiteral("a"), 1, 40),
                        gpuRow(QStringLiteral("b"), 0, 50, QStringLiteral("me@host")) });
        QCOMPARE(changedRows(changed), QList<int> { 1 });

        // Thresholds move every bar's mark: one signal over the bar columns, threshold role only.
        changed.clear();
        model.setThresholds({ 70, 60 });
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(2).value<QList<int>>(), QList<int> { ThresholdRole });

        // Only the columns that changed: a proxy sorted on another column
        // neither re-sorts nor changes its layout.
        proxy.sort(GpusModel::Gpu, Qt::AscendingOrder);
        QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
        changed.clear();
        model.setRows({ gpuRow(QStringLiteral("a"), 0, 10), gpuRow(QStringLiteral("a"), 1, 41),
                        gpuRow(QStringLiteral("b"), 0, 50, QStringLiteral("me@host")) });
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().column(), int(GpusModel::Utilization));
        QCOMPARE(changed.first().at(1).value<QModelIndex>().column(), int(GpusModel::Utilization));
        QCOMPARE(layout.count(), 0);
        // Over the threshold: the status too.
        changed.clear();
        model.setRows({ gpuRow(QStringLiteral("a"), 0, 10), gpuRow(QStringLiteral("a"), 1, 95),
                        gpuRow(QStringLiteral("b"), 0, 50, QStringLiteral("me@host")) });
        QCOMPARE(changed.first().at(0).value<QModelIndex>().column(), int(GpusModel::Utilization));
        QCOMPARE(changed.first().at(1).value<QModelIndex>().column(), int(GpusModel::Status));
        QCOMPARE(proxy.index(1, GpusModel::Status).data().toString(), QStringLiteral("busy (over threshold)"));
        QCOMPARE(layout.count(), 0);
    }

    // TextFilterProxy reads GpusModel's numbers straight from the rows
    // (SortKeyModel): the order must be the one SortRole's QVariants give.
    void gpuSortKeysOrderAsSortRole()
    {
        GpusModel model;
        QList<GpuRow> rows;
        for (int i = 0; i < 40; ++i) {
            GpuRow r = gpuRow(QStringLiteral("e%1").arg(i % 5), i, (i * 37) % 101,
                              i % 7 == 0 ? QStringLiteral("bob") : QString());
            r.memoryPercent10 = (i * 13) % 9 * 100; // ties
            if (i % 3)
                r.temperatureC = 30 + (i * 11) % 40;
            if (i % 4)
                r.powerW = (i * 29) % 700;
            rows.append(r);
        }
        model.setRows(rows);
        TextFilterProxy fast;
        fast.setSourceModel(&model);
        QSortFilterProxyModel plain;
        plain.setSortRole(SortRole);
        plain.setSortCaseSensitivity(Qt::CaseInsensitive);
        plain.setSourceModel(&model);
        for (int column = 0; column < GpusModel::ColumnCount; ++column) {
            for (Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
                fast.sort(column, order);
                plain.sort(column, order);
                for (int r = 0; r < model.rowCount(); ++r)
                    QCOMPARE(fast.index(r, GpusModel::Gpu).data(KeyRole).toString(),
                             plain.index(r, GpusModel::Gpu).data(KeyRole).toString());
            }
        }
    }

    void leasesModelAndMineFilter()
    {
        LeasesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        LeaseFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        lease::Lease mine;
        mine.id = QStringLiteral("l1");
        mine.owner = QStringLiteral("me@host");
        lease::Lease theirs = mine;
        theirs.id = QStringLiteral("l2");
        theirs.owner = QStringLiteral("alice@lab");
        model.setRows({ LeaseRow::from(mine, QStringLiteral("a:0"), QStringLiteral("me@host")),
                        LeaseRow::from(theirs, QStringLiteral("a:1"), QStringLiteral("me@host")) });
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setMineOnly(true);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, LeasesModel::Owner).data().toString(), QStringLiteral("me@host"));

        lease::LeaseEnd end;
        end.lease = theirs;
        end.reason = lease::EndReason::Revoked;
        end.endedBy = QStringLiteral("me@host");
        LeasesModel history;
        QAbstractItemModelTester historyTester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.setRows({ LeaseRow::from(end, QStringLiteral("a:1"), QStringLiteral("me@host")) });
        QCOMPARE(history.index(0, LeasesModel::State).data().toString(), QStringLiteral("revoked by me@host"));
    }

    void eventLogIsCapped()
    {
        EventLogModel model(nullptr, 3);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TextFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 5; ++i)
            model.append(EventKind::Grant, QStringLiteral("ep"), QStringLiteral("event %1").arg(i));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, EventLogModel::Message).data().toString(), QStringLiteral("event 2"));
        proxy.setFilterText(QStringLiteral("event 4"));
        QCOMPARE(proxy.rowCount(), 1);
    }

    void gpuGroupsPassTesterFilterAndSort()
    {
        GpusModel model;
        TextFilterProxy flat;
        flat.setSourceModel(&model);
        GpuGroupProxy groups;
        groups.setSourceModel(&flat);
        groups.setGroupOrder({ QStringLiteral("b"), QStringLiteral("a") });
        QAbstractItemModelTester tester(&groups, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto child = [&groups](const QString &endpoint, int row) {
            return groups.index(row, GpusModel::Gpu, groups.groupIndex(endpoint)).data().toString();
        };

        model.setRows({ gpuRow(QStringLiteral("a"), 0, 10), gpuRow(QStringLiteral("a"), 1, 95),
                        gpuRow(QStringLiteral("b"), 0, 50, QStringLiteral("me@host")),
                        gpuRow(QStringLiteral("a"), 2, 30) });
        // Groups in the order given, each with its GPUs and counts.
        QCOMPARE(groups.rowCount(), 2);
        const QModelIndex b = groups.index(0, 0), a = groups.index(1, 0);
        QVERIFY(groups.isGroup(a) && groups.isGroup(b));
        QCOMPARE(b.data().toString(), QStringLiteral("b"));
        QCOMPARE(a.data().toString(), QStringLiteral("a"));
        QCOMPARE(groups.rowCount(a), 3);
        QCOMPARE(groups.rowCount(b), 1);
        QCOMPARE(groups.index(1, GpusModel::Status).data().toString(), QStringLiteral("2 of 3 available"));
        QCOMPARE(groups.index(0, GpusModel::Status).data().toString(), QStringLiteral("0 of 1 available"));
        QVERIFY(!(groups.flags(a) & Qt::ItemIsSelectable));
        QVERIFY(groups.flags(groups.index(0, 0, a)) & Qt::ItemIsSelectable);
        QCOMPARE(groups.headerData(GpusModel::Utilization, Qt::Horizontal).toString(), QStringLiteral("Utilization"));

        // Sort on any column, inside each group (through the view's model).
        groups.sort(GpusModel::Utilization, Qt::DescendingOrder);
        QCOMPARE(child(QStringLiteral("a"), 0), QStringLiteral("a:1"));
        QCOMPARE(child(QStringLiteral("a"), 1), QStringLiteral("a:2"));
        QCOMPARE(child(QStringLiteral("a"), 2), QStringLiteral("a:0"));
        QCOMPARE(groups.index(0, 0).data().toString(), QStringLiteral("b")); // groups stay put
        const QPersistentModelIndex kept(groups.index(2, GpusModel::Gpu, groups.groupIndex(QStringLiteral("a"))));
        QCOMPARE(kept.data().toString(), QStringLiteral("a:0"));
        groups.sort(GpusModel::Utilization, Qt::AscendingOrder);
        QCOMPARE(child(QStringLiteral("a"), 0), QStringLiteral("a:0"));
        QCOMPARE(kept.row(), 0); // a selection follows its GPU
        QCOMPARE(kept.data().toString(), QStringLiteral("a:0"));

        // Filter: inside groups; a group with nothing left goes.
        flat.setFilterText(QStringLiteral("leased"));
        QCOMPARE(groups.rowCount(), 1);
        QCOMPARE(groups.index(0, 0).data().toString(), QStringLiteral("b"));
        QVERIFY(!kept.isValid());
        flat.setFilterText(QStringLiteral("a:"));
        QCOMPARE(groups.rowCount(), 1);
        QCOMPARE(groups.rowCount(groups.groupIndex(QStringLiteral("a"))), 3);
        flat.setFilterText({});
        QCOMPARE(groups.rowCount(), 2);

        // A value change: dataChanged for that GPU only, and its group's row
        // when the counts moved.
        QSignalSpy changed(&groups, &QAbstractItemModel::dataChanged);
        QSignalSpy layout(&groups, &QAbstractItemModel::layoutChanged);
        flat.sort(-1); // no re-sort: only the values change
        layout.clear();
        changed.clear();
        model.setRows({ gpuRow(QStringLiteral("a"), 0, 10), gpuRow(QStringLiteral("a"), 1, 95),
                        gpuRow(QStringLiteral("b"), 0, 50, QStringLiteral("me@host")),
                        gpuRow(QStringLiteral("a"), 2, 31) });
        QCOMPARE(changed.count(), 1);
        const QModelIndex tl = changed.first().at(0).value<QModelIndex>();
        QCOMPARE(tl.parent(), groups.groupIndex(QStringLiteral("a")));
        QCOMPARE(tl.siblingAtColumn(GpusModel::Gpu).data().toString(), QStringLiteral("a:2"));
        QCOMPARE(changed.first().at(1).value<QModelIndex>().row(), tl.row());
        changed.clear();
        model.setRows({ gpuRow(QStringLiteral("a"), 0, 10), gpuRow(QStringLiteral("a"), 1, 95),
                        gpuRow(QStringLiteral("b"), 0, 50, QStringLiteral("me@host")),
                        gpuRow(QStringLiteral("a"), 2, 99) }); // a:2 over the threshold now
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>(), groups.groupIndex(QStringLiteral("a")));
        QCOMPARE(groups.groupIndex(QStringLiteral("a")).siblingAtColumn(GpusModel::Status).data().toString(),
                 QStringLiteral("1 of 3 available"));
        QCOMPARE(layout.count(), 0);

        // Changes in several groups: one signal per run of neighbours in a
        // group (a:0..a:2 are neighbours in their group, not in the source).
        changed.clear();
        model.setRows({ gpuRow(QStringLiteral("a"), 0, 11), gpuRow(QStringLiteral("a"), 1, 96),
                        gpuRow(QStringLiteral("b"), 0, 51, QStringLiteral("me@host")),
                        gpuRow(QStringLiteral("a"), 2, 98) });
        QCOMPARE(changed.count(), 2);
        QStringList reported;
        for (const QList<QVariant> &args : std::as_const(changed)) {
            const auto from = args.at(0).value<QModelIndex>(), to = args.at(1).value<QModelIndex>();
            QCOMPARE(from.parent(), to.parent());
            for (int r = from.row(); r <= to.row(); ++r)
                reported.append(from.siblingAtRow(r).siblingAtColumn(GpusModel::Gpu).data().toString());
        }
        reported.sort();
        QCOMPARE(reported,
                 (QStringList { QStringLiteral("a:0"), QStringLiteral("a:1"), QStringLiteral("a:2"),
                                QStringLiteral("b:0") }));
        QCOMPARE(layout.count(), 0);

        // GPUs and endpoints come and go.
        model.setRows({ gpuRow(QStringLiteral("a"), 0, 10), gpuRow(QStringLiteral("c"), 0, 10) });
        QCOMPARE(groups.rowCount(), 2);
        QCOMPARE(groups.index(0, 0).data().toString(), QStringLiteral("a"));
        QCOMPARE(groups.index(1, 0).data().toString(), QStringLiteral("c")); // unknown to the order: after
        model.setRows({});
        QCOMPARE(groups.rowCount(), 0);
    }

    void gpuTreeRepaintsChangedValuesGroupedAndFlat()
    {
        // GpuTreeView skips QTreeView's measuring for GPU rows: the rows
        // must still be repainted, grouped and flat, and a group's counts too.
        GpusModel model;
        TextFilterProxy flat;
        flat.setSourceModel(&model);
        GpuGroupProxy groups;
        groups.setSourceModel(&flat);
        GpuTreeView view;
        view.setUniformRowHeights(true);
        view.resize(600, 300);
        struct PaintCount : QObject
        {
            int paints = 0;
            bool eventFilter(QObject *, QEvent *e) override
            {
                paints += e->type() == QEvent::Paint ? 1 : 0;
                return false;
            }
        } count;
        view.viewport()->installEventFilter(&count);
        model.setRows({ gpuRow(QStringLiteral("a"), 0, 10), gpuRow(QStringLiteral("a"), 1, 20) });
        for (QAbstractItemModel *shown : std::initializer_list<QAbstractItemModel *> { &groups, &flat }) {
            view.setModel(shown);
            view.expandAll();
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            QCoreApplication::processEvents();
            count.paints = 0;
            model.setRows({ gpuRow(QStringLiteral("a"), 0, 55), gpuRow(QStringLiteral("a"), 1, 20) });
            QTRY_VERIFY(count.paints > 0);
            count.paints = 0;
            QCoreApplication::processEvents();
            QCOMPARE(count.paints, 0); // nothing left to paint: one repaint per change
            model.setRows({ gpuRow(QStringLiteral("a"), 0, 10), gpuRow(QStringLiteral("a"), 1, 20) });
            QTRY_VERIFY(count.paints > 0);
        }
    }

    void resortInsideGroupsIsDataChangedUnlessSeveralRowsAreHeld()
    {
        // A console sorted by utilization re-sorts on every tick. With at
        // most one row held, the rows stay and show their new GPUs; with a
        // selection over several rows, only a layout change can split it.
        GpusModel model;
        TextFilterProxy flat;
        flat.setSourceModel(&model);
        GpuGroupProxy groups;
        groups.setSourceModel(&flat);
        QAbstractItemModelTester tester(&groups, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QItemSelectionModel selection(&groups);
        const auto rows = [](double a0, double a1, double a2, double b0) {
            return QList<GpuRow> { gpuRow(QStringLiteral("a"), 0, a0), gpuRow(QStringLiteral("a"), 1, a1),
                                   gpuRow(QStringLiteral("a"), 2, a2), gpuRow(QStringLiteral("b"), 0, b0) };
        };
        const auto order = [&groups](const QString &endpoint) {
            QStringList out;
            const QModelIndex g = groups.groupIndex(endpoint);
            for (int r = 0; r < groups.rowCount(g); ++r)
                out << groups.index(r, GpusModel::Gpu, g).data().toString();
            return out;
        };
        model.setRows(rows(10, 20, 30, 50));
        groups.sort(GpusModel::Utilization, Qt::DescendingOrder);
        QCOMPARE(order(QStringLiteral("a")),
                 (QStringList { QStringLiteral("a:2"), QStringLiteral("a:1"), QStringLiteral("a:0") }));
        QSignalSpy layout(&groups, &QAbstractItemModel::layoutChanged);
        QSignalSpy changed(&groups, &QAbstractItemModel::dataChanged);

        // Nothing held: no layout change; the new order shows.
        model.setRows(rows(30, 20, 10, 50));
        QCOMPARE(order(QStringLiteral("a")),
                 (QStringList { QStringLiteral("a:0"), QStringLiteral("a:1"), QStringLiteral("a:2") }));
        QCOMPARE(layout.count(), 0);
        QVERIFY(!changed.isEmpty());

        // One GPU current and selected: still no layout change, and the
        // selection follows the GPU.
        const QModelIndex a = groups.groupIndex(QStringLiteral("a"));
        selection.setCurrentIndex(groups.index(0, 0, a),
                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        model.setRows(rows(5, 20, 40, 50));
        QCOMPARE(order(QStringLiteral("a")),
                 (QStringList { QStringLiteral("a:2"), QStringLiteral("a:1"), QStringLiteral("a:0") }));
        QCOMPARE(layout.count(), 0);
        QCOMPARE(selection.currentIndex().siblingAtColumn(GpusModel::Gpu).data().toString(), QStringLiteral("a:0"));
        QCOMPARE(selection.selectedRows().size(), 1);
        QCOMPARE(selection.selectedRows().first().data().toString(), QStringLiteral("a:0"));
        QCOMPARE(selection.selectedRows().first().row(), 2);

        // Two GPUs selected in one range: a layout change, after which the
        // same two GPUs are selected though they are no longer neighbours.
        selection.select(QItemSelection(groups.index(1, 0, a), groups.index(2, GpusModel::Utilization, a)),
                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        model.setRows(rows(50, 20, 40, 50)); // a:0 first, then a:2, then a:1
        QCOMPARE(order(QStringLiteral("a")),
                 (QStringList { QStringLiteral("a:0"), QStringLiteral("a:2"), QStringLiteral("a:1") }));
        QCOMPARE(layout.count(), 1);
        QStringList selected;
        for (const QModelIndex &i : selection.selectedRows())
            selected << i.data().toString();
        selected.sort();
        QCOMPARE(selected, (QStringList { QStringLiteral("a:0"), QStringLiteral("a:1") }));
    }
};

QTEST_MAIN(TestUiModels)
#include "tst_ui_models.moc"
