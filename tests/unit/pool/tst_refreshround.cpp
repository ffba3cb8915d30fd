// RefreshRound: gpupoolctl's one round of polls, against servers on
// 127.0.0.1. It ends once every endpoint answered (with its details when
// they come with the poll) or failed, or at the endpoint timeout (+1 s);
// callers hear the result from the event loop, after the Pool's hook.
#include "pool/refreshround.h"

#include "faultserver.h"

#include "endpoint/monitor.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace gpupool;
using namespace gpupool::pool;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;

namespace {

constexpr qint64 timeoutMs = 300;

endpoint::EndpointOptions engine()
{
    endpoint::EndpointOptions o;
    o.timeoutMs = timeoutMs;
    o.detailsEveryPolls = 1;
    o.pollIntervalMs = 60'000; // nothing but the round polls
    o.healthIntervalMs = 60'000;
    return o;
}

QUrl refusedUrl()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
}

// The round and the engine, wired as the Pool wires them.
struct Rig
{
    endpoint::Monitor monitor { engine() };
    RefreshRound round { monitor, timeoutMs, 1 };
    QStringList order;

    Rig()
    {
        QObject::connect(&monitor, &endpoint::Monitor::endpointPolled, &round, &RefreshRound::polled);
        QObject::connect(&monitor, &endpoint::Monitor::snapshotChanged, &round, &RefreshRound::snapshotChanged);
        round.setBeforeAnswer([this] { order.append(QStringLiteral("hook")); });
    }
    void add(const QString &id, const QUrl &url) { QVERIFY(monitor.addEndpoint({ id, url, {} })); }
};

} // namespace

class TestRefreshRound : public QObject
{
    Q_OBJECT

private slots:
    void answersOnceEveryEndpointSettled()
    {
        FaultServer good;
        good.setRoute("/gpu/stats", FaultBehaviour::ok(FaultBehaviour::validStats()));
        Rig rig;
        rig.add(QStringLiteral("good"), good.url());
        rig.add(QStringLiteral("down"), refusedUrl());
        QSignalSpy finished(&rig.round, &RefreshRound::finished);
        std::optional<RefreshResult> result;
        rig.round.start([&](const RefreshResult &r) {
            rig.order.append(QStringLiteral("done"));
            result = r;
        });
        QVERIFY(rig.round.isActive());
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5'000);
        QCOMPARE(rig.order, (QStringList { QStringLiteral("hook"), QStringLiteral("done") }));
        QCOMPARE(result->endpoints, 2);
        QCOMPARE(result->reachable, 1);
        QCOMPARE(result->failures.size(), 1);
        QVERIFY(result->failures.first().startsWith(QLatin1String("down: ")));
        QCOMPARE(finished.size(), 1);
        QVERIFY(!rig.round.isActive());
        // It waited for the details that come with the poll.
        QCOMPARE(good.requestCount("/gpu/stats"), 1);
        QVERIFY(rig.monitor.endpoint(QStringLiteral("good"))->snapshot()->details);
    }

    void aSilentEndpointCountsAsFailedAtTheDeadline()
    {
        FaultServer silent;
        silent.setDefault(FaultBehaviour::of(FaultBehaviour::Kind::Hang));
        Rig rig;
        rig.add(QStringLiteral("silent"), silent.url());
        std::optional<RefreshResult> result;
        rig.round.start([&](const RefreshResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5'000);
        QCOMPARE(result->reachable, 0);
        QCOMPARE(result->failures.size(), 1);
    }

    void aSecondCallerJoinsTheRoundUnderWay()
    {
        FaultServer good;
        Rig rig;
        rig.add(QStringLiteral("good"), good.url());
        int told = 0;
        rig.round.start([&](const RefreshResult &) { ++told; });
        rig.round.start([&](const RefreshResult &) { ++told; });
        QTRY_COMPARE_WITH_TIMEOUT(told, 2, 5'000);
        QCOMPARE(good.requestCount("/gpu/summary"), 1); // one round, not two
    }

    void noEndpointsAnswersFromTheEventLoop()
    {
        Rig rig;
        bool told = false;
        rig.round.start([&](const RefreshResult &r) { told = r.endpoints == 0; });
        QVERIFY(!told);
        QTRY_VERIFY(told);
    }

    void finishEndsTheRoundNow()
    {
        FaultServer silent;
        silent.setDefault(FaultBehaviour::of(FaultBehaviour::Kind::Hang));
        Rig rig;
        rig.add(QStringLiteral("silent"), silent.url());
        std::optional<RefreshResult> result;
        rig.round.start([&](const RefreshResult &r) { result = r; });
        rig.round.finish(); // the Pool stops
        QVERIFY(result.has_value());
        QVERIFY(result->failures.first().contains(QLatin1String("no answer within 300 ms")));
        rig.round.finish(); // nothing under way: nothing happens
    }
};

QTEST_GUILESS_MAIN(TestRefreshRound)
#include "tst_refreshround.moc"
