// The fault matrix of tests/README.md: one Endpoint against a misbehaving
// server on 127.0.0.1, one fault at a time. Real sockets, real clock, short
// limits (300 ms timeout), bounded waits; nothing sleeps.
#include "endpoint/endpoint.h"
#include "endpoint/poller.h"
#include "endpoint/secretstore.h"
#include "stats/bodywriter.h"

#include "faultserver.h"
#include "pollonce.h"
#include "transportundertest.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>
#include <functional>

#include <sys/resource.h>

using namespace gpupool;
using namespace gpupool::endpoint;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;
using Kind = FaultBehaviour::Kind;

namespace {

constexpr qint64 kTimeoutMs = 300;
const QByteArray kApiKey = "s3cr3t-api-key-7f1c";

EndpointOptions testOptions()
{
    EndpointOptions o;
    o.timeoutMs = kTimeoutMs;
    o.pollIntervalMs = 100;
    o.detailsEveryPolls = 0;
    o.transport = gpupool::testing::transportUnderTest();
    return o;
}

// Everything the engine logs while a test runs, to prove no secret is in it.
QStringList &logged()
{
    static QStringList messages;
    return messages;
}

void captureMessages(QtMsgType, const QMessageLogContext &, const QString &message)
{
    logged().append(message);
}

struct Rig
{
    InMemorySecretStore secrets;
    FaultServer server;
    std::unique_ptr<Endpoint> endpoint;

    explicit Rig(EndpointOptions options = testOptions(), QUrl url = {})
    {
        secrets.setApiKey(QStringLiteral("fault"), kApiKey);
        endpoint = std::make_unique<Endpoint>(
            EndpointConfig { QStringLiteral("fault"), url.isEmpty() ? server.url() : url, {} }, options,
            SteadyClock::instance(), SystemRandom::instance(), &secrets);
    }

    PollOutcome pollOnce() { return gpupool::testing::pollOnce(*endpoint, 5'000); }
};

struct FaultCase
{
    const char *name;
    std::function<FaultBehaviour()> behaviour;
    FailureKind kind;
    const char *reasonContains;
};

FaultBehaviour trickle()
{
    // One byte every 20 ms: a timeout that restarted on every byte would
    // never fire.
    FaultBehaviour b = FaultBehaviour::of(Kind::Trickle);
    b.trickleIntervalMs = 20;
    return b;
}

const QList<FaultCase> &faultCases()
{
    static const QList<FaultCase> cases {
        { "hang", [] { return FaultBehaviour::of(Kind::Hang); }, FailureKind::Timeout, "timeout after 0.3 s" },
        { "trickle", trickle, FailureKind::Timeout, "timeout after 0.3 s" },
        { "reset mid-body", [] { return FaultBehaviour::of(Kind::ResetMidBody); }, FailureKind::ConnectionReset,
          "connection" },
        { "truncated body", [] { return FaultBehaviour::of(Kind::Truncated); }, FailureKind::ConnectionReset,
          "before the answer was complete" },
        { "500", [] { return FaultBehaviour::withStatus(500); }, FailureKind::HttpServerError,
          "server error (HTTP 500)" },
        { "503", [] { return FaultBehaviour::withStatus(503); }, FailureKind::HttpServerError,
          "server error (HTTP 503)" },
        { "429", [] { return FaultBehaviour::withStatus(429); }, FailureKind::RateLimited, "rate limited (HTTP 429)" },
        { "401", [] { return FaultBehaviour::withStatus(401); }, FailureKind::AuthError, "auth error (HTTP 401)" },
        { "403", [] { return FaultBehaviour::withStatus(403); }, FailureKind::AuthError, "auth error (HTTP 403)" },
        { "404", [] { return FaultBehaviour::withStatus(404, "{\"detail\":\"Not Found\"}"); }, FailureKind::NotFound,
          "wrong URL or not a GPU statistics server" },
        { "malformed JSON", [] { return FaultBehaviour::ok("{\"gpu_count\": 2, \"gpus_summary\": [tru"); },
          FailureKind::Malformed, "malformed response" },
        { "schema-breaking body",
          [] {
              return FaultBehaviour::ok(
                  R"({"gpu_count": 1, "total_memory_mb": 1, "total_used_memory_mb": 1, "average_utilization_percent": 1, "gpus_summary": [{"gpu_id": 0, "name": "x", "memory_usage_percent": 150.0, "utilization_percent": 1}], "timestamp": "t"})");
          },
          FailureKind::Schema, "memory_usage_percent" },
        { "wrong content type",
          [] { return FaultBehaviour::withContentType("text/html; charset=utf-8", "<html><body>hello</body></html>"); },
          FailureKind::WrongContentType, "expected JSON, got text/html" },
        { "error body with 200",
          [] { return FaultBehaviour::ok(gpupool::stats::writeErrorBody(QStringLiteral("nvidia-smi not available"))); },
          FailureKind::ServerError, "server says: nvidia-smi not available" },
        { "100 MB body, announced", [] { return FaultBehaviour::of(Kind::Huge); }, FailureKind::TooLarge,
          "response larger than 4 MiB" },
        { "100 MB body, streamed",
          [] {
              auto b = FaultBehaviour::of(Kind::Huge);
              b.announceLength = false;
              return b;
          },
          FailureKind::TooLarge, "response larger than 4 MiB" },
        { "unfollowable 3xx", [] { return FaultBehaviour::withStatus(300, {}); }, FailureKind::HttpOther,
          "unexpected HTTP status 300" },
        { "close without answering", [] { return FaultBehaviour::of(Kind::CloseWithoutAnswer); },
          FailureKind::ConnectionReset, "connection closed by the server before it answered" },
    };
    return cases;
}

qint64 peakRssKiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

class TestFaultMatrix : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Every gpupool category on, so a leaked secret would show.
        QLoggingCategory::setFilterRules(QStringLiteral("gpupool.*.debug=true"));
        qInstallMessageHandler(captureMessages);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(nullptr);
        for (const QString &m : std::as_const(logged()))
            QVERIFY2(!m.contains(QString::fromLatin1(kApiKey)), qPrintable(m));
        QVERIFY(!logged().isEmpty()); // the check above saw real traffic
    }

    void healthyServer()
    {
        Rig r;
        // The transport this run is for (ctest runs the matrix for both).
        QCOMPARE(r.endpoint->transport(), gpupool::testing::testingQtTransport() ? Transport::Qt : Transport::Fast);
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.ok, qPrintable(o.failure.text));
        QCOMPARE(r.endpoint->health(), Health::Healthy);
        QVERIFY(r.endpoint->reason().isEmpty());
        QCOMPARE(r.endpoint->totalGpus(), 2);
        QVERIFY(r.endpoint->isFresh());
        QVERIFY(r.endpoint->lastResponseMs());
        QVERIFY(r.endpoint->averageResponseMs());
        QVERIFY(r.endpoint->lastSeenMs() > 0);
        QCOMPARE(r.endpoint->breaker().stats().successes, 1u);
        // The request: GET /gpu/summary with the API key as X-API-Key.
        QCOMPARE(r.server.requests().size(), 1);
        QCOMPARE(r.server.requests()[0].method, QByteArray("GET"));
        QCOMPARE(r.server.requests()[0].path, QByteArray("/gpu/summary"));
        QCOMPARE(r.server.requests()[0].headers.value("x-api-key"), kApiKey);
    }

    void refused()
    {
        Rig r;
        r.server.refuse();
        const PollOutcome o = r.pollOnce();
        QVERIFY(!o.ok);
        QCOMPARE(o.failure.kind, FailureKind::ConnectionRefused);
        QCOMPARE(r.endpoint->reason(), QStringLiteral("connection refused"));
        QCOMPARE(r.endpoint->health(), Health::Failing);
        QCOMPARE(r.endpoint->breaker().stats().consecutiveFailures, 1);
    }

    void fault_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < faultCases().size(); ++i)
            QTest::newRow(faultCases()[i].name) << i;
    }
    void fault()
    {
        QFETCH(int, index);
        const FaultCase &c = faultCases()[index];
        Rig r;
        r.server.setDefault(c.behaviour());
        // A healthy poll first, so "never show half-parsed data" is checked
        // against a snapshot that must survive the fault unchanged.
        r.server.setRoute("/gpu/summary", FaultBehaviour::ok());
        QVERIFY(r.pollOnce().ok);
        const auto before = r.endpoint->snapshot()->summary;
        r.server.setRoute("/gpu/summary", c.behaviour());

        QElapsedTimer elapsed;
        elapsed.start();
        const PollOutcome o = r.pollOnce();
        QVERIFY(!o.ok);
        QCOMPARE(kindName(o.failure.kind), kindName(c.kind));
        QVERIFY2(o.failure.text.contains(QString::fromUtf8(c.reasonContains)), qPrintable(o.failure.text));
        QVERIFY2(r.endpoint->reason().contains(QString::fromUtf8(c.reasonContains)), qPrintable(r.endpoint->reason()));
        // Whatever the fault, the answer comes within the deadline (plus slack
        // for a loaded machine), and the last good snapshot is untouched.
        QVERIFY2(elapsed.elapsed() < kTimeoutMs + 1'500, qPrintable(QString::number(elapsed.elapsed())));
        QCOMPARE(r.endpoint->snapshot()->summary, before);

        const BreakerStats &s = r.endpoint->breaker().stats();
        if (isConfigProblem(c.kind)) {
            QCOMPARE(r.endpoint->health(), Health::Misconfigured);
            QCOMPARE(s.consecutiveFailures, 0);
            QCOMPARE(s.neutral, 1u);
        } else {
            QCOMPARE(r.endpoint->health(), Health::Failing);
            QCOMPARE(s.consecutiveFailures, 1);
            QCOMPARE(s.lastFailure->kind, c.kind);
        }
    }

    void timeoutIsOverallNotInactivity()
    {
        Rig r;
        r.server.setDefault(trickle());
        QElapsedTimer elapsed;
        elapsed.start();
        const PollOutcome o = r.pollOnce();
        QCOMPARE(o.failure.kind, FailureKind::Timeout);
        QVERIFY(elapsed.elapsed() >= kTimeoutMs);
        QVERIFY2(elapsed.elapsed() < kTimeoutMs + 1'000, qPrintable(QString::number(elapsed.elapsed())));
        // Bytes were still arriving when the deadline struck.
        QVERIFY(r.server.bytesSent() > 0);
    }

    void hugeBodiesStayBounded()
    {
        // Twenty 100 MB answers: each is cut at the 4 MiB cap, the server is
        // never allowed to push the whole body, and memory does not grow with
        // the number of attempts. (A breaker that opened after three would
        // stop the attempts: this test is about memory, so it never opens.)
        EndpointOptions options = testOptions();
        options.maxFailures = 1'000;
        options.timeoutMs = 5'000; // 4 MiB through a loaded 2-core machine
        Rig r(options);
        auto b = FaultBehaviour::of(Kind::Huge);
        b.announceLength = false;
        r.server.setDefault(b);
        const PollOutcome first = r.pollOnce();
        QVERIFY2(first.failure.kind == FailureKind::TooLarge, qPrintable(first.failure.text));
        const qint64 rssAfterFirst = peakRssKiB();
        for (int i = 0; i < 19; ++i)
            QCOMPARE(r.pollOnce().failure.kind, FailureKind::TooLarge);
        QVERIFY2(r.server.bytesSent() < 20LL * 24 * 1024 * 1024, qPrintable(QString::number(r.server.bytesSent())));
        QVERIFY2(peakRssKiB() - rssAfterFirst < 32 * 1024,
                 qPrintable(QStringLiteral("%1 -> %2 KiB").arg(rssAfterFirst).arg(peakRssKiB())));
    }

    void redirectWithinOriginIsFollowed()
    {
        Rig r;
        r.server.setRoute("/gpu/summary", FaultBehaviour::redirect("/v2/gpu/summary"));
        r.server.setRoute("/v2/gpu/summary", FaultBehaviour::ok());
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.ok, qPrintable(o.failure.text));
        QCOMPARE(r.server.requestCount("/v2/gpu/summary"), 1);
        QCOMPARE(r.server.requests().last().headers.value("x-api-key"), kApiKey);
    }

    void redirectToAnotherHostIsRefused()
    {
        Rig r;
        FaultServer elsewhere;
        // "localhost" is another host name than "127.0.0.1", and another port.
        const QByteArray target = "http://localhost:" + QByteArray::number(elsewhere.port()) + "/gpu/summary?token=abc";
        r.server.setRoute("/gpu/summary", FaultBehaviour::redirect(target));
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.failure.kind == FailureKind::RedirectRefused, qPrintable(o.failure.text));
        QVERIFY(o.failure.text.contains(QStringLiteral("localhost")));
        QVERIFY2(!o.failure.text.contains(QStringLiteral("token")), qPrintable(o.failure.text));
        // Neither the request nor the API key reached the other host.
        QTest::qWait(50);
        QCOMPARE(elsewhere.requestCount(), 0);
        QCOMPARE(r.endpoint->breaker().stats().consecutiveFailures, 1);
    }

    void redirectToAnotherPortIsRefused()
    {
        Rig r;
        FaultServer elsewhere;
        const QByteArray target = "http://127.0.0.1:" + QByteArray::number(elsewhere.port()) + "/gpu/summary";
        r.server.setRoute("/gpu/summary", FaultBehaviour::redirect(target, 307));
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.failure.kind == FailureKind::RedirectRefused, qPrintable(o.failure.text));
        QTest::qWait(50);
        QCOMPARE(elsewhere.requestCount(), 0);
    }

    void keepAliveReusesTheConnection()
    {
        Rig r;
        r.server.setKeepAlive(true);
        for (int i = 0; i < 3; ++i)
            QVERIFY(r.pollOnce().ok);
        QCOMPARE(r.server.requestCount(), 3);
        QCOMPARE(r.server.acceptedConnections(), 1);
    }

    void healthAndDetailsRideOnThePollsConnection()
    {
        // A health check every 30 s on a connection of its own would find it
        // closed by the server's idle timeout each time and connect anew.
        FaultServer server;
        server.setKeepAlive(true);
        PollScheduler scheduler(SteadyClock::instance());
        Poller poller(EndpointConfig { QStringLiteral("p"), server.url(), {} }, nullptr, scheduler, nullptr,
                      gpupool::testing::transportUnderTest());
        QSignalSpy polled(&poller, &Poller::polled);
        QSignalSpy health(&poller, &Poller::healthChecked);
        QSignalSpy details(&poller, &Poller::detailsFetched);
        for (int i = 0; i < 2; ++i) {
            poller.poll();
            QVERIFY(polled.wait(5'000));
            poller.checkHealth();
            QVERIFY(health.wait(5'000));
            poller.fetchDetails();
            QVERIFY(details.wait(5'000));
        }
        QVERIFY(polled.last().at(0).value<PollOutcome>().ok);
        QCOMPARE(server.requestCount("/gpu/summary"), 2);
        QCOMPARE(server.requestCount("/health"), 2);
        QCOMPARE(server.requestCount("/gpu/stats"), 2);
        QCOMPARE(server.acceptedConnections(), 1);
        // While the poll holds its connection, a health check opens its own.
        poller.poll();
        poller.checkHealth();
        QVERIFY(health.wait(5'000));
        QTRY_COMPARE_WITH_TIMEOUT(polled.size(), 3, 5'000);
        QCOMPARE(server.acceptedConnections(), 2);
    }

    void idleConnectionClosedByTheServer()
    {
        Rig r;
        r.server.setKeepAlive(true);
        QVERIFY(r.pollOnce().ok);
        r.server.closeIdleConnections();
        QTest::qWait(50); // the client sees the close while idle
        QVERIFY(r.pollOnce().ok);
        QCOMPARE(r.server.acceptedConnections(), 2);
    }

    void closeRaceOnReuseIsRetriedOnce()
    {
        // The server's idle timeout strikes just as the client reuses the
        // connection: nothing was answered, so one retry on a new connection.
        Rig r;
        r.server.setKeepAlive(true);
        QVERIFY(r.pollOnce().ok);
        r.server.setRoute("/gpu/summary", FaultBehaviour::of(Kind::CloseWithoutAnswer, true));
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.ok, qPrintable(o.failure.text));
        QCOMPARE(r.server.requestCount(), 3);
        QCOMPARE(r.server.acceptedConnections(), 2);
        // On a fresh connection the same close is a failure, not retried.
        r.server.setRoute("/gpu/summary", FaultBehaviour::of(Kind::CloseWithoutAnswer));
        r.server.closeIdleConnections();
        QTest::qWait(50);
        QCOMPARE(r.pollOnce().failure.kind, FailureKind::ConnectionReset);
    }

    void breakerOpensAfterMaxFailures()
    {
        Rig r;
        r.server.setDefault(FaultBehaviour::withStatus(503));
        QSignalSpy transitions(r.endpoint.get(), &Endpoint::breakerTransition);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(r.pollOnce().failure.kind, FailureKind::HttpServerError);
        QCOMPARE(r.endpoint->breaker().state(), BreakerState::Open);
        QCOMPARE(r.endpoint->health(), Health::Down);
        QCOMPARE(r.endpoint->reason(), QStringLiteral("circuit open: server error (HTTP 503)"));
        QCOMPARE(transitions.size(), 1);
        // No polls while open.
        const int before = r.server.requestCount();
        r.endpoint->pollNow();
        QTest::qWait(50);
        QCOMPARE(r.server.requestCount(), before);
    }

    void configProblemsNeverOpenTheBreaker()
    {
        Rig r;
        r.server.setDefault(FaultBehaviour::withStatus(401));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(r.pollOnce().failure.kind, FailureKind::AuthError);
        QCOMPARE(r.endpoint->breaker().state(), BreakerState::Closed);
        QCOMPARE(r.endpoint->health(), Health::Misconfigured);
    }

    void noApiKeyWithoutOne()
    {
        Rig r;
        r.secrets.removeApiKey(QStringLiteral("fault"));
        QVERIFY(r.pollOnce().ok);
        QVERIFY(!r.server.requests()[0].headers.contains("x-api-key"));
    }

    void unknownHost()
    {
        // .invalid never resolves (RFC 2606); no network needed.
        Rig r(testOptions(), QUrl(QStringLiteral("http://gpupool-test.invalid:8000")));
        const PollOutcome o = r.pollOnce();
        QVERIFY(!o.ok);
        QVERIFY2(o.failure.kind == FailureKind::HostNotFound || o.failure.kind == FailureKind::Timeout,
                 qPrintable(kindName(o.failure.kind)));
        QVERIFY(isBreakerFailure(o.failure.kind));
    }

    void ipv6Loopback()
    {
        FaultServer v6(std::nullopt, QHostAddress::LocalHostIPv6);
        if (!v6.isListening())
            QSKIP("this machine has no ::1");
        Rig r(testOptions(), v6.url(QStringLiteral("::1")));
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.ok, qPrintable(o.failure.text));
        QCOMPARE(v6.requestCount("/gpu/summary"), 1);
    }

    void eachResolvedAddressIsTried()
    {
        // "localhost" resolves to ::1 and 127.0.0.1 (in an order the system
        // picks); the server listens on 127.0.0.1 only, so an attempt on ::1
        // is refused and the next address must be tried, as QTcpSocket does.
        Rig r;
        r.endpoint.reset();
        InMemorySecretStore secrets;
        Endpoint e(EndpointConfig { QStringLiteral("byname"), r.server.url(QStringLiteral("localhost")), {} },
                   testOptions(), SteadyClock::instance(), SystemRandom::instance(), &secrets);
        QSignalSpy spy(&e, &Endpoint::polled);
        e.pollNow();
        QVERIFY(spy.wait(5'000));
        const PollOutcome o = spy.takeFirst().at(0).value<PollOutcome>();
        QVERIFY2(o.ok, qPrintable(o.failure.text));
        QCOMPARE(r.server.requestCount("/gpu/summary"), 1);
    }
};

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "tst_faultmatrix.moc"
