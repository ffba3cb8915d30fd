// gpupoolctl with --store on a real redis-server (a unix socket in a
// temporary folder; skipped without one) and a real gpupool-statd: two users
// share one set of leases, a Redis that cannot be reached grants nothing and
// says so, one without persistence is warned about, and one that comes back
// without its data is shown while `watch` runs. (The contention test with
// many gpupoolctl processes is tests/integration/redis/tst_rediscontention_programs;
// here, gpupoolctl run from two workstations' worth of processes at once.)

#include "ctltesting.h"

#include "../redis/testredis.h"

#include <QDir>
#include <QJsonArray>

#include <csignal>

using namespace gpupool::ctl::testing;
using gpupool::testing::TestRedis;

namespace {

QJsonObject storeOf(const QJsonObject &status)
{
    return status.value(QStringLiteral("store")).toObject();
}

} // namespace

class TestCtlRedis : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void twoUsersShareTheLeases();
    void unreachableStoreGrantsNothing();
    void restartWithoutPersistenceIsShownByWatch();
    void roundRobinRotatesAcrossWorkstations();
    void runsFromTwoWorkstationsNeverShareAGpu();

private:
    // The endpoint, thresholds as high as gpupoolctl allows, and the store;
    // after the command, where they win over Ctl's own --store.
    QStringList options(const QString &storeUrl) const
    {
        return { QStringLiteral("--endpoints=s=") + m_statd->urls.value(0), QStringLiteral("--memory-threshold=100"),
                 QStringLiteral("--utilization-threshold=100"), QStringLiteral("--store=") + storeUrl };
    }
    CtlResult run(const Ctl &ctl, const QString &storeUrl, const QStringList &command) const
    {
        return ctl.run(command + options(storeUrl), false);
    }

    std::unique_ptr<StatdCluster> m_statd;
    Ctl m_alice;
    Ctl m_bob;
};

void TestCtlRedis::initTestCase()
{
    QVERIFY(m_alice.isValid());
    QVERIFY(m_bob.isValid());
    m_alice.setEnv(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("alice@ws1"));
    m_bob.setEnv(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("bob@ws2"));
    // 8 simulated GPUs: that none is idle enough for one request is
    // vanishingly unlikely (and would show as exit 4).
    m_statd = std::make_unique<StatdCluster>(8, 31);
    QVERIFY(m_statd->isUp());
}

void TestCtlRedis::twoUsersShareTheLeases()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(redis,
                        { QStringLiteral("--appendonly"), QStringLiteral("yes"), QStringLiteral("--appendfsync"),
                          QStringLiteral("always") });
    CtlResult r = run(m_alice, redis.url(), strings({ "--json", "request", "--note", "shared" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(!r.err.contains(QLatin1String("warning")), r.describe()); // a durable Redis: nothing to warn about
    const QJsonObject lease = r.json().value(QStringLiteral("leases")).toArray().at(0).toObject();
    const QString id = lease.value(QStringLiteral("id")).toString();
    QVERIFY(lease.value(QStringLiteral("owner")).toString().startsWith(QLatin1String("alice@")));
    QCOMPARE(lease.value(QStringLiteral("fence")).toInt(), 1);

    // Bob, on another "workstation" (his own HOME), sees it, and cannot free it.
    r = run(m_bob, redis.url(), strings({ "--json", "leases", "--all" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonArray leases = r.json().value(QStringLiteral("leases")).toArray();
    QCOMPARE(leases.size(), 1);
    QCOMPARE(leases.at(0).toObject().value(QStringLiteral("id")).toString(), id);
    r = run(m_bob, redis.url(), { QStringLiteral("--json"), QStringLiteral("release"), id });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("not_owner"));
    r = run(m_bob, redis.url(), strings({ "--json", "status" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("active_leases")).toInt(), 1);
    QCOMPARE(r.json().value(QStringLiteral("my_leases")).toInt(), 0);
    const QJsonObject store = storeOf(r.json());
    QCOMPARE(store.value(QStringLiteral("shared")).toBool(), true);
    QCOMPARE(store.value(QStringLiteral("state")).toString(), QStringLiteral("ready"));
    QCOMPARE(store.value(QStringLiteral("url")).toString(), redis.url());
    QCOMPARE(store.value(QStringLiteral("warnings")).toArray().size(), 0);

    // Alice gives it back; Bob's history shows how it ended.
    r = run(m_alice, redis.url(), { QStringLiteral("--json"), QStringLiteral("release"), id });
    QVERIFY2(r.exitCode == 0, r.describe());
    r = run(m_bob, redis.url(), strings({ "--json", "leases", "--all", "--history" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject ended = r.json().value(QStringLiteral("history")).toArray().at(0).toObject();
    QCOMPARE(ended.value(QStringLiteral("id")).toString(), id);
    QCOMPARE(ended.value(QStringLiteral("reason")).toString(), QStringLiteral("released"));
    QVERIFY(ended.value(QStringLiteral("ended_by")).toString().startsWith(QLatin1String("alice@")));
}

void TestCtlRedis::unreachableStoreGrantsNothing()
{
    const QString nobody = QStringLiteral("unix://") + m_alice.home() + QStringLiteral("/nobody.sock?cluster=lab");
    const CtlResult r = run(m_alice, nobody, strings({ "--json", "request" }));
    QCOMPARE(r.exitCode, 1);
    const QJsonObject error = r.json().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("store_unavailable"));
    const QString message = error.value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(QLatin1String("cannot be reached"))
                 && message.contains(QLatin1String("No GPU is granted")),
             r.describe());
}

void TestCtlRedis::restartWithoutPersistenceIsShownByWatch()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(redis,
                        { QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--save"), QString() });
    // Every run against such a Redis says what a restart would cost.
    CtlResult r = run(m_alice, redis.url(), strings({ "--json", "request" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.err.contains(QLatin1String("warning: ")) && r.err.contains(QLatin1String("appendonly no")),
             r.describe());
    const QString id
        = r.json().value(QStringLiteral("leases")).toArray().at(0).toObject().value(QStringLiteral("id")).toString();

    std::unique_ptr<QProcess> watch
        = m_alice.start(strings({ "--json", "watch", "--interval", "0.2" }) + options(redis.url()));
    QVERIFY(watch->waitForStarted(gpupool::statd::testing::timeoutMs));
    QByteArray out;
    QByteArray err;
    auto lastFrame = [&] {
        const QList<QByteArray> lines = out.trimmed().split('\n');
        return QJsonDocument::fromJson(lines.last()).object();
    };
    auto read = [&] {
        out += watch->readAllStandardOutput();
        err += watch->readAllStandardError();
    };
    connect(watch.get(), &QProcess::readyReadStandardOutput, this, read);
    connect(watch.get(), &QProcess::readyReadStandardError, this, read);
    QTRY_VERIFY_WITH_TIMEOUT(!lastFrame().isEmpty(), runTimeoutMs);
    QCOMPARE(storeOf(lastFrame().value(QStringLiteral("status")).toObject())
                 .value(QStringLiteral("warnings"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(lastFrame().value(QStringLiteral("status")).toObject().value(QStringLiteral("my_leases")).toInt(), 1);

    redis.kill();
    QString why;
    QVERIFY2(redis.restart(&why), qPrintable(why));
    // Said plainly on standard error, and kept in every frame after.
    QTRY_VERIFY2_WITH_TIMEOUT(err.contains("has lost lease data"), err.constData(), runTimeoutMs);
    QVERIFY2(err.contains("may have been lost"), err.constData());
    QTRY_VERIFY_WITH_TIMEOUT(storeOf(lastFrame().value(QStringLiteral("status")).toObject())
                                     .value(QStringLiteral("warnings"))
                                     .toArray()
                                     .size()
                                 == 2,
                             runTimeoutMs);
    // The lease Alice holds is gone from the store: her GPU looks free.
    QTRY_COMPARE_WITH_TIMEOUT(
        lastFrame().value(QStringLiteral("status")).toObject().value(QStringLiteral("my_leases")).toInt(), 0,
        runTimeoutMs);
    QCOMPARE(run(m_alice, redis.url(), { QStringLiteral("release"), id }).exitCode, 1);

    ::kill(pid_t(watch->processId()), SIGINT);
    QVERIFY(watch->waitForFinished(gpupool::statd::testing::timeoutMs));
    QCOMPARE(watch->exitCode(), 0);
}

void TestCtlRedis::roundRobinRotatesAcrossWorkstations()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(redis, {});
    StatdCluster four(4, 17, 4);
    QVERIFY(four.isUp());
    QStringList list;
    for (int i = 0; i < 4; ++i)
        list.append(QStringLiteral("s%1=%2").arg(i).arg(four.urls.at(i)));
    const QStringList options { QStringLiteral("--endpoints=") + list.join(QLatin1Char(',')),
                                QStringLiteral("--memory-threshold=100"), QStringLiteral("--utilization-threshold=100"),
                                QStringLiteral("--store=") + redis.url(), QStringLiteral("--strategy=round_robin") };
    // Alice and Bob take turns, each run a new process: one rotation.
    QStringList landed;
    for (int i = 0; i < 4; ++i) {
        const Ctl &who = i % 2 ? m_bob : m_alice;
        const CtlResult r = who.run(strings({ "--json", "request" }) + options, false);
        QVERIFY2(r.exitCode == 0, r.describe());
        landed.append(r.json()
                          .value(QStringLiteral("leases"))
                          .toArray()
                          .at(0)
                          .toObject()
                          .value(QStringLiteral("endpoint_id"))
                          .toString());
    }
    QCOMPARE(landed,
             (QStringList { QStringLiteral("s0"), QStringLiteral("s1"), QStringLiteral("s2"), QStringLiteral("s3") }));
}

// Twelve `gpupoolctl run` at once, alternately Alice's and Bob's (each with
// their own HOME, as on two workstations), on one Redis and 8 free GPUs: more
// GPUs asked for than there are, so most wait. While its command runs, each
// holds a marker per GPU it was given (mkdir, which fails when the marker is
// there): a GPU given twice at once shows as a failed mkdir.
void TestCtlRedis::runsFromTwoWorkstationsNeverShareAGpu()
{
    TestRedis redis;
    GPUPOOL_START_REDIS(redis, {});
    const StatdCluster idle(4, 5, 2, true);
    QVERIFY(idle.isUp());
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString held = work.filePath(QStringLiteral("held"));
    QVERIFY(QDir().mkpath(held));
    const QString log = work.filePath(QStringLiteral("log"));
    // Markers are named by the pool's GPU ids (a:0); "most" is how many GPUs
    // were held at once when this command started, itself included.
    const QString script = QStringLiteral("cd %1 || exit 90; for g in $(echo \"$GPUPOOL_GPU_IDS\" | tr , ' '); do "
                                          "mkdir \"$g\" || { echo \"twice $g\" >> %2; exit 91; }; done; "
                                          "echo \"most $(ls | wc -l)\" >> %2; sleep 0.3; "
                                          "for g in $(echo \"$GPUPOOL_GPU_IDS\" | tr , ' '); do rmdir \"$g\"; done")
                               .arg(held, log);
    const QStringList options
        = { QStringLiteral("--endpoints=a=%1,b=%2").arg(idle.urls.value(0), idle.urls.value(1)),
            QStringLiteral("--memory-threshold=100"), QStringLiteral("--utilization-threshold=100"),
            QStringLiteral("--store=") + redis.url() };
    std::vector<std::unique_ptr<QProcess>> runs;
    for (int i = 0; i < 12; ++i) {
        const Ctl &who = i % 2 ? m_bob : m_alice;
        runs.push_back(who.start(
            QStringList { QStringLiteral("run"), QStringLiteral("--count"), QString::number(1 + i % 2),
                          QStringLiteral("--wait"), QStringLiteral("60s") }
            + options + QStringList { QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), script }));
    }
    for (auto &p : runs) {
        QElapsedTimer t;
        t.start();
        while (p->state() != QProcess::NotRunning && t.elapsed() < runTimeoutMs)
            QTest::qWait(20);
        QVERIFY2(
            p->state() == QProcess::NotRunning && p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0,
            qPrintable(
                QStringLiteral("exit %1: %2").arg(p->exitCode()).arg(QString::fromUtf8(p->readAllStandardError()))));
    }
    QFile f(log);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 12); // each ran once, and no "twice" line
    int most = 0;
    for (const QString &line : lines) {
        QVERIFY2(line.startsWith(QLatin1String("most ")), qPrintable(line));
        most = std::max(most, line.mid(5).toInt());
    }
    // The runs did overlap (or the test proves nothing).
    QVERIFY2(most > 1, qPrintable(lines.join(QLatin1Char(' '))));
    QCOMPARE(QDir(held).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 0);
    // Every lease ended with its command.
    const CtlResult r = m_alice.run(
        QStringList { QStringLiteral("--json"), QStringLiteral("leases"), QStringLiteral("--all") } + options, false);
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("leases")).toArray().size(), 0);
}

QTEST_GUILESS_MAIN(TestCtlRedis)
#include "tst_ctl_redis.moc"
