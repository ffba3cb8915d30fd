// gpupoolctl's "why is this GPU not available": the endpoint is blamed only
// when the balancer itself passes it by (EndpointInfo::usable), so a GPU on a
// usable endpoint that had one failed poll is "busy", not "endpoint failing".
#include "views.h"

#include "pool/poolstatus.h"

#include <QTest>

using namespace gpupool;

namespace {

pool::EndpointInfo usableEndpoint()
{
    pool::EndpointInfo e;
    e.id = QStringLiteral("gpu1");
    e.health = endpoint::Health::Healthy;
    e.healthy = true;
    e.fresh = true;
    e.usable = true;
    return e;
}

pool::GpuInfo busyGpu()
{
    pool::GpuInfo g;
    g.endpointId = QStringLiteral("gpu1");
    g.memoryPercent = 95;
    g.utilizationPercent = 10;
    return g; // not assignable, not under the thresholds
}

const balance::Thresholds thresholds { 80, 90 };

} // namespace

Q_DECLARE_METATYPE(gpupool::pool::EndpointInfo)

class TestWhyNot : public QObject
{
    Q_OBJECT

private slots:
    void reasons_data();
    void reasons();
};

void TestWhyNot::reasons_data()
{
    QTest::addColumn<pool::EndpointInfo>("endpoint");
    QTest::addColumn<QString>("expected");
    pool::EndpointInfo e = usableEndpoint();
    QTest::newRow("usable: the GPU's own reason") << e << QStringLiteral("busy: memory 95% ≥ 80%");
    e.health = endpoint::Health::Failing; // one failed poll; still chosen
    e.healthy = false;
    QTest::newRow("failing but usable") << e << QStringLiteral("busy: memory 95% ≥ 80%");
    e = usableEndpoint();
    e.usable = false;
    e.misconfigured = true;
    e.health = endpoint::Health::Misconfigured;
    e.healthy = false;
    QTest::newRow("misconfigured") << e << QStringLiteral("endpoint misconfigured");
    e = usableEndpoint();
    e.usable = false;
    e.breaker = endpoint::BreakerState::Open;
    e.health = endpoint::Health::Down;
    e.healthy = false;
    QTest::newRow("breaker open") << e << QStringLiteral("endpoint down");
    e = usableEndpoint();
    e.usable = false;
    e.fresh = false;
    QTest::newRow("stale") << e << QStringLiteral("stale data");
}

void TestWhyNot::reasons()
{
    QFETCH(pool::EndpointInfo, endpoint);
    QFETCH(QString, expected);
    QCOMPARE(ctl::views::whyNotAvailable(busyGpu(), &endpoint, thresholds, QStringLiteral("me@ws")), expected);
}

QTEST_GUILESS_MAIN(TestWhyNot)
#include "tst_whynot.moc"
