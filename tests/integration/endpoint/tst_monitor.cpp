// The monitor with several endpoints on real sockets: concurrent polls, spread
// phases, recovery by itself and by trigger, flapping, "fully degraded",
// "this machine looks offline", /health, /gpu/stats, history. Short intervals
// (100 ms polls, 300 ms timeout, 200 ms first open period) and bounded waits.
#include "endpoint/monitor.h"
#include "history/historystore.h"
#include "stats/bodywriter.h"

#include "fakeclock.h"
#include "faultserver.h"
#include "transportundertest.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace gpupool;
using namespace gpupool::endpoint;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;
using gpupool::testing::FixedRandom;

namespace {

EndpointOptions fastOptions()
{
    EndpointOptions o;
    o.timeoutMs = 300;
    o.pollIntervalMs = 100;
    o.healthIntervalMs = 60'000; // tests that want health checks say so
    o.openBaseMs = 200;
    o.openCapMs = 1'000;
    o.detailsEveryPolls = 0;
    o.transport = gpupool::testing::transportUnderTest();
    return o;
}

struct Cluster
{
    std::vector<std::unique_ptr<FaultServer>> servers;
    Monitor monitor;

    explicit Cluster(int n, EndpointOptions options = fastOptions(), RandomSource &random = SystemRandom::instance())
        : monitor(options, nullptr, SteadyClock::instance(), random)
    {
        for (int i = 0; i < n; ++i) {
            servers.push_back(std::make_unique<FaultServer>());
            monitor.addEndpoint({ id(i), servers.back()->url(), {} });
        }
    }
    static QString id(int i) { return QStringLiteral("gpu%1").arg(i); }
    Endpoint *endpoint(int i) const { return monitor.endpoint(id(i)); }
    FaultServer &server(int i) { return *servers[size_t(i)]; }
};

QByteArray healthBody(bool smi)
{
    return gpupool::stats::writeHealth(
        { QStringLiteral("healthy"), smi, QStringLiteral("2026-11-22T10:53:31.974174") });
}

QByteArray statsBody()
{
    gpupool::stats::GpuSamples samples;
    for (int i = 0; i < 2; ++i) {
        gpupool::stats::GpuSample s;
        s.index = i;
        s.name = QStringLiteral("NVIDIA H100 80GB HBM3");
        s.memoryTotalMb = 81559;
        s.memoryUsedMb = 1000;
        s.memoryFreeMb = 80559;
        s.temperatureC = 40;
        samples.append(s);
    }
    return gpupool::stats::writeStats(samples, "2026-11-22T10:53:31.974174");
}

} // namespace

class TestMonitor : public QObject
{
    Q_OBJECT

private slots:
    void pollsAllEndpointsConcurrently()
    {
        Cluster c(5);
        c.server(0).setDefault(FaultBehaviour::of(FaultBehaviour::Kind::Hang));
        c.monitor.start();
        // A hanging endpoint does not hold the others up: in 1 s each of them
        // gets several polls.
        for (int i = 1; i < 5; ++i)
            QTRY_VERIFY_WITH_TIMEOUT(c.server(i).requestCount("/gpu/summary") >= 4, 3'000);
        QVERIFY(c.server(0).requestCount("/gpu/summary") <= 4);
        for (int i = 1; i < 5; ++i) {
            QCOMPARE(c.endpoint(i)->health(), Health::Healthy);
            QCOMPARE(c.endpoint(i)->totalGpus(), 2);
        }
        QVERIFY(!c.monitor.isFullyDegraded());
        c.monitor.stop();
    }

    void phasesAreSpread()
    {
        // Each endpoint draws its poll phase, then its health phase: the first
        // polls 0 % into the interval, the second 90 %.
        FixedRandom random({ 0.0, 0.0, 0.9, 0.9 });
        EndpointOptions o = fastOptions();
        o.pollIntervalMs = 500;
        Cluster c(2, o, random);
        QElapsedTimer clock;
        QList<qint64> firstPoll { -1, -1 };
        connect(&c.monitor, &Monitor::endpointPolled, this, [&](const QString &id) {
            qint64 &t = firstPoll[id == Cluster::id(0) ? 0 : 1];
            if (t < 0)
                t = clock.elapsed();
        });
        clock.start();
        c.monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(firstPoll[1] >= 0, 3'000);
        QVERIFY2(firstPoll[1] - firstPoll[0] >= 300,
                 qPrintable(QStringLiteral("%1 %2").arg(firstPoll[0]).arg(firstPoll[1])));
        c.monitor.stop();
    }

    void recoversByItselfWithoutPollingWhileOpen()
    {
        Cluster c(1);
        Endpoint *e = c.endpoint(0);
        FaultServer &s = c.server(0);
        s.setDefault(FaultBehaviour::withStatus(503));
        QList<Transition> transitions;
        QList<int> requestsAt;
        connect(&c.monitor, &Monitor::breakerTransition, this, [&](const QString &, const Transition &t) {
            transitions.append(t);
            requestsAt.append(s.requestCount());
            if (t.to == BreakerState::Open && transitions.size() == 3)
                s.setDefault(FaultBehaviour::ok()); // heal after the second opening
        });
        QSignalSpy degraded(&c.monitor, &Monitor::fullyDegradedChanged);
        c.monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(transitions.size() >= 5 && e->breaker().state() == BreakerState::Closed, 5'000);
        c.monitor.stop();

        // closed -> open (threshold), open -> half_open (by itself),
        // half_open -> open (probe failed, longer), open -> half_open,
        // half_open -> closed (two probes succeeded).
        using R = Transition::Reason;
        const QList<R> reasons { R::FailureThreshold, R::OpenElapsed, R::ProbeFailed, R::OpenElapsed,
                                 R::ProbeSucceeded };
        for (int i = 0; i < reasons.size(); ++i)
            QCOMPARE(transitions[i].reason, reasons[i]);
        QVERIFY(transitions[0].openForMs >= 180 && transitions[0].openForMs <= 220);
        QVERIFY(transitions[2].openForMs >= 270 && transitions[2].openForMs <= 330);
        // Not one request while open: the count at open equals the count at
        // the half-open that ends it.
        QCOMPARE(requestsAt[1], requestsAt[0]);
        QCOMPARE(requestsAt[3], requestsAt[2]);
        // And the open periods really lasted (timer slack aside).
        QVERIFY(transitions[1].atMs - transitions[0].atMs >= transitions[0].openForMs - 5);
        // Fully degraded (the only breaker opened) and back.
        QVERIFY(degraded.size() >= 2);
        QCOMPARE(degraded.first().at(0).toBool(), true);
        QCOMPARE(degraded.last().at(0).toBool(), false);
        QVERIFY(!c.monitor.isFullyDegraded());
        QCOMPARE(e->health(), Health::Healthy);
    }

    void flappingServer()
    {
        // Up, down, up, down...: refused while down. Nothing crashes, every
        // cycle ends closed, and transitions come in valid pairs.
        Cluster c(1);
        Endpoint *e = c.endpoint(0);
        FaultServer &s = c.server(0);
        QList<Transition> transitions;
        connect(e, &Endpoint::breakerTransition, this, [&](const Transition &t) { transitions.append(t); });
        c.monitor.start();
        for (int round = 0; round < 3; ++round) {
            s.refuse();
            QTRY_VERIFY_WITH_TIMEOUT(e->breaker().state() == BreakerState::Open, 3'000);
            QCOMPARE(e->health(), Health::Down);
            QVERIFY(e->reason().contains(QStringLiteral("connection refused")));
            QVERIFY(s.resume());
            QTRY_VERIFY_WITH_TIMEOUT(e->breaker().state() == BreakerState::Closed, 5'000);
            QCOMPARE(e->health(), Health::Healthy);
        }
        c.monitor.stop();
        for (int i = 1; i < transitions.size(); ++i)
            QCOMPARE(transitions[i].from, transitions[i - 1].to);
        QVERIFY(transitions.size() >= 9);
        QVERIFY(e->breaker().stats().failures >= 9);
    }

    void recoveryTrigger()
    {
        EndpointOptions o = fastOptions();
        o.openBaseMs = 60'000; // would wait a minute by itself
        Cluster c(1, o);
        Endpoint *e = c.endpoint(0);
        c.server(0).setDefault(FaultBehaviour::withStatus(500));
        c.monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(e->breaker().state() == BreakerState::Open, 3'000);
        QVERIFY(!c.monitor.triggerRecovery(QStringLiteral("nope")));
        c.server(0).setDefault(FaultBehaviour::ok());
        QCOMPARE(c.monitor.triggerRecoveryAll(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(e->breaker().state() == BreakerState::Closed, 2'000);
        QVERIFY(!c.monitor.triggerRecovery(Cluster::id(0))); // closed: nothing to do
        c.monitor.stop();
    }

    void retryAfterHoldsTheScheduledRequests()
    {
        // A fake clock: nothing here waits for real time, and the one
        // scheduler timer never comes due while the clock stands still.
        gpupool::testing::FakeClock clock;
        FixedRandom random;
        FaultServer server;
        EndpointOptions o = fastOptions();
        o.healthIntervalMs = 100;
        Endpoint e({ QStringLiteral("busy"), server.url(), {} }, o, clock, random);
        const auto pollOnce = [&e] {
            QSignalSpy spy(&e, &Endpoint::polled);
            e.pollNow();
            return spy.wait(5'000) ? spy.takeFirst().at(0).value<PollOutcome>() : PollOutcome {};
        };
        FaultBehaviour limited = FaultBehaviour::withStatus(429);
        limited.headers = { { "Retry-After", "120" } };
        server.setDefault(limited);
        e.start();
        const PollOutcome first = pollOnce();
        QCOMPARE(first.failure.retryAfterMs, qint64(120'000));
        QVERIFY2(first.failure.text.contains(QStringLiteral("asks to wait 120 s")), qPrintable(first.failure.text));
        QCOMPARE(e.notBeforeMs(), clock.nowMs() + 120'000);
        QVERIFY(e.nextPollDueMs() >= e.notBeforeMs()); // not the usual 100 ms later

        // A 503 with a date, far off: capped at ten minutes.
        FaultBehaviour unavailable = FaultBehaviour::withStatus(503);
        unavailable.headers = { { "Retry-After", "Tue, 31 Dec 2999 23:59:59 GMT" } };
        server.setDefault(unavailable);
        QCOMPARE(pollOnce().failure.retryAfterMs, kRetryAfterCapMs);
        QCOMPARE(e.notBeforeMs(), clock.nowMs() + kRetryAfterCapMs);

        // Retry-After on another status is no request to wait.
        FaultBehaviour error = FaultBehaviour::withStatus(500);
        error.headers = { { "Retry-After", "120" } };
        server.setDefault(error);
        QCOMPARE(pollOnce().failure.retryAfterMs, qint64(-1));
        QCOMPARE(e.notBeforeMs(), clock.nowMs() + kRetryAfterCapMs); // the earlier request still stands

        // Three failures opened the breaker. The operator's recovery trigger
        // probes at once, whatever the server asked for.
        QCOMPARE(e.breaker().state(), BreakerState::Open);
        server.setDefault(FaultBehaviour::ok());
        QSignalSpy probed(&e, &Endpoint::polled);
        QVERIFY(e.triggerRecovery());
        QCOMPARE(e.notBeforeMs(), qint64(0));
        QVERIFY(probed.wait(5'000));
        QVERIFY(probed.first().at(0).value<PollOutcome>().ok);
        e.stop();
    }

    void fullyDegradedOnlyWhenNoBreakerIsClosed()
    {
        Cluster c(2);
        QSignalSpy degraded(&c.monitor, &Monitor::fullyDegradedChanged);
        c.server(0).setDefault(FaultBehaviour::withStatus(503));
        c.monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(c.endpoint(0)->breaker().state() == BreakerState::Open, 3'000);
        QVERIFY(!c.monitor.isFullyDegraded());
        c.server(1).setDefault(FaultBehaviour::withStatus(503));
        QTRY_VERIFY_WITH_TIMEOUT(c.monitor.isFullyDegraded(), 3'000);
        c.server(0).setDefault(FaultBehaviour::ok());
        c.server(1).setDefault(FaultBehaviour::ok());
        QTRY_VERIFY_WITH_TIMEOUT(!c.monitor.isFullyDegraded(), 5'000);
        c.monitor.stop();
        QVERIFY(degraded.size() >= 2);
        QCOMPARE(degraded.first().at(0).toBool(), true);
        QCOMPARE(degraded.last().at(0).toBool(), false);
    }

    void offlineHoldsTheBreakers()
    {
        Cluster c(4);
        QSignalSpy offline(&c.monitor, &Monitor::offlineChanged);
        for (int i = 0; i < 4; ++i)
            c.server(i).refuse();
        c.monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(c.monitor.looksOffline(), 3'000);
        // Many cycles later no breaker has opened, though every endpoint kept
        // being polled and failing.
        QTRY_VERIFY_WITH_TIMEOUT(c.endpoint(3)->breaker().stats().failures >= 10, 5'000);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(c.endpoint(i)->breaker().state(), BreakerState::Closed);
            QVERIFY(c.endpoint(i)->breaker().stats().consecutiveFailures < 3);
        }
        QVERIFY(c.monitor.looksOffline());
        for (int i = 0; i < 4; ++i)
            QVERIFY(c.server(i).resume());
        QTRY_VERIFY_WITH_TIMEOUT(!c.monitor.looksOffline(), 3'000);
        QTRY_VERIFY_WITH_TIMEOUT(c.endpoint(0)->health() == Health::Healthy, 3'000);
        c.monitor.stop();
        QCOMPARE(offline.size(), 2);
    }

    void oneDeadServerIsNotOffline()
    {
        Cluster c(2);
        c.server(0).refuse();
        c.monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(c.endpoint(0)->breaker().state() == BreakerState::Open, 3'000);
        QVERIFY(!c.monitor.looksOffline());
        c.monitor.stop();
    }

    void healthChecks()
    {
        EndpointOptions o = fastOptions();
        o.healthIntervalMs = 100;
        Cluster c(2, o);
        c.server(0).setRoute("/health", FaultBehaviour::ok(healthBody(false)));
        c.server(1).setRoute("/health", FaultBehaviour::withStatus(404)); // a server without /health
        QSignalSpy checked(&c.monitor, &Monitor::serverHealthChecked);
        c.monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(c.server(0).requestCount("/health") >= 2, 3'000);
        QTRY_VERIFY_WITH_TIMEOUT(c.server(1).requestCount("/health") >= 2, 3'000);
        QTRY_VERIFY_WITH_TIMEOUT(c.endpoint(0)->serverHealth().has_value(), 3'000);
        QCOMPARE(c.endpoint(0)->serverHealth()->nvidiaSmiAvailable, false);
        QTRY_COMPARE_WITH_TIMEOUT(c.endpoint(0)->reason(), QStringLiteral("server says: nvidia-smi not available"),
                                  3'000);
        // /health is informational: a 404 there does not make an endpoint unhealthy.
        QTRY_COMPARE_WITH_TIMEOUT(c.endpoint(1)->health(), Health::Healthy, 3'000);
        QVERIFY(!c.endpoint(1)->serverHealth());
        QTRY_VERIFY_WITH_TIMEOUT(checked.size() >= 4, 3'000);
        c.monitor.stop();
    }

    void details()
    {
        EndpointOptions o = fastOptions();
        o.detailsEveryPolls = 1;
        Cluster c(2, o);
        c.server(0).setRoute("/gpu/stats", FaultBehaviour::ok(statsBody()));
        c.server(1).setRoute("/gpu/stats", FaultBehaviour::withStatus(404)); // a predecessor server
        c.monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(c.endpoint(0)->snapshot() && c.endpoint(0)->snapshot()->details, 3'000);
        QCOMPARE(c.endpoint(0)->snapshot()->detailsFor(1)->temperatureC, 40.0);
        QTRY_VERIFY_WITH_TIMEOUT(!c.endpoint(1)->detailsSupported(), 3'000);
        QTRY_VERIFY_WITH_TIMEOUT(c.server(1).requestCount("/gpu/summary") >= 4, 3'000);
        QCOMPARE(c.server(1).requestCount("/gpu/stats"), 1); // asked once, never again
        QCOMPARE(c.endpoint(1)->health(), Health::Healthy);
        c.monitor.stop();
    }

    void feedsHistory()
    {
        gpupool::history::HistoryStore store(60'000, 100);
        Cluster c(2);
        c.monitor.setHistory(&store);
        c.server(1).setDefault(FaultBehaviour::withStatus(500));
        c.monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(store.endpoint(Cluster::id(0)) && store.endpoint(Cluster::id(0))->size() >= 3, 3'000);
        QTRY_VERIFY_WITH_TIMEOUT(store.endpoint(Cluster::id(1)) && store.endpoint(Cluster::id(1))->size() >= 2, 3'000);
        c.monitor.stop();
        using namespace gpupool::history;
        const EndpointHistory *h0 = store.endpoint(Cluster::id(0));
        QCOMPARE(h0->gpuIds(), (QList<int> { 0, 1 }));
        QCOMPARE(h0->gpuSeries(1, GpuMetric::UtilizationPercent).last().y(), 10.0);
        QCOMPARE(h0->endpointSeries(EndpointMetric::ResponseMs).size(), h0->size());
        // A failing endpoint has samples, but no response times or GPU points.
        const EndpointHistory *h1 = store.endpoint(Cluster::id(1));
        QVERIFY(h1->endpointSeries(EndpointMetric::ResponseMs).isEmpty());
        QVERIFY(h1->gpuIds().isEmpty());
        c.monitor.removeEndpoint(Cluster::id(1));
        QVERIFY(!store.endpoint(Cluster::id(1)));
    }

    void stopMeansStop()
    {
        Cluster c(2);
        c.monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(c.server(0).requestCount() >= 2, 3'000);
        c.monitor.stop();
        // A request written just before stop() may still reach the server.
        QTest::qWait(100);
        const int a = c.server(0).requestCount(), b = c.server(1).requestCount();
        QTest::qWait(300);
        QCOMPARE(c.server(0).requestCount(), a);
        QCOMPARE(c.server(1).requestCount(), b);
        // Endpoints added or removed while running start or stop with it.
        QVERIFY(!c.monitor.addEndpoint({ Cluster::id(0), c.server(0).url(), {} })); // duplicate id
        QVERIFY(c.monitor.removeEndpoint(Cluster::id(1)));
        QCOMPARE(c.monitor.endpoints().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"
