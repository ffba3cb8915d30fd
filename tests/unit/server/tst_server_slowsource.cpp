// StatsService with a source that reads slowly (as nvidia-smi does): the
// reading runs on the service's worker thread, the GPU paths answer when it
// arrives, requests meanwhile share it, the paths without a reading answer at
// once, and a service destroyed with a reading done but not yet delivered
// drops it. The source blocks until the test lets it go: nothing here waits
// for a time to pass. (tst_statd_slowsmi does the same through the real
// program and sockets.)
#include "server/httpserver.h"
#include "server/statsservice.h"

#include "specgpus.h"

#include <QSemaphore>
#include <QTest>

#include <atomic>

using namespace gpupool::server;

namespace {

class SlowSource final : public GpuSource
{
public:
    GpuReading read() override
    {
        gate.acquire();
        ++reads;
        return gpupool::testing::specExampleGpus();
    }
    bool readsSlowly() const override { return true; }
    bool nvidiaSmiAvailable() const override { return true; }
    int totalSystemGpus() const override { return 2; }
    ProcessReading readProcesses(const gpupool::stats::GpuSamples &) override
    {
        GpuProcess p;
        p.pid = 4242;
        p.processName = QStringLiteral("python3");
        p.gpuIndex = 0;
        return QList<GpuProcess> { p };
    }

    QSemaphore gate;
    std::atomic<int> reads = 0;
};

HttpRequest get(const char *path)
{
    HttpRequest r;
    r.method = "GET";
    r.path = QString::fromLatin1(path);
    return r;
}

} // namespace

class TestSlowSource : public QObject
{
    Q_OBJECT

private slots:
    void gpuPathsWaitForOneReadingOthersDoNot();
    void aReadingNotDeliveredIsDroppedWithTheService();
};

void TestSlowSource::gpuPathsWaitForOneReadingOthersDoNot()
{
    SlowSource source;
    qint64 now = 0;
    StatsService service(source, [&now] { return now; });
    HttpServer server;
    service.registerRoutes(server);

    std::optional<HttpResponse> summary, count, root, processes;
    server.dispatch(get("/gpu/summary"), [&](HttpResponse r) { summary = r; });
    server.dispatch(get("/gpu/count"), [&](HttpResponse r) { count = r; });
    server.dispatch(get("/"), [&](HttpResponse r) { root = r; });
    QVERIFY(root); // at once
    QCOMPARE(root->status, 200);
    QCoreApplication::processEvents();
    QVERIFY(!summary && !count); // the reading is held at the gate

    source.gate.release();
    QTRY_VERIFY(summary && count);
    QCOMPARE(summary->status, 200);
    QVERIFY(summary->body.contains("\"gpu_count\":2,"));
    QCOMPARE(count->body.left(15), QByteArray("{\"gpu_count\":2,"));
    QCOMPARE(source.reads.load(), 1);

    // Fresh now: answered at once, no second reading.
    std::optional<HttpResponse> again;
    server.dispatch(get("/gpu/stats"), [&](HttpResponse r) { again = r; });
    QVERIFY(again);
    QCOMPARE(source.reads.load(), 1);

    // The processes come from the worker too, after the (fresh) reading.
    server.dispatch(get("/gpu/processes"), [&](HttpResponse r) { processes = r; });
    QTRY_VERIFY(processes);
    QCOMPARE(processes->status, 200);
    QVERIFY(processes->body.contains("\"pid\":4242,"));

    // Stale again: the next GPU path reads again.
    now += 5000;
    std::optional<HttpResponse> later;
    server.dispatch(get("/health"), [&](HttpResponse r) { later = r; });
    QVERIFY(!later);
    source.gate.release();
    QTRY_VERIFY(later);
    QCOMPARE(later->status, 200);
    QCOMPARE(source.reads.load(), 2);
}

void TestSlowSource::aReadingNotDeliveredIsDroppedWithTheService()
{
    SlowSource source;
    bool answered = false;
    {
        StatsService service(source, [] { return qint64(0); });
        HttpServer server;
        service.registerRoutes(server);
        server.dispatch(get("/gpu/summary"), [&](HttpResponse) { answered = true; });
        source.gate.release();
        // Read on the worker; its result is queued for this thread, not delivered.
        while (source.reads.load() == 0)
            QThread::yieldCurrentThread();
    }
    QCoreApplication::processEvents();
    QVERIFY(!answered);
}

QTEST_GUILESS_MAIN(TestSlowSource)
#include "tst_server_slowsource.moc"
