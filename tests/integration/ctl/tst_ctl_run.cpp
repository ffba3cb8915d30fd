// gpupoolctl run, as real processes: a command (sh) holds its GPUs while it
// lives, against real gpupool-statd endpoints. Its variables, its exit status
// and signals, the release on every way out, the lease that ends within its
// TTL when gpupoolctl is killed, and the command told of a lost lease.

#include "ctltesting.h"

#include "pool/pool.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>

#include <csignal>

using namespace gpupool;
using namespace gpupool::ctl::testing;

namespace {

QString readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

} // namespace

class TestCtlRun : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void commandGetsItsGpusAndItsStatusIsRuns();
    void signalThatEndedTheCommandIsTheStatus();
    void termIsPassedOnAndTheLeaseReleased();
    void commandThatIgnoresTermIsKilledAfterGrace();
    void killedRunLeavesALeaseThatEndsWithinItsTtl();
    void lostLeaseIsToldToTheCommand();
    void gpusStayOnOneEndpointUnlessSpreadIsAllowed();
    void badCommandLinesLeaseNothing();

private:
    QStringList endpoints() const
    {
        return { QStringLiteral("--endpoints=a=%1,b=%2").arg(m_statd->urls.value(0), m_statd->urls.value(1)),
                 QStringLiteral("--memory-threshold=100"), QStringLiteral("--utilization-threshold=100") };
    }
    CtlResult ctl(const Ctl &c, const QStringList &args) const { return c.run(endpoints() + args); }
    std::unique_ptr<QProcess> startRun(const Ctl &c, const QStringList &options, const QString &script) const
    {
        return c.start(endpoints() + QStringList { QStringLiteral("run") } + options
                       + QStringList { QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), script });
    }
    QJsonArray activeLeases(const Ctl &c) const
    {
        const CtlResult r = ctl(c, strings({ "--json", "leases", "--all" }));
        return r.json().value(QStringLiteral("leases")).toArray();
    }
    // With the event loop running (QProcess notices the end through it).
    static bool finishes(QProcess &p, int ms = runTimeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (p.state() != QProcess::NotRunning && t.elapsed() < ms)
            QTest::qWait(20);
        return p.state() == QProcess::NotRunning;
    }

    std::unique_ptr<StatdCluster> m_statd;
    QTemporaryDir m_files;
};

void TestCtlRun::initTestCase()
{
    QVERIFY(m_files.isValid());
    m_statd = std::make_unique<StatdCluster>(4, 17, 2, true); // every GPU free

    QVERIFY(m_statd->isUp());
}

void TestCtlRun::commandGetsItsGpusAndItsStatusIsRuns()
{
    Ctl c;
    const QString seen = m_files.filePath(QStringLiteral("seen"));
    // While the command runs it lists the leases itself.
    const QString script
        = QStringLiteral("printf '%s|%s|%s|%s' \"$CUDA_VISIBLE_DEVICES\" \"$GPUPOOL_LEASE_IDS\" "
                         "\"$GPUPOOL_GPU_IDS\" \"$CUDA_DEVICE_ORDER\" > %1; \"%2\" --store=%3 %4 --json "
                         "leases; exit 7")
              .arg(seen, QStringLiteral(GPUPOOL_CTL_BINARY), c.storeArgument(), endpoints().join(QLatin1Char(' ')));
    const CtlResult r = ctl(c,
                            QStringList { QStringLiteral("run"), QStringLiteral("--count"), QStringLiteral("2"),
                                          QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), script });
    QCOMPARE(r.exitCode, 7);
    const QStringList values = readFile(seen).split(QLatin1Char('|'));
    QCOMPARE(values.size(), 4);
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d,\\d$")).match(values.at(0)).hasMatch(), r.describe());
    QCOMPARE(values.at(3), QStringLiteral("PCI_BUS_ID"));
    const QStringList ids = values.at(1).split(QLatin1Char(','));
    QCOMPARE(ids.size(), 2);

    // What the command saw in the store: its two leases, as a job, with the command line.
    const QJsonDocument listed = QJsonDocument::fromJson(r.out.toUtf8());
    const QJsonArray held = listed.object().value(QStringLiteral("leases")).toArray();
    QCOMPARE(held.size(), 2);
    QStringList gpuIds;
    for (const QJsonValue &v : held) {
        const QJsonObject l = v.toObject();
        QVERIFY(ids.contains(l.value(QStringLiteral("id")).toString()));
        QCOMPARE(l.value(QStringLiteral("kind")).toString(), QStringLiteral("job"));
        QVERIFY(l.value(QStringLiteral("note")).toString().startsWith(QLatin1String("sh -c 'printf")));
        // A short expiry that the heartbeat moves (2 minutes by default).
        QVERIFY(l.value(QStringLiteral("expires_in_seconds")).toDouble() <= 120);
        gpuIds.append(l.value(QStringLiteral("gpu_id")).toString());
        QCOMPARE(values.at(0)
                     .split(QLatin1Char(','))
                     .count(QString::number(l.value(QStringLiteral("local_gpu_id")).toInt())),
                 1);
    }
    gpuIds.sort();
    QStringList exported = values.at(2).split(QLatin1Char(','));
    exported.sort();
    QCOMPARE(exported, gpuIds);

    // Released when it ended.
    QCOMPARE(activeLeases(c).size(), 0);
    const CtlResult history = ctl(c, strings({ "--json", "leases", "--history" }));
    const QJsonArray ended = history.json().value(QStringLiteral("history")).toArray();
    QCOMPARE(ended.size(), 2);
    for (const QJsonValue &v : ended)
        QCOMPARE(v.toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("released"));
}

void TestCtlRun::signalThatEndedTheCommandIsTheStatus()
{
    Ctl c;
    const CtlResult r = ctl(c, strings({ "run", "--", "sh", "-c", "kill -USR1 $$" }));
    QCOMPARE(r.exitCode, 128 + SIGUSR1);
    QCOMPARE(activeLeases(c).size(), 0);
}

void TestCtlRun::termIsPassedOnAndTheLeaseReleased()
{
    Ctl c;
    const QString ready = m_files.filePath(QStringLiteral("term-ready"));
    const QString heard = m_files.filePath(QStringLiteral("term-heard"));
    const auto p = startRun(c, {},
                            QStringLiteral("trap 'echo TERM > %1; exit 0' TERM; touch %2; "
                                           "while :; do sleep 0.1; done")
                                .arg(heard, ready));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), runTimeoutMs);
    QCOMPARE(activeLeases(c).size(), 1);
    ::kill(pid_t(p->processId()), SIGTERM);
    QVERIFY(finishes(*p));
    QCOMPARE(p->exitStatus(), QProcess::NormalExit);
    QCOMPARE(p->exitCode(), 0); // the command's own status after its trap
    QCOMPARE(readFile(heard), QStringLiteral("TERM"));
    QCOMPARE(activeLeases(c).size(), 0);
}

void TestCtlRun::commandThatIgnoresTermIsKilledAfterGrace()
{
    Ctl c;
    const QString ready = m_files.filePath(QStringLiteral("ignore-ready"));
    const auto p = startRun(c, strings({ "--grace", "1s" }),
                            QStringLiteral("trap '' TERM; touch %1; while :; do sleep 0.1; done").arg(ready));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), runTimeoutMs);
    ::kill(pid_t(p->processId()), SIGTERM);
    QVERIFY(finishes(*p));
    QCOMPARE(p->exitCode(), 128 + SIGKILL);
    QVERIFY(QString::fromUtf8(p->readAllStandardError()).contains(QLatin1String("did not end within 1s")));
    QCOMPARE(activeLeases(c).size(), 0);
}

void TestCtlRun::killedRunLeavesALeaseThatEndsWithinItsTtl()
{
    Ctl c;
    const QString ready = m_files.filePath(QStringLiteral("orphan-ready"));
    const QString told = m_files.filePath(QStringLiteral("orphan-told"));
    const auto p = startRun(
        c, strings({ "--ttl", "3s" }),
        QStringLiteral("trap 'echo told > %1; exit 0' TERM; touch %2; while :; do sleep 0.1; done").arg(told, ready));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), runTimeoutMs);
    p->kill(); // SIGKILL: nothing of gpupoolctl runs any more
    QVERIFY(finishes(*p));
    // The command hears of it at once (--on-lost, TERM by default) ...
    QTRY_COMPARE_WITH_TIMEOUT(readFile(told), QStringLiteral("told"), runTimeoutMs);
    // ... and the lease, renewed no more, ends within its 3 s instead of hours.
    const QJsonArray held = activeLeases(c);
    QCOMPARE(held.size(), 1);
    QVERIFY(held.at(0).toObject().value(QStringLiteral("expires_in_seconds")).toDouble() <= 3);
    QTRY_VERIFY_WITH_TIMEOUT(activeLeases(c).isEmpty(), 10000);
}

void TestCtlRun::lostLeaseIsToldToTheCommand()
{
    Ctl c;
    const QString ready = m_files.filePath(QStringLiteral("lost-ready"));
    const QString told = m_files.filePath(QStringLiteral("lost-told"));
    // USR1 only tells: the command decides to end (with status 3).
    const auto p = startRun(
        c, strings({ "--on-lost", "USR1", "--ttl", "60s" }),
        QStringLiteral("trap 'echo told > %1; exit 3' USR1; touch %2; while :; do sleep 0.1; done").arg(told, ready));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), runTimeoutMs);
    const QJsonArray held = activeLeases(c);
    QCOMPARE(held.size(), 1);

    // An operator revokes it from another program on the same store.
    pool::PoolOptions o;
    o.settings.mode = config::Mode::MultiEndpoint;
    o.settings.endpoints.append({ QStringLiteral("a"), QUrl(m_statd->urls.value(0)), true, {} });
    o.settings.storeUrl = c.storeArgument();
    o.owner = QStringLiteral("operator@console");
    pool::Pool console(o);
    QVERIFY(!console.start());
    const pool::Result<lease::LeaseEnd> revoked
        = console.revokeLease(held.at(0).toObject().value(QStringLiteral("id")).toString());
    QVERIFY2(revoked, qPrintable(revoked ? QString() : revoked.error().message));

    // Seen by gpupoolctl's store watch long before its next heartbeat (20 s).
    QTRY_COMPARE_WITH_TIMEOUT(readFile(told), QStringLiteral("told"), 10000);
    QVERIFY(finishes(*p));
    QCOMPARE(p->exitCode(), 3);
    QVERIFY(QString::fromUtf8(p->readAllStandardError()).contains(QLatin1String("lease is lost")));
}

void TestCtlRun::gpusStayOnOneEndpointUnlessSpreadIsAllowed()
{
    Ctl c;
    // round_robin would spread two GPUs over a and b: a job gets both on one.
    const QString hostsScript = QStringLiteral("echo \"$GPUPOOL_GPU_IDS|$GPUPOOL_HOSTS\"");
    CtlResult r = ctl(c,
                      QStringList { QStringLiteral("--strategy=round_robin"), QStringLiteral("run"),
                                    QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--"),
                                    QStringLiteral("sh"), QStringLiteral("-c"), hostsScript });
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(QRegularExpression(QStringLiteral("^([ab]):\\d,\\1:\\d\\|127\\.0\\.0\\.1,127\\.0\\.0\\.1\n$"))
                 .match(r.out)
                 .hasMatch(),
             r.describe());

    // Five GPUs are on no single endpoint (4 each).
    r = ctl(c,
            QStringList { QStringLiteral("run"), QStringLiteral("--count"), QStringLiteral("5"), QStringLiteral("--"),
                          QStringLiteral("sh"), QStringLiteral("-c"), hostsScript });
    QVERIFY2(r.exitCode == 4, r.describe());
    QVERIFY(r.out.isEmpty()); // the command never ran

    r = ctl(c,
            QStringList { QStringLiteral("run"), QStringLiteral("--count"), QStringLiteral("5"),
                          QStringLiteral("--allow-spread"), QStringLiteral("--"), QStringLiteral("sh"),
                          QStringLiteral("-c"), QStringLiteral("echo \"$GPUPOOL_GPU_IDS\"") });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QStringList gpus = r.out.trimmed().split(QLatin1Char(','));
    QCOMPARE(gpus.size(), 5);
    QVERIFY(!gpus.filter(QRegularExpression(QStringLiteral("^a:"))).isEmpty());
    QVERIFY(!gpus.filter(QRegularExpression(QStringLiteral("^b:"))).isEmpty());
    QVERIFY2(r.err.contains(QLatin1String("are not in CUDA_VISIBLE_DEVICES")), r.describe());
    QCOMPARE(activeLeases(c).size(), 0);
}

void TestCtlRun::badCommandLinesLeaseNothing()
{
    Ctl c;
    CtlResult r = ctl(c, strings({ "run" }));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("-- COMMAND")), r.describe());
    r = ctl(c, strings({ "run", "sleep", "1" }));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("the command goes after --")), r.describe());
    r = ctl(c, strings({ "run", "--", "gpupool-no-such-command" }));
    QCOMPARE(r.exitCode, 127);
    QVERIFY2(r.err.contains(QLatin1String("no such command")), r.describe());
    r = ctl(c, strings({ "run", "--on-lost", "SIGNOPE", "--", "true" }));
    QCOMPARE(r.exitCode, 2);
    // The command's own options are its own, --json included.
    r = ctl(c, strings({ "run", "--", "sh", "-c", "echo \"$@\"", "sh", "--json", "--count", "9" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.out, QStringLiteral("--json --count 9\n"));
    const CtlResult history = ctl(c, strings({ "--json", "leases", "--history" }));
    QCOMPARE(history.json().value(QStringLiteral("history")).toArray().size(), 1); // only the last one leased
}

QTEST_GUILESS_MAIN(TestCtlRun)
#include "tst_ctl_run.moc"
