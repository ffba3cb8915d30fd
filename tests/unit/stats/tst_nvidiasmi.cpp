// nvidia-smi parsing against real H100 output (tests/fixtures, byte for byte)
// and synthetic multi-GPU output with the oddities real drivers print.
#include "stats/nvidiasmi.h"

#include <QFile>
#include <QTest>

using namespace gpupool::stats;

namespace {
QByteArray fixture(const char *name)
{
    QFile f(QStringLiteral(GPUPOOL_TEST_FIXTURES "/nvidia-smi/h100/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return f.readAll();
}
} // namespace

class TestNvidiaSmi : public QObject
{
    Q_OBJECT

private slots:
    void idleSummary()
    {
        const auto parsed = nvsmi::parseGpuQuery(fixture("idle_summary.csv"), nvsmi::predecessorGpuFields());
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed.value().size(), 1);
        const GpuSample &g = parsed.value().first();
        QCOMPARE(g.index, 0);
        QCOMPARE(g.name, QStringLiteral("NVIDIA H100 80GB HBM3"));
        QCOMPARE(g.memoryTotalMb, 81559);
        QCOMPARE(g.memoryUsedMb, 0);
        QCOMPARE(g.memoryFreeMb, 81079);
        QCOMPARE(g.utilizationPercent, 0);
        QCOMPARE(g.temperatureC, std::optional<int>(34));
        QCOMPARE(g.powerDrawW, std::optional<double>(122.70));
        QCOMPARE(g.powerLimitW, std::optional<double>(700.0));
        QVERIFY(g.uuid.isEmpty());
    }

    void busySummaryFiveSamples()
    {
        // Five one-second samples of one GPU: five rows with the same index.
        const auto parsed = nvsmi::parseGpuQuery(fixture("busy_summary.csv"), nvsmi::predecessorGpuFields());
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().size(), 5);
        QCOMPARE(parsed.value()[0].utilizationPercent, 100);
        QCOMPARE(parsed.value()[0].memoryUsedMb, 29751);
        QCOMPARE(parsed.value()[3].temperatureC, std::optional<int>(58));
        QCOMPARE(parsed.value()[4].powerDrawW, std::optional<double>(695.39));
    }

    void fullCsvWithHeaderAndUnits()
    {
        const auto parsed = nvsmi::parseGpuQuery(fixture("idle_full.csv"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed.value().size(), 1);
        const GpuSample &g = parsed.value().first();
        QCOMPARE(g.uuid, QStringLiteral("GPU-5be79425-faf0-340b-0c20-f48fb02b4036"));
        QCOMPARE(g.memoryTotalMb, 81559);
        QCOMPARE(g.memoryFreeMb, 81079);
        QCOMPARE(g.powerDrawW, std::optional<double>(122.73));
        QCOMPARE(g.temperatureC, std::optional<int>(34));
    }

    void computeApps()
    {
        const auto bare = nvsmi::parseComputeApps(fixture("busy_apps_bare.csv"));
        QVERIFY(bare.ok());
        const nvsmi::ComputeApp expected { 409, QStringLiteral("python3"), 29742,
                                           QStringLiteral("GPU-5be79425-faf0-340b-0c20-f48fb02b4036") };
        QCOMPARE(bare.value(), QList<nvsmi::ComputeApp> { expected });
        const auto withHeader = nvsmi::parseComputeApps(fixture("busy_apps.csv"));
        QVERIFY2(withHeader.ok(), qPrintable(withHeader.ok() ? QString() : withHeader.error().toString()));
        QCOMPARE(withHeader.value(), QList<nvsmi::ComputeApp> { expected });
        QVERIFY(nvsmi::parseComputeApps("").value().isEmpty());
    }

    void computeAppsUnavailable()
    {
        const auto apps = nvsmi::parseComputeApps("77, [Insufficient Permissions], [N/A], GPU-1\n");
        QVERIFY(apps.ok());
        QCOMPARE(apps.value().first().usedMemoryMb, std::nullopt);
        QCOMPARE(apps.value().first().pid, 77);
    }

    void syntheticMultiGpu()
    {
        const QByteArray out
            = "0, NVIDIA A100-SXM4-40GB, 40960, 1024, 39936, 12, 41, 88.10, 400.00, GPU-aaa\n"
              "1, NVIDIA A100-SXM4-40GB, 40960, 0, 40960, [N/A], [N/A], [Not Supported], [Not Supported], GPU-bbb\n"
              "3, Tesla K80, Rev. 2, 11441, 5, 11436, 0, 30, 25.00, 149.00, GPU-ccc\n"
              "4, [Not Supported], 11441, 5, 11436, 0, 30, 25.00, 149.00, GPU-ddd\n"
              "5, [N/A], 11441, 5, 11436, 0, 30, 25.00, 149.00, GPU-eee\n"
              "\n";
        const auto parsed = nvsmi::parseGpuQuery(out);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed.value().size(), 5);
        // A name nvidia-smi cannot give reads as the predecessor wrote it.
        QCOMPARE(parsed.value()[3].name, QStringLiteral("Unknown GPU"));
        QCOMPARE(parsed.value()[4].name, QStringLiteral("Unknown GPU"));
        const GpuSample &na = parsed.value()[1];
        QCOMPARE(na.utilizationPercent, 0); // MIG-style [N/A] utilization reads as 0
        QCOMPARE(na.temperatureC, std::nullopt);
        QCOMPARE(na.powerDrawW, std::nullopt);
        QCOMPARE(na.powerLimitW, std::nullopt);
        // A name with a comma is put back together; ids keep nvidia-smi's numbers.
        QCOMPARE(parsed.value()[2].name, QStringLiteral("Tesla K80, Rev. 2"));
        QCOMPARE(parsed.value()[2].index, 3);
        QCOMPARE(parsed.value()[2].uuid, QStringLiteral("GPU-ccc"));
    }

    void emptyOutputIsNoGpus()
    {
        const auto parsed = nvsmi::parseGpuQuery("");
        QVERIFY(parsed.ok());
        QVERIFY(parsed.value().isEmpty());
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("unknown field message")
            << fixture("bad_field.txt") << QStringLiteral("line 1: expected 10 fields");
        QTest::newRow("garbage") << QByteArray("\x01\x02garbage\n") << QStringLiteral("line 1: expected 10 fields");
        QTest::newRow("bad index") << QByteArray("x, G, 1, 0, 1, 0, 30, 1, 1, U\n")
                                   << QStringLiteral("index must be a non-negative integer");
        QTest::newRow("negative memory") << QByteArray("0, G, -1, 0, 1, 0, 30, 1, 1, U\n")
                                         << QStringLiteral("memory.total must be a non-negative number");
        QTest::newRow("util over 100") << QByteArray("0, G, 10, 0, 10, 101, 30, 1, 1, U\n")
                                       << QStringLiteral("at most 100");
        QTest::newRow("used over total") << QByteArray("0, G, 10, 11, 0, 1, 30, 1, 1, U\n")
                                         << QStringLiteral("more than memory.total");
        QTest::newRow("temperature word")
            << QByteArray("0, G, 10, 1, 9, 1, hot, 1, 1, U\n") << QStringLiteral("temperature.gpu is not a number");
        QTest::newRow("power word") << QByteArray("0, G, 10, 1, 9, 1, 30, lots, 1, U\n")
                                    << QStringLiteral("power.draw is not a number");
        QTest::newRow("second line short")
            << QByteArray("0, G, 10, 1, 9, 1, 30, 1, 1, U\n1, G\n") << QStringLiteral("line 2:");
    }

    void rejects()
    {
        QFETCH(QByteArray, output);
        QFETCH(QString, messagePart);
        const auto parsed = nvsmi::parseGpuQuery(output);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().toString().contains(messagePart), qPrintable(parsed.error().toString()));
    }

    void queryArguments()
    {
        QCOMPARE(nvsmi::gpuQueryArguments(nvsmi::predecessorGpuFields()),
                 (QStringList { QStringLiteral("--query-gpu=index,name,memory.total,memory.used,memory.free,"
                                               "utilization.gpu,temperature.gpu,power.draw,power.limit"),
                                QStringLiteral("--format=csv,noheader,nounits") }));
    }
};

QTEST_GUILESS_MAIN(TestNvidiaSmi)
#include "tst_nvidiasmi.moc"
