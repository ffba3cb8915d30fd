// Who really uses each GPU, from the command line: gpupoolctl ps and gpus
// --processes against a real gpupool-statd whose nvidia-smi is a stand-in
// printing the H100 fixtures (a busy GPU, its compute app running as this
// test's own pid, so its user is known), beside a predecessor-shaped server
// that has no /gpu/processes. Use without a lease shows only while leases are
// in use on the pool.
#include "ctltesting.h"

#include "../../support/faultserver.h"

#include <QJsonArray>

#include <pwd.h>
#include <unistd.h>

using namespace gpupool;
using namespace gpupool::ctl::testing;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;

namespace {

constexpr char kUuid[] = "GPU-5be79425-faf0-340b-0c20-f48fb02b4036";

QString me()
{
    const passwd *pw = getpwuid(geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QString();
}

QJsonObject findGpu(const QJsonArray &gpus, const QString &endpoint)
{
    for (const QJsonValue &v : gpus)
        if (v.toObject().value(QStringLiteral("endpoint_id")).toString() == endpoint)
            return v.toObject();
    return {};
}

} // namespace

class TestCtlPs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // One busy H100; its compute app is this test's own process.
        const QByteArray smi = "case \"$1\" in\n"
                               "--query-gpu=*) sed 's/$/, "
            + QByteArray(kUuid) + "/' '" + statd::testing::h100Fixture("busy_summary.csv").toUtf8()
            + "' | head -n 1;;\n"
              "--query-compute-apps=*) sed 's/^409,/"
            + QByteArray::number(QCoreApplication::applicationPid()) + ",/' '"
            + statd::testing::h100Fixture("busy_apps_bare.csv").toUtf8()
            + "';;\n"
              "*) exit 2;;\n"
              "esac\n";
        m_statd = std::make_unique<Statd>(QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") },
                                          statd::testing::standInSmi(m_dir.filePath(QStringLiteral("bin")), smi));
        m_url = m_statd->readLine();
        QVERIFY2(!m_url.isEmpty(), qPrintable(m_statd->standardError()));
        m_old.setRoute("/gpu/processes", FaultBehaviour::withStatus(404, R"({"detail":"Not Found"})"));
        m_old.setRoute("/gpu/stats", FaultBehaviour::withStatus(404, R"({"detail":"Not Found"})"));
        QVERIFY(!me().isEmpty());
    }

    void psListsWhoRunsWhere()
    {
        Ctl ctl;
        const CtlResult r
            = ctl.run({ QStringLiteral("--endpoints"), endpoints(), QStringLiteral("--json"), QStringLiteral("ps") });
        QVERIFY2(r.exitCode == 0, r.describe());
        const QJsonObject o = r.json();
        const QJsonArray processes = o.value(QStringLiteral("processes")).toArray();
        QCOMPARE(processes.size(), 1);
        const QJsonObject p = processes.first().toObject();
        QCOMPARE(p.value(QStringLiteral("pid")).toInteger(), QCoreApplication::applicationPid());
        QCOMPARE(p.value(QStringLiteral("user")).toString(), me());
        QCOMPARE(p.value(QStringLiteral("process")).toString(), QStringLiteral("python3"));
        QCOMPARE(p.value(QStringLiteral("memory_mb")).toInteger(), 29742);
        QCOMPARE(p.value(QStringLiteral("gpu_id")).toString(), QStringLiteral("new:0"));
        QVERIFY(!p.value(QStringLiteral("without_lease")).toBool()); // no lease in the pool: nothing to say
        // The predecessor-shaped server lists none, and is no failure.
        QCOMPARE(o.value(QStringLiteral("endpoints_without_processes")).toArray(),
                 QJsonArray { QStringLiteral("old") });

        const CtlResult text = ctl.run({ QStringLiteral("--endpoints"), endpoints(), QStringLiteral("ps") });
        QVERIFY2(text.exitCode == 0, text.describe());
        QVERIFY(text.out.contains(QStringLiteral("python3")));
        QVERIFY(text.out.contains(me()));
        QVERIFY(text.out.contains(QStringLiteral("old lists no processes")));
        QVERIFY(fitsWidth(text.out));

        // One endpoint only; an unknown one is refused.
        const CtlResult one = ctl.run({ QStringLiteral("--endpoints"), endpoints(), QStringLiteral("--json"),
                                        QStringLiteral("ps"), QStringLiteral("old") });
        QVERIFY2(one.exitCode == 0, one.describe());
        QVERIFY(one.json().value(QStringLiteral("processes")).toArray().isEmpty());
        const CtlResult unknown
            = ctl.run({ QStringLiteral("--endpoints"), endpoints(), QStringLiteral("ps"), QStringLiteral("nope") });
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.err.contains(QStringLiteral("nope")));
    }

    void useWithoutALeaseShowsWhileLeasesAreInUse()
    {
        Ctl ctl;
        // A colleague holds a GPU of the old server: leases are in use now.
        ctl.setEnv(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("colleague@elsewhere"));
        const CtlResult held = ctl.run({ QStringLiteral("--endpoints"), endpoints(), QStringLiteral("request"),
                                         QStringLiteral("--endpoint"), QStringLiteral("old") });
        QVERIFY2(held.exitCode == 0, held.describe());
        ctl.setEnv(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("tester@ctltest"));

        const CtlResult r = ctl.run({ QStringLiteral("--endpoints"), endpoints(), QStringLiteral("--json"),
                                      QStringLiteral("gpus"), QStringLiteral("--processes") });
        QVERIFY2(r.exitCode == 0, r.describe());
        const QJsonArray gpus = r.json().value(QStringLiteral("gpus")).toArray();
        const QJsonObject busy = findGpu(gpus, QStringLiteral("new"));
        QCOMPARE(busy.value(QStringLiteral("state")).toString(), QStringLiteral("unleased_use"));
        QCOMPARE(busy.value(QStringLiteral("unleased_users")).toArray(), QJsonArray { me() });
        QCOMPARE(busy.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("in use without a lease (%1)").arg(me()));
        QCOMPARE(busy.value(QStringLiteral("processes")).toArray().size(), 1);
        // The old server's GPUs: no processes known (null), one of them leased.
        const QJsonObject old = findGpu(gpus, QStringLiteral("old"));
        QVERIFY(old.value(QStringLiteral("processes")).isNull());

        const CtlResult text = ctl.run({ QStringLiteral("--endpoints"), endpoints(), QStringLiteral("gpus") });
        QVERIFY2(text.exitCode == 0, text.describe());
        QVERIFY(!text.out.contains(QStringLiteral("without a lease"))); // not read without --processes
        const CtlResult ps = ctl.run({ QStringLiteral("--endpoints"), endpoints(), QStringLiteral("ps") });
        QVERIFY(ps.out.contains(QStringLiteral("none: in use without a lease")));
    }

private:
    QString endpoints() const { return QStringLiteral("new=%1,old=%2").arg(m_url, m_old.url().toString()); }

    QTemporaryDir m_dir;
    std::unique_ptr<Statd> m_statd;
    QString m_url;
    FaultServer m_old;
};

QTEST_GUILESS_MAIN(TestCtlPs)
#include "tst_ctl_ps.moc"
