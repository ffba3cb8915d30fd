// The GPUs view's column descriptors (ui/gpucolumns.h) against what the model
// shows: change each field of a row in turn, and every column whose data
// changed in any role must be inside the dataChanged the model emits, and the
// numeric sort keys must order as SortRole does. A field a descriptor forgets
// to name fails here, not in a view that silently stops repainting.
#include "ui/gpucolumns.h"
#include "ui/gpusmodel.h"
#include "ui/roles.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <functional>

using namespace gpupool;
using namespace gpupool::ui;

namespace {

GpuRow baseRow()
{
    GpuRow r;
    r.gpuId = QStringLiteral("gpu1:0");
    r.globalId = QStringLiteral("gpu1:0");
    r.endpointId = QStringLiteral("gpu1");
    r.localId = 0;
    r.name = QStringLiteral("NVIDIA H100 80GB HBM3");
    r.memoryPercent10 = 123;
    r.utilizationPercent10 = 456;
    r.memoryTotalMb = 81'559;
    r.temperatureC = 41;
    r.powerW = 120;
    r.assignable = true;
    r.underThresholds = true;
    return r;
}

// The roles a column gives. MineRole, AssignableRole and EndpointIdRole are
// the row's, read from column 0 by the proxies whenever the row changes at
// all: a change of only those still has to be reported (one dataChanged).
const QList<int> kRoles { Qt::DisplayRole, SortRole, PercentRole, ThresholdRole, Qt::TextAlignmentRole };

using Change = std::function<void(GpuRow &)>;

} // namespace

Q_DECLARE_METATYPE(Change)

class TestGpuColumns : public QObject
{
    Q_OBJECT

private slots:
    void everyColumnIsDescribed();
    void aChangedFieldRepaintsEveryColumnThatShowsIt_data();
    void aChangedFieldRepaintsEveryColumnThatShowsIt();
    void numericSortKeysAgreeWithSortRole();
};

void TestGpuColumns::everyColumnIsDescribed()
{
    GpusModel model;
    QCOMPARE(int(gpuColumns().size()), int(GpusModel::ColumnCount));
    QSet<QString> titles;
    for (int c = 0; c < GpusModel::ColumnCount; ++c) {
        QCOMPARE(gpuColumns()[size_t(c)].column, c);
        const QString title = model.headerData(c, Qt::Horizontal).toString();
        QVERIFY2(!title.isEmpty(), qPrintable(QString::number(c)));
        QVERIFY2(!titles.contains(title), qPrintable(title));
        titles.insert(title);
    }
    QCOMPARE(model.headerData(GpusModel::Utilization, Qt::Horizontal).toString(), QStringLiteral("Utilization"));
}

void TestGpuColumns::aChangedFieldRepaintsEveryColumnThatShowsIt_data()
{
    QTest::addColumn<Change>("change");
    using F = Change;
    QTest::newRow("gpuId") << F([](GpuRow &r) { r.gpuId = QStringLiteral("0"); });
    QTest::newRow("localId") << F([](GpuRow &r) { r.localId = 7; });
    QTest::newRow("name") << F([](GpuRow &r) { r.name = QStringLiteral("NVIDIA A100"); });
    QTest::newRow("memoryPercent10") << F([](GpuRow &r) { r.memoryPercent10 = 124; });
    QTest::newRow("utilizationPercent10") << F([](GpuRow &r) { r.utilizationPercent10 = 999; });
    QTest::newRow("memoryTotalMb") << F([](GpuRow &r) { r.memoryTotalMb = 40'960; });
    QTest::newRow("temperatureC") << F([](GpuRow &r) { r.temperatureC = 80; });
    QTest::newRow("temperature gone") << F([](GpuRow &r) { r.temperatureC.reset(); });
    QTest::newRow("powerW") << F([](GpuRow &r) { r.powerW = 300; });
    QTest::newRow("assignable") << F([](GpuRow &r) { r.assignable = false; });
    QTest::newRow("heldForWaiter") << F([](GpuRow &r) { r.heldForWaiter = true; });
    QTest::newRow("underThresholds") << F([](GpuRow &r) { r.underThresholds = false; });
    QTest::newRow("endpointUsable") << F([](GpuRow &r) { r.endpointUsable = false; });
    QTest::newRow("holder") << F([](GpuRow &r) { r.holder = QStringLiteral("ana@ws1"); });
    QTest::newRow("mine") << F([](GpuRow &r) {
        r.holder = QStringLiteral("me@ws1");
        r.mine = true;
    });
    QTest::newRow("expiresMs") << F([](GpuRow &r) { r.expiresMs = 1'800'000'000'000; });
}

void TestGpuColumns::aChangedFieldRepaintsEveryColumnThatShowsIt()
{
    QFETCH(Change, change);
    GpusModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const GpuRow before = baseRow();
    GpuRow after = before;
    change(after);
    QVERIFY(!(after == before));

    model.setRows({ before });
    QList<QList<QVariant>> old;
    for (int c = 0; c < GpusModel::ColumnCount; ++c) {
        QList<QVariant> values;
        for (int role : kRoles)
            values.append(model.data(model.index(0, c), role));
        old.append(values);
    }

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setRows({ after });
    QCOMPARE(changed.size(), 1);
    const int first = changed.at(0).at(0).toModelIndex().column();
    const int last = changed.at(0).at(1).toModelIndex().column();
    int shown = 0;
    for (int c = 0; c < GpusModel::ColumnCount; ++c) {
        for (qsizetype i = 0; i < kRoles.size(); ++i) {
            if (model.data(model.index(0, c), kRoles[i]) == old[c][i])
                continue;
            ++shown;
            // The descriptor itself must say so (the model widens to every
            // column when none does, which would hide a forgotten field).
            QVERIFY2(gpuColumns()[size_t(c)].changed(before, after),
                     qPrintable(QStringLiteral("column %1 role %2 changed, its descriptor does not say so")
                                    .arg(model.headerData(c, Qt::Horizontal).toString())
                                    .arg(kRoles[i])));
            QVERIFY2(c >= first && c <= last,
                     qPrintable(QStringLiteral("column %1 role %2 changed; reported %3..%4")
                                    .arg(model.headerData(c, Qt::Horizontal).toString())
                                    .arg(kRoles[i])
                                    .arg(first)
                                    .arg(last)));
        }
    }
    QVERIFY2(shown > 0, "the change shows nowhere: the test's row or the model is wrong");
}

void TestGpuColumns::numericSortKeysAgreeWithSortRole()
{
    GpusModel model;
    GpuRow a = baseRow(), b = baseRow();
    b.globalId = QStringLiteral("gpu1:1");
    b.localId = 1;
    b.memoryPercent10 = 900;
    b.utilizationPercent10 = 1;
    b.temperatureC.reset();
    b.powerW = 700;
    b.expiresMs = 5;
    model.setRows({ a, b });
    for (int c = 0; c < GpusModel::ColumnCount; ++c) {
        const std::optional<int> fast = model.compareSortKeys(0, 1, c);
        if (!gpuColumns()[size_t(c)].sortNumber) {
            QVERIFY(!fast);
            continue;
        }
        QVERIFY(fast);
        const qlonglong l = model.data(model.index(0, c), SortRole).toLongLong();
        const qlonglong r = model.data(model.index(1, c), SortRole).toLongLong();
        QCOMPARE(*fast < 0, l < r);
        QCOMPARE(*fast > 0, l > r);
    }
}

QTEST_MAIN(TestGpuColumns)
#include "tst_ui_gpucolumns.moc"
