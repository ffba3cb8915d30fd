// CUDA_VISIBLE_DEVICES on the server: every rule of docs/wire-format.md.
#include "server/visibledevices.h"

#include <QTest>

using gpupool::server::VisibleDevices;
using gpupool::stats::GpuSample;
using gpupool::stats::GpuSamples;

namespace {
GpuSamples fourGpus()
{
    GpuSamples gpus;
    for (int i = 0; i < 4; ++i) {
        GpuSample g;
        g.index = i;
        g.name = QStringLiteral("GPU %1").arg(i);
        gpus.append(g);
    }
    return gpus;
}

QList<int> indexes(const GpuSamples &gpus)
{
    QList<int> out;
    for (const GpuSample &g : gpus)
        out.append(g.index);
    return out;
}
} // namespace

class TestVisibleDevices : public QObject
{
    Q_OBJECT

private slots:
    void unsetShowsAll()
    {
        const auto d = VisibleDevices::parse(std::nullopt);
        QVERIFY(!d.filteringActive());
        QCOMPARE(d.raw(), std::nullopt);
        QCOMPARE(indexes(d.apply(fourGpus())), (QList<int> { 0, 1, 2, 3 }));
        QVERIFY(d.warnings().isEmpty());
    }

    void emptyOrBlankShowsNone_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::newRow("empty") << QString();
        QTest::newRow("blank") << QStringLiteral("  \t ");
    }

    void emptyOrBlankShowsNone()
    {
        QFETCH(QString, raw);
        const auto d = VisibleDevices::parse(raw);
        QVERIFY(d.filteringActive());
        QCOMPARE(d.ids(), std::optional<QList<int>>(QList<int> {}));
        QVERIFY(d.apply(fourGpus()).isEmpty());
    }

    void separatorsOrderAndDuplicates_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QList<int>>("ids");
        QTest::newRow("commas") << QStringLiteral("2,0") << QList<int> { 2, 0 };
        QTest::newRow("spaces") << QStringLiteral("2 0") << QList<int> { 2, 0 };
        QTest::newRow("mixed") << QStringLiteral(" 3, 1\t2 ,") << QList<int> { 3, 1, 2 };
        QTest::newRow("duplicates kept") << QStringLiteral("1,1,0") << QList<int> { 1, 1, 0 };
    }

    void separatorsOrderAndDuplicates()
    {
        QFETCH(QString, raw);
        QFETCH(QList<int>, ids);
        const auto d = VisibleDevices::parse(raw);
        QCOMPARE(d.ids(), std::optional<QList<int>>(ids));
        QVERIFY(d.warnings().isEmpty());
        // GPUs keep nvidia-smi's order and their own ids, once each.
        QList<int> expected;
        for (int i = 0; i < 4; ++i)
            if (ids.contains(i))
                expected.append(i);
        QCOMPARE(indexes(d.apply(fourGpus())), expected);
    }

    void invalidEntriesDroppedWithWarning()
    {
        const auto d = VisibleDevices::parse(QStringLiteral("0,GPU-abc,-1,+2,3"));
        QCOMPARE(d.ids(), std::optional<QList<int>>(QList<int> { 0, 3 }));
        QCOMPARE(d.warnings().size(), 3);
        QVERIFY(d.warnings().at(0).contains(QStringLiteral("\"GPU-abc\"")));
        QVERIFY(d.warnings().at(1).contains(QStringLiteral("\"-1\"")));
        QVERIFY(d.warnings().at(2).contains(QStringLiteral("\"+2\"")));
    }

    void noValidEntryFallsBackToAll()
    {
        const auto d = VisibleDevices::parse(QStringLiteral("GPU-abc, MIG-1"));
        QVERIFY(!d.filteringActive());
        QCOMPARE(d.raw(), std::optional<QString>(QStringLiteral("GPU-abc, MIG-1")));
        QCOMPARE(d.warnings().size(), 3);
        QVERIFY(d.warnings().last().contains(QStringLiteral("showing all GPUs")));
        QCOMPARE(indexes(d.apply(fourGpus())), (QList<int> { 0, 1, 2, 3 }));
    }

    void missingIdsReportedNoFallback()
    {
        QList<int> missing;
        const auto some = VisibleDevices::parse(QStringLiteral("1,7,7,9"));
        QCOMPARE(indexes(some.apply(fourGpus(), &missing)), (QList<int> { 1 }));
        QCOMPARE(missing, (QList<int> { 7, 9 }));
        const auto none = VisibleDevices::parse(QStringLiteral("8"));
        QVERIFY(none.apply(fourGpus(), &missing).isEmpty());
        QCOMPARE(missing, (QList<int> { 8 }));
    }
};

QTEST_GUILESS_MAIN(TestVisibleDevices)
#include "tst_server_visibledevices.moc"
