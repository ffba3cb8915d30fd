// Who uses the GPUs: an endpoint reads /gpu/processes only while someone
// wants the list, after a successful poll and at most every
// processesIntervalMs (on the fake clock); a predecessor server's 404 is
// asked once and is no failure of the endpoint; a bad answer leaves the last
// list to age. Real sockets on 127.0.0.1 (FaultServer), the real engine.
#include "faultserver.h"
#include "fakeclock.h"
#include "pollonce.h"

#include "endpoint/endpoint.h"
#include "stats/bodywriter.h"

#include <QSignalSpy>
#include <QTest>

using namespace gpupool;
using namespace gpupool::endpoint;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;

namespace {

constexpr int waitMs = 5'000;

QByteArray processesBody(const QString &user, qint64 pid)
{
    stats::ProcessesBody b;
    stats::GpuProcess p;
    p.pid = pid;
    p.processName = QStringLiteral("python3");
    p.user = user;
    p.usedMemoryMb = 1024;
    p.gpuIndex = 0;
    p.gpuUuid = QStringLiteral("GPU-0");
    b.processes.append(p);
    b.timestamp = QStringLiteral("t");
    return stats::writeProcesses(b);
}

} // namespace

class TestProcesses : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_server = std::make_unique<FaultServer>();
        m_server->setRoute("/gpu/processes", FaultBehaviour::ok(processesBody(QStringLiteral("alice"), 100)));
        EndpointOptions o;
        o.timeoutMs = 2'000;
        o.detailsEveryPolls = 0;
        o.processesIntervalMs = 15'000;
        m_endpoint = std::make_unique<Endpoint>(EndpointConfig { QStringLiteral("e"), m_server->url(), {} }, o, m_clock,
                                                m_random);
    }
    void cleanup()
    {
        m_endpoint.reset();
        m_server.reset();
    }

    void notAskedUnlessWanted()
    {
        QVERIFY(testing::pollOnce(*m_endpoint, waitMs).ok);
        QVERIFY(testing::pollOnce(*m_endpoint, waitMs).ok);
        QCOMPARE(m_server->requestCount("/gpu/processes"), 0);
        QVERIFY(!m_endpoint->processes());
    }

    void askedAfterAPollAtMostEveryInterval()
    {
        m_endpoint->setProcessesWanted(true);
        QSignalSpy read(m_endpoint.get(), &Endpoint::processesRead);
        QVERIFY(testing::pollOnce(*m_endpoint, waitMs).ok);
        QVERIFY(read.wait(waitMs));
        QVERIFY(m_endpoint->processes());
        QCOMPARE(m_endpoint->processes()->processes.size(), 1);
        QCOMPARE(m_endpoint->processes()->processes.first().user, std::optional<QString>(QStringLiteral("alice")));
        QCOMPARE(m_endpoint->processes()->receivedAtMs, m_clock.nowMs());

        m_clock.advance(14'999);
        QVERIFY(testing::pollOnce(*m_endpoint, waitMs).ok);
        QCOMPARE(m_server->requestCount("/gpu/processes"), 1); // not yet
        m_server->setRoute("/gpu/processes", FaultBehaviour::ok(processesBody(QStringLiteral("bob"), 200)));
        m_clock.advance(1);
        QVERIFY(testing::pollOnce(*m_endpoint, waitMs).ok);
        QVERIFY(read.wait(waitMs));
        QCOMPARE(m_server->requestCount("/gpu/processes"), 2);
        QCOMPARE(m_endpoint->processes()->processes.first().user, std::optional<QString>(QStringLiteral("bob")));

        // Not wanted any more: not asked, however long it has been.
        m_endpoint->setProcessesWanted(false);
        m_clock.advance(60'000);
        QVERIFY(testing::pollOnce(*m_endpoint, waitMs).ok);
        QCOMPARE(m_server->requestCount("/gpu/processes"), 2);
    }

    void aPredecessorServerIsAskedOnce()
    {
        m_server->setRoute("/gpu/processes", FaultBehaviour::withStatus(404, R"({"detail":"Not Found"})"));
        m_endpoint->setProcessesWanted(true);
        QSignalSpy read(m_endpoint.get(), &Endpoint::processesRead);
        QVERIFY(testing::pollOnce(*m_endpoint, waitMs).ok);
        QVERIFY(read.wait(waitMs));
        QVERIFY(!m_endpoint->processesSupported());
        QVERIFY(!m_endpoint->processes());
        QCOMPARE(m_endpoint->health(), Health::Healthy);
        m_clock.advance(60'000);
        QVERIFY(testing::pollOnce(*m_endpoint, waitMs).ok);
        QCOMPARE(m_server->requestCount("/gpu/processes"), 1);
        QCOMPARE(m_endpoint->breaker().stats().failures, quint64(0));
    }

    void aBadAnswerLeavesTheLastListToAge()
    {
        m_endpoint->setProcessesWanted(true);
        QSignalSpy read(m_endpoint.get(), &Endpoint::processesRead);
        QVERIFY(testing::pollOnce(*m_endpoint, waitMs).ok);
        QVERIFY(read.wait(waitMs));
        const qint64 firstAt = m_endpoint->processes()->receivedAtMs;
        m_server->setRoute("/gpu/processes", FaultBehaviour::ok(R"({"processes":[{"pid":"x"}]})"));
        m_clock.advance(15'000);
        QVERIFY(testing::pollOnce(*m_endpoint, waitMs).ok);
        QVERIFY(read.wait(waitMs));
        QCOMPARE(m_endpoint->processes()->receivedAtMs, firstAt); // the old list, older now
        QCOMPARE(m_endpoint->processes()->processes.first().user, std::optional<QString>(QStringLiteral("alice")));
        QCOMPARE(m_endpoint->health(), Health::Healthy);
        QVERIFY(m_endpoint->processesSupported());
    }

private:
    testing::FakeClock m_clock;
    testing::FixedRandom m_random;
    std::unique_ptr<FaultServer> m_server;
    std::unique_ptr<Endpoint> m_endpoint;
};

QTEST_GUILESS_MAIN(TestProcesses)
#include "tst_processes.moc"
