// EngineFeed: what the polls say, to the allocator. An endpoint's view
// carries its readings and whether it may be chosen at all; a view is pushed
// only when it changed; readings that grow old with time alone make the
// endpoint unusable once pushLapsed() runs. A real engine polling a server
// on 127.0.0.1, a fake clock, the allocator inline on a memory store.
#include "pool/allocatorhost.h"
#include "pool/enginefeed.h"

#include "../lease/fakewallclock.h"
#include "faultserver.h"

#include "endpoint/monitor.h"
#include "lease/memoryleasestore.h"

#include <QTest>

using namespace gpupool;
using namespace gpupool::pool;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;

namespace {

class Quiet final : public AllocatorListener
{
public:
    void leaseGranted(const lease::Lease &) override {}
    void leaseRenewed(const lease::Lease &) override {}
    void leaseEnded(const lease::LeaseEnd &) override {}
    void requestQueued(RequestId, int) override {}
    void requestDone(RequestId, const lease::Result<lease::Lease> &) override {}
    void reservationDone(RequestId, const lease::Result<QList<lease::Lease>> &) override {}
    void queueMoved() override {}
    void leasesReloaded() override {}
    void storeChangedElsewhere(const lease::Result<QString> &) override {}
    void storeStatusChanged() override {}
    void storeWarning(const QString &) override {}
    void figuresChanged() override {}
};

constexpr qint64 pollMs = 1'000;

endpoint::EndpointOptions engine()
{
    endpoint::EndpointOptions o;
    o.timeoutMs = 2'000;
    o.detailsEveryPolls = 1;
    o.pollIntervalMs = pollMs;
    o.healthIntervalMs = pollMs;
    return o;
}

} // namespace

class TestEngineFeed : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_server = std::make_unique<FaultServer>();
        m_server->setRoute("/gpu/stats", FaultBehaviour::ok(FaultBehaviour::validStats(2)));
        m_monitor = std::make_unique<endpoint::Monitor>(engine(), nullptr, m_clocks.mono);
        QVERIFY(m_monitor->addEndpoint({ QStringLiteral("a"), m_server->url(), {} }));
        AllocatorHost::Setup setup;
        setup.clock = &m_clocks.mono;
        setup.wallClock = &m_clocks.wall;
        m_host = std::make_unique<AllocatorHost>(m_quiet, setup);
        QVERIFY(!m_host->open([] {
            return lease::Result<std::unique_ptr<lease::LeaseStore>>(std::make_unique<lease::MemoryLeaseStore>());
        }));
        m_feed = std::make_unique<EngineFeed>(*m_monitor, *m_host, m_clocks.mono);
    }
    void cleanup()
    {
        m_feed.reset();
        m_host.reset();
        m_monitor.reset();
        m_server.reset();
    }

    void aViewCarriesReadingsAndUsability()
    {
        endpoint::Endpoint *e = pollOnce();
        QVERIFY(e);
        const balance::EndpointView v = EngineFeed::viewOf(*e);
        QCOMPARE(v.id, QStringLiteral("a"));
        QVERIFY(v.isUsable());
        QCOMPARE(v.gpus.size(), 2);
        QCOMPARE(v.gpus.at(1).localId, 1);
        QCOMPARE(v.gpus.at(1).name, QStringLiteral("NVIDIA H100 80GB HBM3"));
        QCOMPARE(v.gpus.at(1).utilizationPercent, 10.0);
        QCOMPARE(v.gpus.at(1).memoryTotalMb, 81559); // from the details
        QVERIFY(v.responseTimeMs.has_value());
    }

    void aViewIsPushedOnlyWhenItChanged()
    {
        endpoint::Endpoint *e = pollOnce();
        QVERIFY(e);
        m_feed->pushAll();
        QCOMPARE(m_host->figures().inventory.totalAssignable(), 2);
        const quint64 revision = m_host->figures().inventory.endpoint(0).revision;
        m_feed->push(*e); // the same readings
        QCOMPARE(m_host->figures().inventory.endpoint(0).revision, revision);
        m_feed->pushLapsed(); // nothing lapsed
        QCOMPARE(m_host->figures().inventory.endpoint(0).revision, revision);
    }

    void readingsLapseWithTimeAlone()
    {
        endpoint::Endpoint *e = pollOnce();
        QVERIFY(e);
        m_feed->pushAll();
        QCOMPARE(m_host->figures().inventory.totalAssignable(), 2);
        m_clocks.advance(endpoint::EndpointOptions::kFreshIntervals * pollMs); // exactly 3 intervals old
        QVERIFY(!e->isFresh());
        m_feed->pushLapsed();
        QCOMPARE(m_host->figures().inventory.totalAssignable(), 0);
        QVERIFY(!m_host->figures().inventory.endpoint(0).view.dataFresh);
    }

    void aConfigurationProblemIsNeverChosen()
    {
        m_server->setDefault(FaultBehaviour::withStatus(401));
        endpoint::Endpoint *e = m_monitor->endpoint(QStringLiteral("a"));
        bool answered = false;
        connect(m_monitor.get(), &endpoint::Monitor::endpointPolled, this, [&] { answered = true; });
        e->pollNow();
        QTRY_VERIFY_WITH_TIMEOUT(answered, 5'000);
        balance::EndpointView v;
        readUsability(*e, v);
        QVERIFY(v.authFailed);
        QVERIFY(!v.isUsable());
    }

private:
    // One answered poll (summary and details), on the engine's own schedule stopped.
    endpoint::Endpoint *pollOnce()
    {
        endpoint::Endpoint *e = m_monitor->endpoint(QStringLiteral("a"));
        e->pollNow();
        if (!QTest::qWaitFor([e] { return e->snapshot() && e->snapshot()->details; }, 5'000))
            return nullptr;
        return e;
    }

    testing::Clocks m_clocks;
    Quiet m_quiet;
    std::unique_ptr<FaultServer> m_server;
    std::unique_ptr<endpoint::Monitor> m_monitor;
    std::unique_ptr<AllocatorHost> m_host;
    std::unique_ptr<EngineFeed> m_feed;
};

QTEST_GUILESS_MAIN(TestEngineFeed)
#include "tst_enginefeed.moc"
