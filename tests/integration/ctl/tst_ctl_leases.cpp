// gpupoolctl's leases end to end: request, leases, renew, release, history,
// and the exit statuses 3, 4 and 5, against two fake GPU statistics servers
// in this process whose GPUs are always idle (gpupool-statd's simulated load
// moves, which would make counts of available GPUs a matter of luck).

#include "ctltesting.h"

#include "faultserver.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>

using namespace gpupool::ctl::testing;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;

namespace {

const QStringList leaseFields = strings({ "id", "gpu_id", "global_gpu_id", "endpoint_id", "local_gpu_id", "owner",
                                          "note", "kind", "created", "expires", "expires_in_seconds", "fence" });

} // namespace

class TestCtlLeases : public QObject
{
    Q_OBJECT

private slots:
    void requestForScripts();
    void initTestCase();
    void requestPrintsHowToUseTheGpus();
    void requestAsJson();
    void listRenewReleaseAndHistory();
    void notEnoughGpus();
    void filters();
    void waitingTimesOut();
    void waitingIsServedWhenAGpuIsFreed();
    void someoneElsesLeaseIsNeverReleased();
    void singleEndpointMode();
    void noEndpointReachable();
    void recoverProbesAnOpenBreaker();

private:
    QStringList endpoints() const;
    CtlResult run(const Ctl &ctl, const QStringList &arguments) const { return ctl.run(endpoints() + arguments); }
    QStringList leaseIds(const Ctl &ctl, bool all = false) const;

    FaultServer m_f;
    FaultServer m_g;
};

QStringList TestCtlLeases::endpoints() const
{
    return { QStringLiteral("--endpoints=f=%1,g=%2").arg(m_f.url().toString(), m_g.url().toString()),
             QStringLiteral("--endpoint-timeout=5") };
}

QStringList TestCtlLeases::leaseIds(const Ctl &ctl, bool all) const
{
    QStringList args { QStringLiteral("--json"), QStringLiteral("leases") };
    if (all)
        args.append(QStringLiteral("--all"));
    QStringList ids;
    for (const QJsonValue &v : run(ctl, args).json().value(QStringLiteral("leases")).toArray())
        ids.append(v.toObject().value(QStringLiteral("id")).toString());
    return ids;
}

void TestCtlLeases::initTestCase()
{
    for (FaultServer *s : { &m_f, &m_g }) {
        QVERIFY(s->isListening());
        s->setDefault(FaultBehaviour::withStatus(404)); // no /health, no /gpu/stats: a predecessor's server
        s->setRoute("/gpu/summary", FaultBehaviour::ok(FaultBehaviour::validSummary(4)));
    }
}

void TestCtlLeases::requestPrintsHowToUseTheGpus()
{
    Ctl ctl;
    const CtlResult r = run(ctl, strings({ "request", "--count", "3", "--note", "training run" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.startsWith(QLatin1String("Granted 3 GPUs:\nLEASE ")), r.describe());
    QVERIFY(fitsWidth(r.out));
    QVERIFY(!hasEscapeCodes(r.out));
    // One line per endpoint: where, and the local ids to export.
    const QStringList ids = leaseIds(ctl);
    QCOMPARE(ids.size(), 3);
    for (const QString &id : ids)
        QVERIFY(r.out.contains(id));
    QVERIFY2(r.out.contains(QRegularExpression(
                 QStringLiteral("Use on 127\\.0\\.0\\.1 \\([fg]\\): CUDA_VISIBLE_DEVICES=\\d(,\\d)*\n"))),
             r.describe());
    QVERIFY(r.out.contains(QLatin1String("gpupoolctl release LEASE_ID")));
}

void TestCtlLeases::requestAsJson()
{
    Ctl ctl;
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const CtlResult r = run(ctl, strings({ "--json", "request", "--count", "3", "--ttl", "90m", "--note", "n" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject o = r.json();
    QCOMPARE(keys(o), sorted(strings({ "requested", "granted", "leases", "usage", "environment" })));
    QCOMPARE(o.value(QStringLiteral("requested")).toInt(), 3);
    QCOMPARE(o.value(QStringLiteral("granted")).toInt(), 3);
    const QJsonArray leases = o.value(QStringLiteral("leases")).toArray();
    QCOMPARE(leases.size(), 3);
    QStringList seen;
    for (const QJsonValue &v : leases) {
        const QJsonObject l = v.toObject();
        QCOMPARE(keys(l), sorted(leaseFields + strings({ "gpu_name", "host", "cuda_visible_devices" })));
        QCOMPARE(l.value(QStringLiteral("owner")).toString().section(QLatin1Char('@'), 0, 0), QStringLiteral("tester"));
        QCOMPARE(l.value(QStringLiteral("note")).toString(), QStringLiteral("n"));
        QCOMPARE(l.value(QStringLiteral("kind")).toString(), QStringLiteral("interactive"));
        QCOMPARE(l.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(l.value(QStringLiteral("gpu_name")).toString(), QStringLiteral("NVIDIA H100 80GB HBM3"));
        const QString endpoint = l.value(QStringLiteral("endpoint_id")).toString();
        const int local = l.value(QStringLiteral("local_gpu_id")).toInt();
        QCOMPARE(l.value(QStringLiteral("gpu_id")).toString(), QStringLiteral("%1:%2").arg(endpoint).arg(local));
        QCOMPARE(l.value(QStringLiteral("cuda_visible_devices")).toString(), QString::number(local));
        QVERIFY(l.value(QStringLiteral("fence")).toInt() >= 1);
        const QDateTime created
            = QDateTime::fromString(l.value(QStringLiteral("created")).toString(), Qt::ISODateWithMs);
        const QDateTime expires
            = QDateTime::fromString(l.value(QStringLiteral("expires")).toString(), Qt::ISODateWithMs);
        QVERIFY(created.isValid() && expires.isValid());
        QVERIFY(created.toMSecsSinceEpoch() >= before - 1000);
        QCOMPARE(created.msecsTo(expires), qint64(90 * 60 * 1000));
        QVERIFY(qAbs(l.value(QStringLiteral("expires_in_seconds")).toDouble() - 5400) < 60);
        QVERIFY(!seen.contains(l.value(QStringLiteral("gpu_id")).toString())); // never one GPU twice
        seen.append(l.value(QStringLiteral("gpu_id")).toString());
    }
    int usageGpus = 0;
    for (const QJsonValue &v : o.value(QStringLiteral("usage")).toArray()) {
        const QJsonObject u = v.toObject();
        QCOMPARE(keys(u), sorted(strings({ "endpoint_id", "host", "cuda_visible_devices" })));
        usageGpus += int(u.value(QStringLiteral("cuda_visible_devices")).toString().split(QLatin1Char(',')).size());
    }
    QCOMPARE(usageGpus, 3);
    // What --export prints, as one object: programs that set it themselves take it from here.
    const QJsonObject env = o.value(QStringLiteral("environment")).toObject();
    QCOMPARE(keys(env),
             sorted(strings({ "CUDA_VISIBLE_DEVICES", "CUDA_DEVICE_ORDER", "GPUPOOL_LEASE_IDS", "GPUPOOL_GPU_IDS",
                              "GPUPOOL_HOST", "GPUPOOL_HOSTS" })));
    QCOMPARE(env.value(QStringLiteral("GPUPOOL_GPU_IDS")).toString().split(QLatin1Char(',')), seen);
    QCOMPARE(env.value(QStringLiteral("GPUPOOL_HOSTS")).toString(), QStringLiteral("127.0.0.1,127.0.0.1,127.0.0.1"));
    QCOMPARE(env.value(QStringLiteral("CUDA_DEVICE_ORDER")).toString(), QStringLiteral("PCI_BUS_ID"));
}

void TestCtlLeases::listRenewReleaseAndHistory()
{
    Ctl ctl;
    QCOMPARE(run(ctl, strings({ "request", "--count", "2", "--ttl", "10m", "--note", "mine" })).exitCode, 0);
    const QStringList ids = leaseIds(ctl);
    QCOMPARE(ids.size(), 2);

    CtlResult r = run(ctl, strings({ "leases" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY(r.out.startsWith(QLatin1String("LEASE ")));
    QVERIFY(r.out.contains(ids.at(0)) && r.out.contains(ids.at(1)) && r.out.contains(QLatin1String("mine")));

    r = run(ctl,
            { QStringLiteral("--json"), QStringLiteral("renew"), ids.at(0), QStringLiteral("--ttl"),
              QStringLiteral("2h") });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject renewed = r.json().value(QStringLiteral("lease")).toObject();
    QCOMPARE(keys(renewed), sorted(leaseFields));
    QVERIFY(qAbs(renewed.value(QStringLiteral("expires_in_seconds")).toDouble() - 7200) < 60);
    QVERIFY(run(ctl, { QStringLiteral("renew"), ids.at(0) })
                .out.startsWith(QStringLiteral("Renewed lease %1").arg(ids.at(0))));

    r = run(ctl, { QStringLiteral("release"), ids.at(0) });
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY(r.out.startsWith(QStringLiteral("Released lease %1 (GPU ").arg(ids.at(0))));
    // Released twice: a clear error for an operator.
    r = run(ctl, { QStringLiteral("--json"), QStringLiteral("release"), ids.at(0) });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("already_ended"));
    QCOMPARE(run(ctl, strings({ "renew", "no-such-lease" })).exitCode, 1);

    // By GPU.
    const QJsonObject second
        = run(ctl, strings({ "--json", "leases" })).json().value(QStringLiteral("leases")).toArray().at(0).toObject();
    r = run(ctl,
            { QStringLiteral("--json"), QStringLiteral("release"), QStringLiteral("--gpu"),
              second.value(QStringLiteral("gpu_id")).toString() });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject released = r.json().value(QStringLiteral("released")).toObject();
    QCOMPARE(keys(released),
             sorted(strings({ "id", "gpu_id", "global_gpu_id", "endpoint_id", "local_gpu_id", "owner", "note", "kind",
                              "created", "expires", "fence", "ended", "reason", "ended_by" })));
    QCOMPARE(released.value(QStringLiteral("id")).toString(), ids.at(1));
    QCOMPARE(released.value(QStringLiteral("reason")).toString(), QStringLiteral("released"));
    QVERIFY(leaseIds(ctl).isEmpty());
    QCOMPARE(run(ctl, strings({ "leases" })).out,
             QStringLiteral("You (%1) hold no leases.\n").arg(second.value(QStringLiteral("owner")).toString()));

    r = run(ctl, strings({ "--json", "leases", "--history" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonArray history = r.json().value(QStringLiteral("history")).toArray();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).toObject().value(QStringLiteral("id")).toString(), ids.at(1)); // newest first
    QCOMPARE(run(ctl, strings({ "--json", "leases", "--history", "--limit", "1" }))
                 .json()
                 .value(QStringLiteral("history"))
                 .toArray()
                 .size(),
             1);
    r = run(ctl, strings({ "leases", "--history" }));
    QVERIFY(r.out.startsWith(QLatin1String("LEASE ")) && r.out.contains(QLatin1String("released")));
    QVERIFY(fitsWidth(r.out));
}

void TestCtlLeases::notEnoughGpus()
{
    Ctl ctl;
    CtlResult r = run(ctl, strings({ "request", "--count", "9" }));
    QCOMPARE(r.exitCode, 4);
    QCOMPARE(r.err, QStringLiteral("gpupoolctl: Not enough GPUs available. Requested: 9, Available: 8\n"));
    QVERIFY(r.out.isEmpty());
    r = run(ctl, strings({ "--json", "request", "--count", "9" }));
    QCOMPARE(r.exitCode, 4);
    const QJsonObject error = r.json().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("not_enough_gpus"));
    QCOMPARE(error.value(QStringLiteral("exit_status")).toInt(), 4);
    QVERIFY(leaseIds(ctl, true).isEmpty()); // all or nothing

    r = run(ctl, strings({ "--json", "request", "--count", "9", "--partial" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("granted")).toInt(), 8);
    r = run(ctl, strings({ "request" }));
    QCOMPARE(r.exitCode, 4);
    QVERIFY(r.err.contains(QLatin1String("Requested: 1, Available: 0")));
}

void TestCtlLeases::filters()
{
    Ctl ctl;
    QCOMPARE(run(ctl, strings({ "request", "--name", "A100" })).exitCode, 4);
    CtlResult r = run(ctl, strings({ "--json", "request", "--name", "h100", "--endpoint", "g", "--count", "4" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    for (const QJsonValue &v : r.json().value(QStringLiteral("leases")).toArray())
        QCOMPARE(v.toObject().value(QStringLiteral("endpoint_id")).toString(), QStringLiteral("g"));
    QCOMPARE(r.json()
                 .value(QStringLiteral("usage"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("cuda_visible_devices"))
                 .toString(),
             QStringLiteral("0,1,2,3"));
    QCOMPARE(run(ctl, strings({ "request", "--endpoint", "g" })).exitCode, 4);
    QCOMPARE(run(ctl, strings({ "request", "--endpoint", "f", "--endpoint", "g", "--count", "4" })).exitCode, 0);
}

void TestCtlLeases::waitingTimesOut()
{
    Ctl ctl;
    QCOMPARE(run(ctl, strings({ "request", "--count", "8" })).exitCode, 0);
    for (const QStringList &args :
         { strings({ "request", "--wait", "1s" }), strings({ "request", "--count", "2", "--wait", "1s" }) }) {
        QElapsedTimer timer;
        timer.start();
        const CtlResult r = run(ctl, args);
        QVERIFY2(r.exitCode == 3, r.describe());
        QVERIFY2(timer.elapsed() >= 1000, r.describe());
        QVERIFY2(r.err.contains(QLatin1String("Waiting up to 1s")), r.describe());
        QVERIFY2(r.err.contains(QLatin1String("timed out")) || r.err.contains(QLatin1String("Timed out")),
                 r.describe());
    }
    const CtlResult r = run(ctl, strings({ "--json", "request", "--wait", "1s" }));
    QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("timed_out"));
}

void TestCtlLeases::waitingIsServedWhenAGpuIsFreed()
{
    Ctl ctl;
    QCOMPARE(run(ctl, strings({ "request", "--count", "8" })).exitCode, 0);
    const QStringList ids = leaseIds(ctl);
    QCOMPARE(ids.size(), 8);
    std::unique_ptr<QProcess> waiting
        = ctl.start(endpoints() + strings({ "--polling-interval", "0.2", "--json", "request", "--wait", "20s" }));
    QVERIFY(waiting->waitForStarted(5000));
    QSignalSpy finished(waiting.get(), &QProcess::finished);
    QSignalSpy stderrReady(waiting.get(), &QProcess::readyReadStandardError);
    QVERIFY(stderrReady.wait(10000)); // "Waiting up to 20s ..."
    QCOMPARE(run(ctl, { QStringLiteral("release"), ids.at(3) }).exitCode, 0);
    QVERIFY(finished.wait(15000));
    QCOMPARE(waiting->exitCode(), 0);
    const QJsonObject o = QJsonDocument::fromJson(waiting->readAllStandardOutput()).object();
    QCOMPARE(o.value(QStringLiteral("granted")).toInt(), 1);
}

void TestCtlLeases::someoneElsesLeaseIsNeverReleased()
{
    Ctl ctl;
    QCOMPARE(run(ctl, strings({ "request" })).exitCode, 0);
    const QJsonObject mine
        = run(ctl, strings({ "--json", "leases" })).json().value(QStringLiteral("leases")).toArray().at(0).toObject();
    ctl.setEnv(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("other@ctltest"));
    CtlResult r = run(ctl, { QStringLiteral("release"), mine.value(QStringLiteral("id")).toString() });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("not released")) || r.err.contains(QLatin1String("belongs to")),
             r.describe());
    r = run(ctl,
            { QStringLiteral("release"), QStringLiteral("--gpu"), mine.value(QStringLiteral("gpu_id")).toString() });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(
                 QStringLiteral("is leased by %1, not by you").arg(mine.value(QStringLiteral("owner")).toString())),
             r.describe());
    QVERIFY(leaseIds(ctl).isEmpty()); // other holds none
    QCOMPARE(leaseIds(ctl, true).size(), 1); // but sees tester's with --all
    QVERIFY(run(ctl, strings({ "leases", "--all" })).out.contains(QLatin1String("OWNER")));
    ctl.setEnv(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("tester@ctltest"));
    QCOMPARE(leaseIds(ctl).size(), 1); // still there
}

void TestCtlLeases::singleEndpointMode()
{
    Ctl ctl;
    const QStringList single { QStringLiteral("--endpoint"), m_f.url().toString() };
    CtlResult r = ctl.run(single + strings({ "--json", "request", "--count", "2" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject lease = r.json().value(QStringLiteral("leases")).toArray().at(0).toObject();
    const QString gpuId = lease.value(QStringLiteral("gpu_id")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d+$")).match(gpuId).hasMatch(), qPrintable(gpuId));
    QVERIFY(lease.value(QStringLiteral("global_gpu_id")).toString().endsWith(QLatin1Char(':') + gpuId));
    r = ctl.run(single + QStringList { QStringLiteral("release"), QStringLiteral("--gpu"), gpuId });
    QVERIFY2(r.exitCode == 0, r.describe());
    r = ctl.run(single + strings({ "--json", "status" }));
    QCOMPARE(r.json().value(QStringLiteral("mode")).toString(), QStringLiteral("single"));
    QCOMPARE(r.json().value(QStringLiteral("my_leases")).toInt(), 1);
}

void TestCtlLeases::noEndpointReachable()
{
    FaultServer gone;
    const QString url = gone.url().toString();
    gone.refuse();
    Ctl ctl;
    const QStringList args { QStringLiteral("--endpoints=gone=") + url };
    CtlResult r = ctl.run(args + strings({ "request" }));
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.startsWith(QLatin1String("gpupoolctl: No endpoint reachable (1 configured): gone: ")), r.describe());
    r = ctl.run(args + strings({ "--json", "status" }));
    QCOMPARE(r.exitCode, 5);
    QCOMPARE(r.json().value(QStringLiteral("endpoints_healthy")).toInt(), 0); // the report, then the status
    QCOMPARE(ctl.run(args + strings({ "leases" })).exitCode, 0); // leases live in the store
}

void TestCtlLeases::recoverProbesAnOpenBreaker()
{
    // The first poll fails (HTTP 500) and, with --max-retries 1, opens the
    // breaker; recover makes it half-open and probe at once, and the probe
    // finds the server answering again.
    FaultServer h;
    h.setDefault(FaultBehaviour::ok(FaultBehaviour::validSummary(2)));
    FaultBehaviour fail = FaultBehaviour::withStatus(500);
    fail.once = true;
    h.setRoute("/gpu/summary", fail);
    Ctl ctl;
    const CtlResult r
        = ctl.run({ QStringLiteral("--endpoints=h=") + h.url().toString(), QStringLiteral("--max-retries=1"),
                    QStringLiteral("--json"), QStringLiteral("recover"), QStringLiteral("h") });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QStringLiteral("recovery_triggered")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("reachable")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("state")).toString(),
             QStringLiteral("half_open")); // closes after a second good probe
    QVERIFY(h.requestCount("/gpu/summary") >= 2); // the failed poll and the probe
}

void TestCtlLeases::requestForScripts()
{
    Ctl ctl;
    CtlResult r = run(ctl, strings({ "request", "--short", "--endpoint", "f", "--count", "2" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d,\\d\n$")).match(r.out).hasMatch(), r.describe());

    r = run(ctl, strings({ "request", "--export", "--endpoint", "g", "--count", "2" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QRegularExpression line(QStringLiteral(
        "^export CUDA_VISIBLE_DEVICES='(\\d,\\d)'; export CUDA_DEVICE_ORDER='PCI_BUS_ID'; "
        "export GPUPOOL_LEASE_IDS='([^,']+),([^,']+)'; export GPUPOOL_GPU_IDS='g:\\d,g:\\d'; "
        "export GPUPOOL_HOST='127\\.0\\.0\\.1'; export GPUPOOL_HOSTS='127\\.0\\.0\\.1,127\\.0\\.0\\.1'\n$"));
    const QRegularExpressionMatch m = line.match(r.out);
    QVERIFY2(m.hasMatch(), r.describe());
    const QStringList mine = leaseIds(ctl);
    QVERIFY(mine.contains(m.captured(2)) && mine.contains(m.captured(3)));

    // What a shell makes of it.
    QProcess shell;
    shell.start(QStringLiteral("sh"),
                { QStringLiteral("-c"),
                  QStringLiteral("eval \"$1\"; printf '%s|%s' \"$CUDA_VISIBLE_DEVICES\" \"$GPUPOOL_HOST\""),
                  QStringLiteral("sh"), r.out });
    QVERIFY(shell.waitForFinished(10000));
    QCOMPARE(QString::fromUtf8(shell.readAllStandardOutput()), m.captured(1) + QStringLiteral("|127.0.0.1"));

    r = run(ctl, strings({ "--json", "request", "--export" }));
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(leaseIds(ctl).size(), 4); // nothing granted by the refused one
}

QTEST_GUILESS_MAIN(TestCtlLeases)
#include "tst_ctl_leases.moc"
