#include "server/simulatedgpusource.h"

#include <QTest>

#include <algorithm>

using namespace gpupool::server;
using gpupool::stats::GpuSamples;

class TestSimulator : public QObject
{
    Q_OBJECT

private slots:
    void sameSeedSameSamples();
    void orderOfQueriesDoesNotMatter();
    void otherSeedOtherSamples();
    void valuesStayPhysical_data();
    void valuesStayPhysical();
    void loadChangesOverTime();
    void readUsesInjectedClock();
    void modelsComeFromTheCatalogue();
    void zeroGpus();
    void idleGpusAreAllFree();
};

namespace {

NowMs fixedClock(const qint64 *now)
{
    return [now] { return *now; };
}

} // namespace

void TestSimulator::sameSeedSameSamples()
{
    qint64 now = 0;
    SimulatedGpuSource a(4, 42, fixedClock(&now));
    SimulatedGpuSource b(4, 42, fixedClock(&now));
    for (qint64 t = 0; t < 600000; t += 1500)
        QCOMPARE(a.samplesAt(t), b.samplesAt(t));
}

void TestSimulator::orderOfQueriesDoesNotMatter()
{
    qint64 now = 0;
    SimulatedGpuSource forward(3, 7, fixedClock(&now));
    SimulatedGpuSource backward(3, 7, fixedClock(&now));
    QList<qint64> times;
    for (qint64 t = 0; t < 900000; t += 7000)
        times.append(t);
    QList<GpuSamples> expected;
    for (qint64 t : times)
        expected.append(forward.samplesAt(t));
    for (qsizetype i = times.size() - 1; i >= 0; --i)
        QCOMPARE(backward.samplesAt(times.at(i)), expected.at(i));
}

void TestSimulator::otherSeedOtherSamples()
{
    qint64 now = 0;
    SimulatedGpuSource a(4, 1, fixedClock(&now));
    SimulatedGpuSource b(4, 2, fixedClock(&now));
    int differing = 0;
    for (qint64 t = 0; t < 60000; t += 1000)
        differing += a.samplesAt(t) != b.samplesAt(t) ? 1 : 0;
    QVERIFY2(differing > 50, qPrintable(QString::number(differing)));
}

void TestSimulator::valuesStayPhysical_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 seed : { 0ULL, 1ULL, 7ULL, 12345ULL, 0xffffffffffffffffULL })
        QTest::addRow("seed %llu", static_cast<unsigned long long>(seed)) << seed;
}

void TestSimulator::valuesStayPhysical()
{
    QFETCH(quint64, seed);
    qint64 now = 0;
    SimulatedGpuSource source(8, seed, fixedClock(&now));
    // Three simulated hours, one reading a second: many phases of every kind.
    for (qint64 t = 0; t < 3 * 3600 * 1000; t += 1000) {
        const GpuSamples gpus = source.samplesAt(t);
        QCOMPARE(gpus.size(), 8);
        for (int i = 0; i < gpus.size(); ++i) {
            const auto &g = gpus.at(i);
            QCOMPARE(g.index, i);
            QVERIFY(g.memoryTotalMb > 0);
            QVERIFY(g.memoryUsedMb >= 0);
            QVERIFY(g.memoryFreeMb >= 0);
            QVERIFY(g.memoryUsedMb <= g.memoryTotalMb);
            QVERIFY(g.memoryUsedMb + g.memoryFreeMb <= g.memoryTotalMb);
            QVERIFY(g.utilizationPercent >= 0 && g.utilizationPercent <= 100);
            QVERIFY(g.temperatureC.has_value());
            QVERIFY(*g.temperatureC >= 20 && *g.temperatureC <= 95);
            QCOMPARE(g.powerDrawW.has_value(), g.powerLimitW.has_value());
            if (g.powerDrawW) {
                QVERIFY(*g.powerDrawW > 0);
                QVERIFY(*g.powerDrawW <= *g.powerLimitW);
            }
        }
    }
}

void TestSimulator::loadChangesOverTime()
{
    qint64 now = 0;
    SimulatedGpuSource source(4, 3, fixedClock(&now));
    for (int gpu = 0; gpu < 4; ++gpu) {
        int idleReadings = 0;
        int busyReadings = 0;
        qint64 minUsed = std::numeric_limits<qint64>::max();
        qint64 maxUsed = 0;
        int coolest = 1000;
        int hottest = 0;
        for (qint64 t = 0; t < 4 * 3600 * 1000; t += 5000) {
            const auto g = source.samplesAt(t).at(gpu);
            idleReadings += g.utilizationPercent < 10 ? 1 : 0;
            busyReadings += g.utilizationPercent > 90 ? 1 : 0;
            minUsed = std::min(minUsed, g.memoryUsedMb);
            maxUsed = std::max(maxUsed, g.memoryUsedMb);
            coolest = std::min(coolest, *g.temperatureC);
            hottest = std::max(hottest, *g.temperatureC);
        }
        QVERIFY2(idleReadings > 0 && busyReadings > 0, "utilization should go up and down");
        // Memory is taken by jobs and given back between them.
        QVERIFY(maxUsed - minUsed > source.samplesAt(0).at(gpu).memoryTotalMb / 10);
        QVERIFY2(hottest - coolest >= 10, "temperature should follow the load");
    }
}

void TestSimulator::readUsesInjectedClock()
{
    qint64 now = 5'000'000; // the clock's origin is arbitrary
    SimulatedGpuSource source(2, 9, fixedClock(&now));
    SimulatedGpuSource reference(2, 9, fixedClock(&now));
    now += 61'000;
    const GpuReading reading = source.read();
    QVERIFY(reading.ok());
    QCOMPARE(reading.gpus(), reference.samplesAt(61'000));
    QVERIFY(source.nvidiaSmiAvailable());
    QCOMPARE(source.totalSystemGpus(), 2);
}

void TestSimulator::modelsComeFromTheCatalogue()
{
    const QList<GpuModel> catalogue = SimulatedGpuSource::catalogue();
    QStringList names;
    for (const GpuModel &m : catalogue)
        names.append(m.name);
    QVERIFY(names.contains(QStringLiteral("NVIDIA H100 80GB HBM3")));
    QSet<QString> seen;
    qint64 now = 0;
    for (quint64 seed = 0; seed < 40; ++seed) {
        SimulatedGpuSource source(2, seed, fixedClock(&now));
        for (const auto &g : source.samplesAt(0)) {
            const qsizetype m = names.indexOf(g.name);
            QVERIFY2(m >= 0, qPrintable(g.name));
            QCOMPARE(g.memoryTotalMb, catalogue.at(m).memoryTotalMb);
            QCOMPARE(g.powerDrawW.has_value(), catalogue.at(m).powerReadable);
            QVERIFY(g.uuid.startsWith(QLatin1String("GPU-")));
            QCOMPARE(g.uuid.size(), 40);
            seen.insert(g.name);
        }
    }
    // Seeds give different kinds of host.
    QCOMPARE(seen.size(), catalogue.size());

    // Consecutive seeds (a --cluster) give one host of each kind.
    SimulatedGpuSource h100(2, 1, fixedClock(&now));
    SimulatedGpuSource a100(2, 2, fixedClock(&now));
    SimulatedGpuSource rtx4090(2, 3, fixedClock(&now));
    SimulatedGpuSource workstation(2, 4, fixedClock(&now));
    QCOMPARE(h100.samplesAt(0).at(1).name, QStringLiteral("NVIDIA H100 80GB HBM3"));
    QCOMPARE(a100.samplesAt(0).at(1).name, QStringLiteral("NVIDIA A100-SXM4-40GB"));
    QCOMPARE(rtx4090.samplesAt(0).at(1).name, QStringLiteral("NVIDIA GeForce RTX 4090"));
    QCOMPARE(workstation.samplesAt(0).at(0).name, QStringLiteral("NVIDIA GeForce RTX 4090"));
    QCOMPARE(workstation.samplesAt(0).at(1).name, QStringLiteral("NVIDIA GeForce RTX 3080"));
    QVERIFY(!workstation.samplesAt(0).at(1).powerDrawW.has_value());
}

void TestSimulator::zeroGpus()
{
    qint64 now = 0;
    SimulatedGpuSource source(0, 1, fixedClock(&now));
    QVERIFY(source.read().ok());
    QVERIFY(source.read().gpus().isEmpty());
    QCOMPARE(source.totalSystemGpus(), 0);
}

void TestSimulator::idleGpusAreAllFree()
{
    qint64 now = 0;
    SimulatedGpuSource source(8, 3, fixedClock(&now));
    source.setIdle(true);
    // Over an hour of the workloads' phases, none shows through.
    for (qint64 t = 0; t < 3600 * 1000; t += 7000) {
        const GpuSamples gpus = source.samplesAt(t);
        QCOMPARE(gpus.size(), 8);
        for (const auto &g : gpus) {
            // A stray kernel on an idle GPU shows as 1–4 %, as on real ones.
            QVERIFY2(g.utilizationPercent <= 4, qPrintable(QString::number(g.utilizationPercent)));
            QVERIFY(g.memoryUsedMb * 100 <= g.memoryTotalMb * 3);
        }
    }
    // Idle off: the workloads come back, so somewhere in the hour a GPU is busy.
    source.setIdle(false);
    bool busy = false;
    for (qint64 t = 0; t < 3600 * 1000 && !busy; t += 7000)
        for (const auto &g : source.samplesAt(t))
            busy = busy || g.utilizationPercent > 20;
    QVERIFY(busy);
}

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_server_simulator.moc"
