// The wait queue in the store, with real gpupoolctl processes on one store
// (a SQLite file, and a real redis-server when installed) and a real
// gpupool-statd: two programs that wait are served in the order they came,
// `queue` lists every program's waiters and `status` counts them, `cancel`
// withdraws only one's own, and a waiter that was killed stops holding GPUs
// once its heartbeat goes stale.

#include "ctltesting.h"

#include "../redis/testredis.h"

#include <QElapsedTimer>
#include <QJsonArray>

#include <csignal>

using namespace gpupool::ctl::testing;
using gpupool::testing::TestRedis;

class TestCtlQueue : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void waitersAreServedInArrivalOrder_data() { stores(); }
    void waitersAreServedInArrivalOrder();
    void killedWaiterStopsHolding_data() { stores(); }
    void killedWaiterStopsHolding();
    void cleanup();

private:
    void stores()
    {
        QTest::addColumn<bool>("redis");
        QTest::newRow("sqlite") << false;
        QTest::newRow("redis") << true;
    }
    // The store of this row: the first Ctl's SQLite file, or the Redis.
    QString storeUrl(bool redis) const { return redis ? m_redis.url() : m_holder.storeArgument(); }
    QStringList options(bool redis) const
    {
        return { QStringLiteral("--endpoints=s=") + m_statd->urls.value(0), QStringLiteral("--memory-threshold=100"),
                 QStringLiteral("--utilization-threshold=100"), QStringLiteral("--store=") + storeUrl(redis) };
    }
    CtlResult run(const Ctl &ctl, bool redis, const QStringList &command) const
    {
        return ctl.run(command + options(redis), false);
    }
    std::unique_ptr<QProcess> start(Ctl &ctl, bool redis, const QStringList &command) const
    {
        return ctl.start(command + options(redis)); // its own --store comes first; ours wins
    }
    QJsonArray waiting(bool redis) const
    {
        const CtlResult r = run(m_holder, redis, { QStringLiteral("--json"), QStringLiteral("queue") });
        return r.exitCode == 0 ? r.json().value(QStringLiteral("waiting")).toArray() : QJsonArray();
    }
    static QStringList owners(const QJsonArray &entries)
    {
        QStringList out;
        for (const QJsonValue &v : entries)
            out.append(v.toObject().value(QStringLiteral("owner")).toString());
        return out;
    }
    static QJsonObject finish(QProcess &p)
    {
        p.waitForFinished(30'000);
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    }
    bool prepare(bool redis);

    std::unique_ptr<StatdCluster> m_statd;
    TestRedis m_redis;
    bool m_redisUp = false;
    Ctl m_holder, m_a, m_b;
};

void TestCtlQueue::initTestCase()
{
    for (Ctl *c : { &m_holder, &m_a, &m_b })
        QVERIFY(c->isValid());
    m_holder.setEnv(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("holder@ws0"));
    m_a.setEnv(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("a@ws1"));
    m_b.setEnv(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("b@ws2"));
    m_statd = std::make_unique<StatdCluster>(2, 5, 1, true);
    QVERIFY(m_statd->isUp());
    QString why;
    m_redisUp = !TestRedis::program().isEmpty() && m_redis.start({}, &why);
    if (!TestRedis::program().isEmpty())
        QVERIFY2(m_redisUp, qPrintable(why));
}

bool TestCtlQueue::prepare(bool redis)
{
    return !redis || m_redisUp;
}

void TestCtlQueue::cleanup()
{
    // Every test leaves the store as it found it: no lease, nobody waiting.
    for (bool redis : { false, true }) {
        if (!prepare(redis))
            continue;
        for (const Ctl *c : { &m_holder, &m_a, &m_b }) {
            const CtlResult r = run(*c, redis, { QStringLiteral("--json"), QStringLiteral("leases") });
            QVERIFY2(r.exitCode == 0, r.describe());
            for (const QJsonValue &v : r.json().value(QStringLiteral("leases")).toArray()) {
                const CtlResult released =
                    run(*c, redis, { QStringLiteral("release"), v.toObject().value(QStringLiteral("id")).toString() });
                QVERIFY2(released.exitCode == 0, released.describe());
            }
        }
    }
}

void TestCtlQueue::waitersAreServedInArrivalOrder()
{
    QFETCH(bool, redis);
    if (!prepare(redis))
        QSKIP("redis-server is not installed (apt-get install redis-server)");
    // Both GPUs held; then a, then b, wait for one each, from two "workstations".
    CtlResult r = run(m_holder, redis, { QStringLiteral("--json"), QStringLiteral("request"), QStringLiteral("--count=2") });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonArray held = r.json().value(QStringLiteral("leases")).toArray();
    QCOMPARE(held.size(), 2);

    auto a = start(m_a, redis, { QStringLiteral("--json"), QStringLiteral("request"), QStringLiteral("--wait=60s") });
    QTRY_COMPARE_WITH_TIMEOUT(owners(waiting(redis)), QStringList { QStringLiteral("a@ws1") }, 15'000);
    auto b = start(m_b, redis, { QStringLiteral("--json"), QStringLiteral("request"), QStringLiteral("--wait=60s") });
    QTRY_COMPARE_WITH_TIMEOUT(owners(waiting(redis)), (QStringList { QStringLiteral("a@ws1"), QStringLiteral("b@ws2") }),
                              15'000);
    const QJsonArray queue = waiting(redis);
    QCOMPARE(queue.at(0).toObject().value(QStringLiteral("position")).toInt(), 1);
    QCOMPARE(queue.at(1).toObject().value(QStringLiteral("position")).toInt(), 2);
    QCOMPARE(queue.at(0).toObject().value(QStringLiteral("wants")).toString(), QStringLiteral("1 GPU"));
    const QString bId = QString::number(queue.at(1).toObject().value(QStringLiteral("id")).toInteger());

    // Another program's status counts both; its table names them.
    r = run(m_holder, redis, { QStringLiteral("--json"), QStringLiteral("status") });
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("waiting_requests")).toInt(), 2);
    r = run(m_holder, redis, { QStringLiteral("queue") });
    QVERIFY2(r.exitCode == 0 && r.out.contains(QLatin1String("a@ws1")) && r.out.contains(QLatin1String("b@ws2")),
             r.describe());

    // One GPU frees: the older waiter gets it, the younger keeps waiting.
    r = run(m_holder, redis, { QStringLiteral("release"), held.at(0).toObject().value(QStringLiteral("id")).toString() });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject aOut = finish(*a);
    QCOMPARE(a->exitCode(), 0);
    QCOMPARE(aOut.value(QStringLiteral("leases")).toArray().at(0).toObject().value(QStringLiteral("owner")).toString(),
             QStringLiteral("a@ws1"));
    QCOMPARE(b->state(), QProcess::Running);
    QTRY_COMPARE_WITH_TIMEOUT(owners(waiting(redis)), QStringList { QStringLiteral("b@ws2") }, 15'000);

    // Only b may withdraw b's request; b's program then stops waiting.
    r = run(m_holder, redis, { QStringLiteral("--json"), QStringLiteral("cancel"), bId });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("not_owner"));
    r = run(m_b, redis, { QStringLiteral("cancel"), bId });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject bOut = finish(*b);
    QVERIFY(b->exitCode() != 0);
    QCOMPARE(bOut.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("cancelled"));
    QCOMPARE(waiting(redis).size(), 0);
    r = run(m_b, redis, { QStringLiteral("cancel"), bId });
    QCOMPARE(r.exitCode, 1); // not waiting any more
    r = run(m_b, redis, { QStringLiteral("cancel"), QStringLiteral("x") });
    QCOMPARE(r.exitCode, 2);
    run(m_a, redis, { QStringLiteral("release"), aOut.value(QStringLiteral("leases")).toArray().at(0).toObject().value(QStringLiteral("id")).toString() });
}

void TestCtlQueue::killedWaiterStopsHolding()
{
    QFETCH(bool, redis);
    if (!prepare(redis))
        QSKIP("redis-server is not installed (apt-get install redis-server)");
    // One of two GPUs held; a waits for both, so it holds the free one.
    CtlResult r = run(m_holder, redis, { QStringLiteral("--json"), QStringLiteral("request") });
    QVERIFY2(r.exitCode == 0, r.describe());
    auto a = start(m_a, redis, { QStringLiteral("request"), QStringLiteral("--count=2"), QStringLiteral("--wait=120s") });
    QTRY_COMPARE_WITH_TIMEOUT(owners(waiting(redis)), QStringList { QStringLiteral("a@ws1") }, 15'000);
    r = run(m_b, redis, { QStringLiteral("--json"), QStringLiteral("request") });
    QCOMPARE(r.exitCode, 4); // the free GPU is a's to gather, not b's to take

    // a dies without a word: no dequeue, no heartbeat.
    ::kill(pid_t(a->processId()), SIGKILL);
    a->waitForFinished(5000);
    QCOMPARE(owners(waiting(redis)), QStringList { QStringLiteral("a@ws1") }); // not stale yet
    // Once its heartbeat is stale, the next reader drops it and b gets the GPU.
    QElapsedTimer waited;
    waited.start();
    do {
        r = run(m_b, redis, { QStringLiteral("--json"), QStringLiteral("request") });
    } while (r.exitCode == 4 && waited.elapsed() < 30'000 && (QTest::qWait(200), true));
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(waiting(redis).size(), 0);
}

QTEST_GUILESS_MAIN(TestCtlQueue)
#include "tst_ctl_queue.moc"
