// The contention test with the real programs: several real
// gpupoolctl processes (one after another in four lanes: request, request
// --wait, run -- COMMAND, request) and three in-process Pools request and release at random against the GPUs of one real
// gpupool-statd --simulate, through one real redis-server, for a bounded
// time. Redis is killed and restarted mid-run, gpupool-statd is killed and
// started again on its port, and a gpupoolctl is killed while its grant is
// in flight. contentioncheck.h then proves, from the
// lease records in Redis and from what every client was told (gpupoolctl's
// --json output, the Pools' callbacks), that no GPU ever had two active
// leases, no acknowledged lease was lost, and every fence grew.
// (tst_rediscontention does the same one layer down, on the store alone,
// at a much higher rate.)
#include "contentioncheck.h"
#include "storerecords.h"
#include "programclients.h"
#include "testredis.h"

#include "lease/rediscodec.h"
#include "lease/redisconnection.h"
#include "lease/redisleasestore.h"
#include "lease/redisurl.h"

#include <QFile>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <hiredis/hiredis.h>

#include <csignal>
#include <sys/types.h>

using namespace gpupool;
using namespace gpupool::lease;
using namespace gpupool::testing;

namespace {

constexpr int Gpus = 3;
// request, request --wait, run, and request again.
constexpr int CtlLanes = 4;
// GPUPOOL_SOAK=SECONDS makes it a soak run of that length, with Redis
// crashing and coming back every 20 s, and gpupool-statd every 15 s.
const qint64 RunMs = qEnvironmentVariableIsSet("GPUPOOL_SOAK")
    ? qBound(5, qEnvironmentVariableIntValue("GPUPOOL_SOAK"), 3600) * 1000LL
    : 5000;

// Three Pools in a soak, as the issue asks; two in the 5 s run, where a third
// leaves the gpupoolctl lanes too few grants to test much on a busy machine.
int poolCount()
{
    return RunMs > 20'000 ? 3 : 2;
}

bool pauseWrites(const RedisUrl &url, int ms)
{
    RedisConnection admin;
    QString why;
    if (!admin.open(url, std::nullopt, &why))
        return false;
    const RedisReplyPtr r = admin.command(
        { QByteArrayLiteral("CLIENT"), QByteArrayLiteral("PAUSE"), QByteArray::number(ms), QByteArrayLiteral("WRITE") },
        &why);
    return r && !RedisConnection::isError(r.get());
}

// Requests waiting in the store's queue (lease/queueentry.h), read as every
// program reads it: an entry whose heartbeat went stale (its program died,
// or lost the store while it waited) is dropped on the way, which a bare
// HLEN would count for ever while every client is held. -1 when it cannot
// be read.
int queueLength(const RedisUrl &url)
{
    RedisLeaseStore::Options options;
    options.live = false;
    RedisLeaseStore store(url, options);
    const Result<QueueSnapshot> queue = store.queue(QDateTime::currentMSecsSinceEpoch());
    return queue.ok() ? int(queue.value().entries.size()) : -1;
}

// Until the kernel says the process is stopped (state T), 200 ms at most.
void waitUntilStopped(qint64 pid)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 200) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            return;
        const QByteArray text = stat.readAll();
        const qsizetype after = text.lastIndexOf(')');
        if (after > 0 && text.mid(after + 2, 1) == "T")
            return;
        QThread::usleep(200);
    }
}

bool unpause(const RedisUrl &url)
{
    RedisConnection admin;
    QString why;
    return admin.open(url, std::nullopt, &why)
        && admin.command({ QByteArrayLiteral("CLIENT"), QByteArrayLiteral("UNPAUSE") }, &why);
}

} // namespace

class TestRedisContentionPrograms : public QObject
{
    Q_OBJECT

private slots:
    void programsAndPoolsNeverShareAGpu();

private:
    // Starts gpupoolctl request with --debug, catches it with its grant
    // held by a paused Redis and kills it (SIGKILL). Its log goes to `log`.
    bool killCtlMidGrant(const CtlEnvironment &env, const RedisUrl &url, ClientLog &log, QString *why);
};

bool TestRedisContentionPrograms::killCtlMidGrant(const CtlEnvironment &env, const RedisUrl &url, ClientLog &log,
                                                  QString *why)
{
    QProcess victim;
    victim.setProcessEnvironment(env.environment());
    victim.start(QStringLiteral(GPUPOOL_CTL_BINARY),
                 env.arguments({ QStringLiteral("--debug"), QStringLiteral("--json"), QStringLiteral("request"),
                                 QStringLiteral("--ttl"), QStringLiteral("3s") }));
    if (!victim.waitForStarted(5000)) {
        *why = victim.errorString();
        return false;
    }
    // Wake up at once on its debug lines, not only on its answer.
    victim.setReadChannel(QProcess::StandardError);
    QByteArray err;
    auto waitFor = [&](const QByteArray &text, int ms) {
        QElapsedTimer t;
        t.start();
        while (!err.contains(text) && t.elapsed() < ms && victim.state() == QProcess::Running) {
            victim.waitForReadyRead(10);
            err += victim.readAllStandardError();
        }
        err += victim.readAllStandardError();
        return err.contains(text);
    };
    // The store is open and read ("started with"); the endpoint poll comes
    // next, then the grant. Freeze it there, pause Redis' writes, let it go:
    // its grant script is sent and held by the server.
    bool caught = false;
    if (waitFor("started with", 5000)) {
        ::kill(pid_t(victim.processId()), SIGSTOP);
        waitUntilStopped(victim.processId());
        victim.waitForReadyRead(5);
        err += victim.readAllStandardError();
        if (!err.contains("script grant") && pauseWrites(url, 2000)) {
            ::kill(pid_t(victim.processId()), SIGCONT);
            // Sent, and no answer a moment later: held by the pause.
            caught
                = waitFor("script grant", 1500) && !victim.waitForReadyRead(50) && victim.state() == QProcess::Running;
        } else {
            ::kill(pid_t(victim.processId()), SIGCONT);
        }
    }
    victim.kill();
    victim.waitForFinished(5000);
    unpause(url);
    const QByteArray out = victim.readAllStandardOutput();
    log.lines.append("T victim-" + QByteArray(caught ? "held" : "missed"));
    if (!out.isEmpty()) // it finished before it was caught: an ordinary client
        log.lines.append(CtlLane::requestLine(QStringLiteral("victim"),
                                              victim.exitStatus() == QProcess::NormalExit ? victim.exitCode() : -1,
                                              QJsonDocument::fromJson(out).object(), wallNowMs()));
    if (!caught)
        *why = QStringLiteral("not caught in its grant; stderr:\n") + QString::fromUtf8(err.right(2000));
    return caught;
}

void TestRedisContentionPrograms::programsAndPoolsNeverShareAGpu()
{
    TestRedis redis;
    // As the README asks: nothing acknowledged is lost when Redis is killed.
    GPUPOOL_START_REDIS(redis,
                        { QStringLiteral("--appendonly"), QStringLiteral("yes"), QStringLiteral("--appendfsync"),
                          QStringLiteral("always") });
    // Every client keeps the whole history (the store's default keeps the
    // newest 10,000 ended leases, which a soak outgrows), so that the check
    // judges every lease the run granted.
    const QString storeUrl = redis.url() + QStringLiteral("&history=") + QString::number(RedisUrl::MaxHistoryKept);
    const RedisUrl url = *RedisUrl::parse(storeUrl);
    // The seed's GPUs are idle or bursty most of the first seconds, so
    // gpupoolctl (whose thresholds stop at 100 %) finds some assignable.
    auto startStatd = [](const QString &listen) {
        return std::make_unique<statd::testing::Statd>(
            QStringList { QStringLiteral("--simulate"), QString::number(Gpus), QStringLiteral("--seed"),
                          QStringLiteral("7"), QStringLiteral("--listen"), listen });
    };
    std::unique_ptr<statd::testing::Statd> statd = startStatd(QStringLiteral("127.0.0.1:0"));
    const QString statdUrl = statd->readLine();
    QVERIFY2(!statdUrl.isEmpty(), qPrintable(statd->standardError()));
    const QString statdListen = QUrl(statdUrl).host() + QLatin1Char(':') + QString::number(QUrl(statdUrl).port());
    QTemporaryDir home;
    QVERIFY(home.isValid());

    const qint64 deadline = QDateTime::currentMSecsSinceEpoch() + RunMs;
    std::vector<std::unique_ptr<CtlLane>> lanes;
    for (int i = 0; i < CtlLanes; ++i) {
        const CtlLane::Mode mode = i == 1 ? CtlLane::Mode::Wait : i == 2 ? CtlLane::Mode::Run : CtlLane::Mode::Request;
        lanes.push_back(
            std::make_unique<CtlLane>(CtlEnvironment(home.path(), QStringLiteral("ctl%1").arg(i), storeUrl, statdUrl),
                                      deadline, quint32(100 + i), mode));
        lanes.back()->start();
    }
    std::vector<std::unique_ptr<PoolClient>> pools;
    for (int i = 0; i < poolCount(); ++i) {
        pools.push_back(std::make_unique<PoolClient>(QStringLiteral("pool%1@ws").arg(i), storeUrl, statdUrl, deadline,
                                                     quint32(200 + i)));
        QVERIFY(pools.back()->start());
    }

    // Faults, on a schedule: Redis crashes and comes back; a gpupoolctl dies
    // with its grant in flight.
    bool restarted = false;
    bool victimKilled = false;
    QString victimWhy;
    ClientLog victimLog { CtlEnvironment::ownerFor(QStringLiteral("victim")), {} };
    const CtlEnvironment victimEnv(home.path(), QStringLiteral("victim"), storeUrl, statdUrl);
    QTimer::singleShot(1200, this, [&] { redis.kill(); });
    QTimer::singleShot(1500, this, [&] { restarted = redis.restart(); });
    int crashes = 1;
    QTimer soakCrashes;
    soakCrashes.setInterval(20'000);
    connect(&soakCrashes, &QTimer::timeout, this, [&] {
        if (QDateTime::currentMSecsSinceEpoch() > deadline - 3000)
            return;
        redis.kill();
        ++crashes;
        QTimer::singleShot(300, this, [&] { restarted = redis.restart() && restarted; });
    });
    if (RunMs > 20'000)
        soakCrashes.start();
    // gpupool-statd killed (SIGKILL) and started again on its port: every
    // client sees its endpoint fail and come back. Once between Redis' return
    // and the victim (whose grant needs the endpoint up), then every 15 s of
    // a soak.
    int statdCrashes = 0;
    bool statdBack = true;
    auto crashStatd = [&] {
        if (QDateTime::currentMSecsSinceEpoch() > deadline - 800)
            return;
        statd->process().kill();
        statd->process().waitForFinished(5000);
        ++statdCrashes;
        QTimer::singleShot(300, this, [&] {
            statd = startStatd(statdListen);
            statdBack = statd->readLine() == statdUrl && statdBack;
        });
    };
    QTimer statdCrashes15;
    statdCrashes15.setInterval(15'000);
    connect(&statdCrashes15, &QTimer::timeout, this, crashStatd);
    if (RunMs > 15'000)
        statdCrashes15.start();
    QTimer::singleShot(2000, this, crashStatd);
    // The victim goes while nobody else writes: the gpupoolctl lanes and the
    // Pools are parked (their leases released, nothing of theirs waiting in
    // the store's queue, where it would hold the free GPUs), and the Pools
    // cannot run anyway (this thread is busy with the victim). So it finds
    // nothing changed since it read the store and goes straight for its
    // grant. It needs a GPU that looks free: up to three tries.
    std::function<void(int)> tryVictim = [&](int attempt) {
        for (const auto &l : lanes)
            if (!l->isIdle())
                return QTimer::singleShot(5, this, [&tryVictim, attempt] { tryVictim(attempt); });
        for (const auto &p : pools)
            if (!p->isIdle())
                return QTimer::singleShot(5, this, [&tryVictim, attempt] { tryVictim(attempt); });
        // A waiter its program could not withdraw while Redis was down
        // holds GPUs until its heartbeat is stale (6 s).
        if (queueLength(url) != 0)
            return QTimer::singleShot(100, this, [&tryVictim, attempt] { tryVictim(attempt); });
        victimKilled = killCtlMidGrant(victimEnv, url, victimLog, &victimWhy);
        if (!victimKilled)
            qInfo("victim, try %d: %s", attempt, qPrintable(victimWhy.right(400)));
        if (!victimKilled && attempt < 3)
            return QTimer::singleShot(100, this, [&tryVictim, attempt] { tryVictim(attempt + 1); });
        for (const auto &l : lanes)
            l->hold(false);
        for (const auto &p : pools)
            p->hold(false);
    };
    QTimer::singleShot(2800, this, [&] {
        for (const auto &l : lanes)
            l->hold(true);
        for (const auto &p : pools)
            p->hold(true);
        tryVictim(1);
    });

    auto allDone = [&] {
        for (const auto &l : lanes)
            if (!l->isDone())
                return false;
        for (const auto &p : pools)
            if (!p->isDone())
                return false;
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), RunMs + 20'000);
    QVERIFY(restarted);
    QVERIFY2(victimKilled, qPrintable(victimWhy));
    QVERIFY2(statdCrashes >= 1, "gpupool-statd was not killed: the victim took too long");
    QVERIFY2(statdBack, "gpupool-statd did not come back on its port");

    // The store's records.
    testing::StoreRecords records;
    QString why;
    QVERIFY2(testing::readStoreRecords(url, &records, &why), qPrintable(why));
    const QHash<QString, Lease> &active = records.active;
    const QHash<QString, LeaseEnd> &ended = records.ended;
    const QHash<QString, quint64> &fences = records.fences;

    QList<ClientLog> logs;
    int ctlGrants = 0;
    int poolGrants = 0;
    QStringList unexpected;
    for (const auto &l : lanes) {
        logs.append(l->log());
        ctlGrants += l->grants();
        unexpected += l->unexpected();
        qInfo("%s: %d gpupoolctl runs, %d grants", qPrintable(l->log().owner), l->runs(), l->grants());
    }
    for (const auto &p : pools) {
        logs.append(p->log());
        poolGrants += p->grants();
        unexpected += p->unexpected();
        qInfo("%s: %d requests, %d grants", qPrintable(p->log().owner), p->requests(), p->grants());
    }
    logs.append(victimLog);
    const ContentionReport report = checkContention(logs, active, ended, fences, *url.historyKept);
    qInfo("%.0f s, %d Redis crashes, %d statd crashes: %d acknowledged grants, %d releases, %d refused, "
          "%d failed (store away), %d leases recorded, %d older than the store's history",
          double(RunMs) / 1000.0, crashes, statdCrashes, report.acknowledgedGrants, report.releases, report.refusals,
          report.storeFailures, report.recordedLeases, report.forgotten);
    QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(QLatin1Char('\n'))));
    QVERIFY2(ctlGrants >= 3, "gpupoolctl got GPUs");
    // Each kind of lane got GPUs: in a soak, where there is time for all of them.
    if (RunMs > 20'000) {
        QVERIFY2(lanes[1]->grants() >= 1, "gpupoolctl request --wait got a GPU");
        QVERIFY2(lanes[2]->grants() >= 1, "gpupoolctl run ran a command on a GPU");
    }
    QVERIFY2(poolGrants >= 10, "the Pools got GPUs");
    QVERIFY2(report.storeFailures > 0, "the clients felt Redis' crash");
    // They contended: a GPU went from a gpupoolctl to a Pool or back.
    QVERIFY2(handovers(active, ended) > 0, "no GPU changed hands between gpupoolctl and a Pool");
    // Every lease a client was told about was given back (or had ended);
    // what is still active was never acknowledged (the victim's, or one
    // whose answer was lost with Redis) and runs out by itself.
    for (const Lease &l : std::as_const(active))
        for (const ClientLog &log : std::as_const(logs))
            for (const QByteArray &line : log.lines)
                QVERIFY2(log.owner == victimLog.owner || !line.startsWith(QByteArray("G " + l.id.toUtf8() + ' ')),
                         qPrintable(QString(l.id + QStringLiteral(" was acknowledged and is still active"))));
}

// A soak outlasts Qt Test's own limit on one test function (5 min), which
// would abort it as hung: give it the run and its final checks.
int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", QByteArray::number(RunMs + 5 * 60'000));
    QCoreApplication app(argc, argv);
    TestRedisContentionPrograms test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_rediscontention_programs.moc"
