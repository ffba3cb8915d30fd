// Per-endpoint and per-GPU history: kept by time, compact, aligned, bounded.
#include "history/historystore.h"

#include <QTest>

using namespace gpupool::history;

namespace {

EndpointSample at(qint64 ms, std::optional<qint64> responseMs = 12)
{
    EndpointSample s;
    s.atMs = ms;
    s.responseMs = responseMs;
    s.health = 1;
    s.averageUtilization = 42.5;
    return s;
}

QList<GpuLoad> twoGpus(double mem0, double mem1)
{
    return { { 0, mem0, 10 }, { 1, mem1, 20 } };
}

QList<double> ys(const QList<QPointF> &points)
{
    QList<double> out;
    for (const QPointF &p : points)
        out.append(p.y());
    return out;
}

QList<qint64> xs(const QList<QPointF> &points)
{
    QList<qint64> out;
    for (const QPointF &p : points)
        out.append(qint64(p.x()));
    return out;
}

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT

private slots:
    void percentEncoding()
    {
        QCOMPARE(encodePercent(0.0), quint8(0));
        QCOMPARE(encodePercent(100.0), quint8(200));
        QCOMPARE(encodePercent(150.0), quint8(200));
        QCOMPARE(encodePercent(-3.0), quint8(0));
        QCOMPARE(encodePercent(std::nullopt), kMissing);
        QCOMPARE(encodePercent(std::nan("")), kMissing);
        for (double p = 0; p <= 100; p += 0.37)
            QVERIFY(qAbs(*decodePercent(encodePercent(p)) - p) <= 0.25);
        QVERIFY(!decodePercent(kMissing));
    }

    void keptByTime()
    {
        EndpointHistory h(10'000, 1'000);
        for (qint64 t = 0; t <= 30'000; t += 1'000)
            h.append(at(t), twoGpus(double(t / 1000), 50));
        // The window is 10 s: samples from 20 s to 30 s remain.
        QCOMPARE(h.size(), 11);
        QCOMPARE(h.timeAt(0), 20'000);
        QCOMPARE(h.lastTimeMs(), 30'000);
        QCOMPARE(ys(h.gpuSeries(0, GpuMetric::MemoryPercent)),
                 (QList<double> { 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30 }));
        QCOMPARE(xs(h.gpuSeries(1, GpuMetric::UtilizationPercent, 28'000)), (QList<qint64> { 28'000, 29'000, 30'000 }));
        QCOMPARE(ys(h.endpointSeries(EndpointMetric::AverageUtilization, 30'000)), (QList<double> { 42.5 }));
    }

    void capacityBoundsFastPolls()
    {
        // Polls ten times faster than the ring was sized for: memory stays
        // bounded, the window shortens.
        EndpointHistory h(10'000, 11);
        for (qint64 t = 0; t < 10'000; t += 100)
            h.append(at(t), twoGpus(1, 2));
        QCOMPARE(h.size(), 11);
        QCOMPARE(h.gpuSeries(0, GpuMetric::MemoryPercent).size(), 11);
        QCOMPARE(h.lastTimeMs(), 9'900);
    }

    void gapsForFailedPollsAndMissingGpus()
    {
        EndpointHistory h(60'000, 100);
        h.append(at(0), twoGpus(10, 11));
        h.append(at(1'000, std::nullopt), {}); // failed poll
        h.append(at(2'000), { { 0, 12, 5 } }); // GPU 1 absent
        h.append(at(3'000), twoGpus(13, 14));
        QCOMPARE(xs(h.gpuSeries(0, GpuMetric::MemoryPercent)), (QList<qint64> { 0, 2'000, 3'000 }));
        QCOMPARE(xs(h.gpuSeries(1, GpuMetric::MemoryPercent)), (QList<qint64> { 0, 3'000 }));
        QCOMPARE(xs(h.endpointSeries(EndpointMetric::ResponseMs)), (QList<qint64> { 0, 2'000, 3'000 }));
        QCOMPARE(h.endpointSeries(EndpointMetric::Health).size(), 4);
    }

    void lateGpuLinesUp()
    {
        EndpointHistory h(60'000, 100);
        h.append(at(0), { { 0, 10, 1 } });
        h.append(at(1'000), { { 0, 11, 1 } });
        h.append(at(2'000), { { 0, 12, 1 }, { 7, 70, 7 } });
        QCOMPARE(h.gpuIds(), (QList<int> { 0, 7 }));
        QCOMPARE(xs(h.gpuSeries(7, GpuMetric::MemoryPercent)), (QList<qint64> { 2'000 }));
        QVERIFY(h.gpuSeries(3, GpuMetric::MemoryPercent).isEmpty());
    }

    void goneGpuFreesItsColumn()
    {
        EndpointHistory h(5'000, 100);
        h.append(at(0), twoGpus(1, 2));
        for (qint64 t = 1'000; t <= 10'000; t += 1'000)
            h.append(at(t), { { 0, 3, 4 } });
        QCOMPARE(h.gpuIds(), (QList<int> { 0 }));
    }

    void duplicateGpuIdCountsOnce()
    {
        EndpointHistory h(5'000, 100);
        h.append(at(0), { { 0, 10, 1 }, { 0, 90, 9 } });
        h.append(at(1'000), { { 0, 11, 1 } });
        QCOMPARE(ys(h.gpuSeries(0, GpuMetric::MemoryPercent)), (QList<double> { 10, 11 }));
    }

    void timeNeverGoesBack()
    {
        EndpointHistory h(60'000, 100);
        h.append(at(5'000), {});
        h.append(at(4'000), {});
        QCOMPARE(h.timeAt(1), 5'000);
    }

    void longUptimeRebases()
    {
        // 32-bit offsets: a base far in the past must not wrap.
        EndpointHistory h(10'000, 20);
        const qint64 start = 1'000;
        h.append(at(start), twoGpus(1, 1));
        const qint64 later = start + 60LL * 24 * 3600 * 1000; // 60 days
        h.append(at(later), twoGpus(2, 2));
        h.append(at(later + 1'000), twoGpus(3, 3));
        QCOMPARE(h.size(), 2);
        QCOMPARE(h.timeAt(0), later);
        QCOMPARE(h.timeAt(1), later + 1'000);
    }

    void decimationKeepsNewest()
    {
        EndpointHistory h(1'000'000, 1'000);
        for (qint64 t = 0; t < 1'000; ++t)
            h.append(at(t * 1'000), twoGpus(double(t % 100), 0));
        const QList<QPointF> p = h.gpuSeries(0, GpuMetric::MemoryPercent, 0, 100);
        QVERIFY(p.size() <= 100);
        QVERIFY(p.size() >= 90);
        QCOMPARE(qint64(p.last().x()), 999'000);
    }

    void storeWindowAndMemory()
    {
        // One hour at 1 Hz: 3601 samples per endpoint, 8 bytes each, plus 2
        // bytes per GPU.
        HistoryStore store(3'600'000, 1'000);
        QCOMPARE(store.capacityPerEndpoint(), 3601);
        QList<GpuLoad> eight;
        for (int g = 0; g < 8; ++g)
            eight.append({ g, 50, 50 });
        for (qint64 t = 0; t < 4'000'000; t += 1'000) {
            store.record(QStringLiteral("a"), at(t), eight);
            if (t % 2'000 == 0)
                store.record(QStringLiteral("b"), at(t), eight);
        }
        QCOMPARE(store.endpointIds(), (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
        QCOMPARE(store.endpoint(QStringLiteral("a"))->size(), 3601);
        QCOMPARE(store.endpoint(QStringLiteral("b"))->size(), 1801);
        const qsizetype perEndpoint = 3601 * (8 + 8 * 2);
        QVERIFY2(store.bytesReserved() <= 2 * perEndpoint + 4096, qPrintable(QString::number(store.bytesReserved())));
        QVERIFY(!store.endpoint(QStringLiteral("c")));

        // Shrinking the window keeps the newest samples.
        store.setWindow(600'000, 1'000);
        QCOMPARE(store.endpoint(QStringLiteral("a"))->size(), 601);
        QCOMPARE(store.endpoint(QStringLiteral("a"))->lastTimeMs(), 3'999'000);
        QVERIFY(store.bytesReserved() <= 2 * 601 * (8 + 8 * 2) + 4096);
        store.remove(QStringLiteral("a"));
        QCOMPARE(store.endpointIds(), QStringList { QStringLiteral("b") });
    }

    void keptPointersAndTheirGeneration()
    {
        // The monitor keeps historyFor()'s pointer while generation() holds.
        HistoryStore store(60'000, 1'000);
        const quint64 g0 = store.generation();
        EndpointHistory *a = store.historyFor(QStringLiteral("a"));
        QCOMPARE(store.historyFor(QStringLiteral("a")), a);
        for (int i = 0; i < 100; ++i) // many more endpoints: the map rehashes
            store.record(QStringLiteral("e%1").arg(i), at(0), {});
        store.setWindow(120'000, 1'000); // resized in place
        QCOMPARE(store.historyFor(QStringLiteral("a")), a);
        QCOMPARE(store.generation(), g0);
        a->append(at(5'000), {});
        QCOMPARE(store.endpoint(QStringLiteral("a"))->lastTimeMs(), 5'000);

        store.remove(QStringLiteral("e1"));
        const quint64 g1 = store.generation();
        QVERIFY(g1 != g0);
        store.clear();
        QVERIFY(store.generation() != g1);
        // A store made later never has a generation an older one had.
        HistoryStore other(60'000, 1'000);
        QVERIFY(other.generation() != g0 && other.generation() != g1 && other.generation() != store.generation());
    }

    void summaryToGpuLoads()
    {
        gpupool::stats::SummaryBody s;
        s.gpus = { { 3, QStringLiteral("H100"), 12.5, 40 } };
        const QList<GpuLoad> g = HistoryStore::gpuLoads(s);
        QCOMPARE(g.size(), 1);
        QCOMPARE(g[0].gpuId, 3);
        QCOMPARE(*g[0].memoryPercent, 12.5);
        QCOMPARE(*g[0].utilizationPercent, 40.0);
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
