// The wait queue in the store, with real gpupoolctl processes on one store
// (a SQLite file, and a real redis-server when installed) and a real
// gpupool-statd: two programs that wait are served in the order they came,
// `queue` lists every program's waiters and `status` counts them, `cancel`
// withdraws only one's own, a waiter that was killed stops holding GPUs
// once its heartbeat goes stale, and many programs waiting on one GPU are
// served strictly in the store's order (the contention checker's
// queue-order check).

#include "ctltesting.h"

#include "../redis/contentioncheck.h"
#include "../redis/testredis.h"

#include <QElapsedTimer>
#include <QScopeGuard>
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
    void manyWaitersOnOneGpuAreServedInOrder_data() { stores(); }
    void manyWaitersOnOneGpuAreServedInOrder();
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
        return { QStringLiteral("--endpoints=s=") + m_endpoint, QStringLiteral("--memory-threshold=100"),
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

    std::unique_ptr<StatdCluster> m_statd; // two GPUs
    std::unique_ptr<StatdCluster> m_single; // one
    QString m_endpoint; // the one the commands use
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
    m_single = std::make_unique<StatdCluster>(1, 6, 1, true);
    QVERIFY(m_single->isUp());
    m_endpoint = m_statd->urls.value(0);
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
                const CtlResult released = run(
                    *c, redis, { QStringLiteral("release"), v.toObject().value(QStringLiteral("id")).toString() });
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
    CtlResult r
        = run(m_holder, redis, { QStringLiteral("--json"), QStringLiteral("request"), QStringLiteral("--count=2") });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonArray held = r.json().value(QStringLiteral("leases")).toArray();
    QCOMPARE(held.size(), 2);

    auto a = start(m_a, redis, { QStringLiteral("--json"), QStringLiteral("request"), QStringLiteral("--wait=60s") });
    QTRY_COMPARE_WITH_TIMEOUT(owners(waiting(redis)), QStringList { QStringLiteral("a@ws1") }, 15'000);
    auto b = start(m_b, redis, { QStringLiteral("--json"), QStringLiteral("request"), QStringLiteral("--wait=60s") });
    QTRY_COMPARE_WITH_TIMEOUT(owners(waiting(redis)),
                              (QStringList { QStringLiteral("a@ws1"), QStringLiteral("b@ws2") }), 15'000);
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
    r = run(m_holder, redis,
            { QStringLiteral("release"), held.at(0).toObject().value(QStringLiteral("id")).toString() });
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
    run(m_a, redis,
        { QStringLiteral("release"),
          aOut.value(QStringLiteral("leases")).toArray().at(0).toObject().value(QStringLiteral("id")).toString() });
}

void TestCtlQueue::killedWaiterStopsHolding()
{
    QFETCH(bool, redis);
    if (!prepare(redis))
        QSKIP("redis-server is not installed (apt-get install redis-server)");
    // One of two GPUs held; a waits for both, so it holds the free one.
    CtlResult r = run(m_holder, redis, { QStringLiteral("--json"), QStringLiteral("request") });
    QVERIFY2(r.exitCode == 0, r.describe());
    auto a
        = start(m_a, redis, { QStringLiteral("request"), QStringLiteral("--count=2"), QStringLiteral("--wait=120s") });
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

void TestCtlQueue::manyWaitersOnOneGpuAreServedInOrder()
{
    QFETCH(bool, redis);
    if (!prepare(redis))
        QSKIP("redis-server is not installed (apt-get install redis-server)");
    m_endpoint = m_single->urls.value(0);
    const auto restore = qScopeGuard([this] { m_endpoint = m_statd->urls.value(0); });
    CtlResult r = run(m_holder, redis, { QStringLiteral("--json"), QStringLiteral("request") });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QString heldId
        = r.json().value(QStringLiteral("leases")).toArray().at(0).toObject().value(QStringLiteral("id")).toString();

    // Six programs of six owners join at once: the store decides their order.
    constexpr int Waiters = 6;
    std::vector<std::unique_ptr<Ctl>> ctls;
    std::vector<std::unique_ptr<QProcess>> procs;
    for (int i = 0; i < Waiters; ++i) {
        ctls.push_back(std::make_unique<Ctl>());
        ctls.back()->setEnv(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("w%1@ws").arg(i));
        procs.push_back(start(*ctls.back(), redis,
                              { QStringLiteral("--json"), QStringLiteral("request"), QStringLiteral("--wait=120s") }));
    }
    QTRY_COMPARE_WITH_TIMEOUT(waiting(redis).size(), Waiters, 20'000);
    QHash<QString, quint64> queueIdOf;
    for (const QJsonValue &v : waiting(redis))
        queueIdOf.insert(v.toObject().value(QStringLiteral("owner")).toString(),
                         quint64(v.toObject().value(QStringLiteral("id")).toInteger()));

    // The GPU goes round: each one served gives it back.
    QList<gpupool::testing::ClientLog> logs;
    QStringList servedOrder;
    r = run(m_holder, redis, { QStringLiteral("release"), heldId });
    QVERIFY2(r.exitCode == 0, r.describe());
    QElapsedTimer t;
    t.start();
    while (servedOrder.size() < Waiters && t.elapsed() < 90'000) {
        QTest::qWait(50);
        for (int i = 0; i < Waiters; ++i) {
            QProcess &p = *procs[size_t(i)];
            const QString owner = QStringLiteral("w%1@ws").arg(i);
            if (p.state() != QProcess::NotRunning || servedOrder.contains(owner))
                continue;
            const QJsonObject out = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
            const QJsonObject lease = out.value(QStringLiteral("leases")).toArray().at(0).toObject();
            QVERIFY2(p.exitCode() == 0,
                     qPrintable(owner + QLatin1Char(' ') + QString::fromUtf8(p.readAllStandardError().right(1500))));
            servedOrder.append(owner);
            logs.append({ owner,
                          { QStringLiteral("W %1 0").arg(queueIdOf.value(owner)).toUtf8(),
                            QStringLiteral("G %1 %2 %3 0")
                                .arg(lease.value(QStringLiteral("id")).toString(),
                                     lease.value(QStringLiteral("global_gpu_id")).toString())
                                .arg(lease.value(QStringLiteral("fence")).toInteger())
                                .toUtf8() } });
            r = run(*ctls[size_t(i)], redis,
                    { QStringLiteral("release"), lease.value(QStringLiteral("id")).toString() });
            QVERIFY2(r.exitCode == 0, r.describe());
        }
    }
    QCOMPARE(servedOrder.size(), Waiters);
    const gpupool::testing::QueueOrderReport report = gpupool::testing::checkQueueOrder(logs);
    QVERIFY2(report.problems.isEmpty(),
             qPrintable(report.problems.join(QLatin1Char('\n')) + QStringLiteral("\nserved: ")
                        + servedOrder.join(QLatin1Char(' '))));
    QCOMPARE(report.servedWaiters, Waiters);
}

QTEST_GUILESS_MAIN(TestCtlQueue)
#include "tst_ctl_queue.moc"
