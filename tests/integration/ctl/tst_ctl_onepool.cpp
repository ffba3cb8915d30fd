// One pool for every program of a user: gpupoolctl (real processes) and a
// Pool in this process, as the console runs it, on the default store and
// the shared settings file: they see each other's leases and strategy, the
// owner comes from the operating system, and an old per-program lease file
// is moved over with its leases.

#include "ctltesting.h"

#include "faultserver.h"
#include "lease/sqliteleasestore.h"
#include "pool/pool.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QSettings>

#include <pwd.h>
#include <unistd.h>

using namespace gpupool;
using namespace gpupool::ctl::testing;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;

class TestCtlOnePool : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void consoleAndCtlShareTheDefaultStore();
    void storeComesFromTheSharedSettings();
    void configRefusesWhatNoProgramWouldRead();
    void ownerComesFromTheSystemNotUSER();
    void oldPerProgramFileIsMovedWithItsLeases();
    void strategySetByCtlReachesARunningPool();
    void roundRobinRotatesAcrossProcesses();

private:
    QStringList endpoints() const
    {
        return { QStringLiteral("--endpoints=f=%1").arg(m_f.url().toString()), QStringLiteral("--endpoint-timeout=5") };
    }
    // A Pool as the console builds it: the default store of the user whose
    // data folder is `ctl`'s.
    std::unique_ptr<pool::Pool> consolePool(const Ctl &ctl) const;
    static QString dataHome(const Ctl &ctl) { return ctl.home() + QStringLiteral("/data"); }
    static QString defaultStore(const Ctl &ctl) { return dataHome(ctl) + QStringLiteral("/gpupool/leases.sqlite"); }

    FaultServer m_f;
};

void TestCtlOnePool::initTestCase()
{
    QVERIFY(m_f.isListening());
    m_f.setDefault(FaultBehaviour::withStatus(404));
    m_f.setRoute("/gpu/summary", FaultBehaviour::ok(FaultBehaviour::validSummary(4)));
}

std::unique_ptr<pool::Pool> TestCtlOnePool::consolePool(const Ctl &ctl) const
{
    qputenv("XDG_DATA_HOME", QFile::encodeName(dataHome(ctl)));
    pool::PoolOptions o;
    o.settings.mode = config::Mode::MultiEndpoint;
    o.settings.endpoints.append({ QStringLiteral("f"), m_f.url(), true, {} });
    o.settings.pollingIntervalSeconds = 0.2;
    o.owner = QStringLiteral("console@ctltest");
    return std::make_unique<pool::Pool>(o); // settings.storeUrl empty: the default
}

void TestCtlOnePool::consoleAndCtlShareTheDefaultStore()
{
    Ctl ctl;
    CtlResult r = ctl.run(endpoints() + QStringList { QStringLiteral("--json"), QStringLiteral("request") }, false);
    QVERIFY2(r.exitCode == 0, r.describe());
    const QString fromCtl
        = r.json().value(QStringLiteral("leases")).toArray().at(0).toObject().value(QStringLiteral("id")).toString();
    QVERIFY(QFileInfo::exists(defaultStore(ctl)));

    const auto console = consolePool(ctl);
    QVERIFY(!console->start());
    QCOMPARE(console->storeInfo().url, QStringLiteral("sqlite:") + defaultStore(ctl));
    QVERIFY(console->findLease(fromCtl));
    // And the other way round, through the same file.
    QTRY_VERIFY_WITH_TIMEOUT(console->availableGpus() > 0, 10000);
    pool::ReserveRequest request;
    const auto granted = console->reserve(request);
    QVERIFY2(granted, granted ? "" : qPrintable(granted.error().message));
    QVERIFY(granted->at(0).gpuId() != console->findLease(fromCtl)->gpuId()); // never one GPU twice
    r = ctl.run(endpoints()
                    + QStringList { QStringLiteral("--json"), QStringLiteral("leases"), QStringLiteral("--all") },
                false);
    QVERIFY2(r.exitCode == 0, r.describe());
    QStringList ids;
    for (const QJsonValue &v : r.json().value(QStringLiteral("leases")).toArray())
        ids.append(v.toObject().value(QStringLiteral("id")).toString());
    QVERIFY2(ids.contains(granted->at(0).id) && ids.contains(fromCtl), r.describe());
    r = ctl.run(endpoints() + QStringList { QStringLiteral("--json"), QStringLiteral("status") }, false);
    QCOMPARE(r.json().value(QStringLiteral("store")).toObject().value(QStringLiteral("url")).toString(),
             QStringLiteral("sqlite:") + defaultStore(ctl));
    console->stop();
}

void TestCtlOnePool::storeComesFromTheSharedSettings()
{
    Ctl ctl;
    const QString team = QStringLiteral("sqlite:") + ctl.home() + QStringLiteral("/team.sqlite");
    CtlResult r = ctl.run({ QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("store"), team }, false);
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(QSettings(ctl.settingsFile(), QSettings::IniFormat).value(QStringLiteral("store/url")).toString(), team);

    r = ctl.run({ QStringLiteral("--json"), QStringLiteral("config"), QStringLiteral("show") }, false);
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("file")).toString(), ctl.settingsFile());
    bool seen = false;
    for (const QJsonValue &v : r.json().value(QStringLiteral("settings")).toArray()) {
        const QJsonObject row = v.toObject();
        if (row.value(QStringLiteral("key")).toString() != QLatin1String("store/url"))
            continue;
        seen = true;
        QCOMPARE(row.value(QStringLiteral("value")).toString(), team);
        QCOMPARE(row.value(QStringLiteral("source")).toString(), QStringLiteral("settings_file"));
        QCOMPARE(row.value(QStringLiteral("variable")).toString(), QStringLiteral("GPUPOOL_STORE"));
    }
    QVERIFY(seen);

    r = ctl.run(endpoints() + QStringList { QStringLiteral("--json"), QStringLiteral("request") }, false);
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY(QFileInfo::exists(ctl.home() + QStringLiteral("/team.sqlite")));
    QVERIFY(!QFileInfo::exists(defaultStore(ctl)));
    // The variable beats the file, for one run.
    ctl.setEnv(QStringLiteral("GPUPOOL_STORE"),
               QStringLiteral("sqlite:") + ctl.home() + QStringLiteral("/other.sqlite"));
    r = ctl.run(endpoints() + QStringList { QStringLiteral("--json"), QStringLiteral("status") }, false);
    QCOMPARE(r.json().value(QStringLiteral("store")).toObject().value(QStringLiteral("url")).toString(),
             QStringLiteral("sqlite:") + ctl.home() + QStringLiteral("/other.sqlite"));
}

void TestCtlOnePool::configRefusesWhatNoProgramWouldRead()
{
    Ctl ctl;
    CtlResult r = ctl.run(
        { QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("memory-threshold"), QStringLiteral("150") },
        false);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("\"150\" is not valid")), r.describe());
    QVERIFY(!QFileInfo::exists(ctl.settingsFile()));
    r = ctl.run({ QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("frobs"), QStringLiteral("1") },
                false);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("unknown key \"frobs\"")), r.describe());
    r = ctl.run({ QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("GPU_MEMORY_THRESHOLD_PERCENT"),
                  QStringLiteral("70") },
                false);
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(QSettings(ctl.settingsFile(), QSettings::IniFormat)
                 .value(QStringLiteral("thresholds/memoryPercent"))
                 .toString(),
             QStringLiteral("70"));
    r = ctl.run({ QStringLiteral("config"), QStringLiteral("show") }, false);
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("thresholds/memoryPercent +70 +settings file"))),
             r.describe());
    QVERIFY(fitsWidth(r.out));
}

void TestCtlOnePool::ownerComesFromTheSystemNotUSER()
{
    Ctl ctl;
    ctl.unsetEnv(QStringLiteral("GPUPOOL_OWNER"));
    for (const char *name : { "USER", "LOGNAME", "USERNAME" })
        ctl.unsetEnv(QString::fromLatin1(name));
    const passwd *pw = getpwuid(geteuid());
    QVERIFY(pw && pw->pw_name);
    const QString user = QString::fromLocal8Bit(pw->pw_name);
    CtlResult r = ctl.run(endpoints() + QStringList { QStringLiteral("--json"), QStringLiteral("request") });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QString owner
        = r.json().value(QStringLiteral("leases")).toArray().at(0).toObject().value(QStringLiteral("owner")).toString();
    QVERIFY2(owner.startsWith(user + QLatin1Char('@')), qPrintable(owner));
    // Someone who merely sets USER is not that user.
    ctl.setEnv(QStringLiteral("USER"), QStringLiteral("mallory"));
    r = ctl.run(endpoints() + QStringList { QStringLiteral("--json"), QStringLiteral("leases") });
    QCOMPARE(r.json().value(QStringLiteral("leases")).toArray().size(), 1); // still the same owner's
}

void TestCtlOnePool::oldPerProgramFileIsMovedWithItsLeases()
{
    Ctl ctl;
    const QString old = dataHome(ctl) + QStringLiteral("/gpupool/gpupoolctl/leases.sqlite");
    QVERIFY(QDir().mkpath(QFileInfo(old).path()));
    {
        auto store = lease::SqliteLeaseStore::open(old);
        QVERIFY(store);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(
            (*store)->grant({ { QStringLiteral("OLD-LEASE"), QStringLiteral("f"), 2, QStringLiteral("tester@ctltest"),
                                QStringLiteral("from before"), lease::LeaseKind::Interactive, 3600 * 1000 } },
                            now));
    }
    CtlResult r = ctl.run(endpoints() + QStringList { QStringLiteral("--json"), QStringLiteral("leases") }, false);
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.err.contains(QLatin1String("Moved the lease database")), r.describe());
    const QJsonArray leases = r.json().value(QStringLiteral("leases")).toArray();
    QCOMPARE(leases.size(), 1);
    QCOMPARE(leases.at(0).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("OLD-LEASE"));
    QVERIFY(QFileInfo::exists(defaultStore(ctl)));
    QVERIFY(QFileInfo::exists(old + QStringLiteral(".moved")));
    // Once: the next run says nothing.
    r = ctl.run(endpoints() + QStringList { QStringLiteral("--json"), QStringLiteral("leases") }, false);
    QVERIFY2(!r.err.contains(QLatin1String("lease database")), r.describe());
}

void TestCtlOnePool::strategySetByCtlReachesARunningPool()
{
    Ctl ctl;
    const auto console = consolePool(ctl);
    QVERIFY(!console->start());
    QCOMPARE(console->strategy(), QStringLiteral("availability"));
    QSignalSpy changed(console.get(), &pool::Pool::strategyChanged);
    const CtlResult r = ctl.run({ QStringLiteral("strategy"), QStringLiteral("round_robin") }, false);
    QVERIFY2(r.exitCode == 0, r.describe());
    // The run itself spins the event loop, so the change may be seen already.
    QVERIFY(!changed.isEmpty() || changed.wait(5000));
    QCOMPARE(console->strategy(), QStringLiteral("round_robin"));
    console->stop();
}

void TestCtlOnePool::roundRobinRotatesAcrossProcesses()
{
    // Each gpupoolctl is a new process with a new balancer: the turn lives
    // in the store, so four in a row land on four endpoints.
    FaultServer servers[4];
    QStringList list;
    for (int i = 0; i < 4; ++i) {
        QVERIFY(servers[i].isListening());
        servers[i].setDefault(FaultBehaviour::withStatus(404));
        servers[i].setRoute("/gpu/summary", FaultBehaviour::ok(FaultBehaviour::validSummary(2)));
        list.append(QStringLiteral("s%1=%2").arg(i).arg(servers[i].url().toString()));
    }
    Ctl ctl;
    const QStringList options { QStringLiteral("--endpoints=") + list.join(QLatin1Char(',')),
                                QStringLiteral("--strategy=round_robin"), QStringLiteral("--json") };
    QStringList landed;
    for (int i = 0; i < 4; ++i) {
        const CtlResult r = ctl.run(options + QStringList { QStringLiteral("request") });
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
    // load counts every program's grants: each of the four runs made one.
    const CtlResult load = ctl.run(options + QStringList { QStringLiteral("load") });
    QVERIFY2(load.exitCode == 0, load.describe());
    const QJsonArray rows = load.json().value(QStringLiteral("endpoints")).toArray();
    QCOMPARE(rows.size(), 4);
    for (const QJsonValue &v : rows) {
        const QJsonObject row = v.toObject();
        QCOMPARE(row.value(QStringLiteral("total_grants")).toInt(), 1);
        QCOMPARE(row.value(QStringLiteral("active_leases")).toInt(), 1);
        QCOMPARE(row.value(QStringLiteral("gpus_total")).toInt(), 2);
        QVERIFY(row.value(QStringLiteral("response_time_ms")).toDouble() > 0);
        QVERIFY(!row.value(QStringLiteral("last_used")).toString().isEmpty());
    }
    const CtlResult table
        = ctl.run({ QStringLiteral("--endpoints=") + list.join(QLatin1Char(',')), QStringLiteral("load") });
    QVERIFY2(table.exitCode == 0 && table.out.contains(QLatin1String("GRANTS")) && fitsWidth(table.out),
             table.describe());
    // A Pool that joins continues the same rotation.
    qputenv("XDG_DATA_HOME", QFile::encodeName(dataHome(ctl)));
    pool::PoolOptions o;
    o.settings.mode = config::Mode::MultiEndpoint;
    for (int i = 0; i < 4; ++i)
        o.settings.endpoints.append({ QStringLiteral("s%1").arg(i), servers[i].url(), true, {} });
    o.settings.storeUrl = ctl.storeArgument();
    o.settings.strategy = QStringLiteral("round_robin");
    o.owner = QStringLiteral("console@ctltest");
    pool::Pool console(o);
    QVERIFY(!console.start());
    QTRY_VERIFY_WITH_TIMEOUT(console.availableGpus() == 4, 10000);
    const auto granted = console.reserve({});
    QVERIFY2(granted, granted ? "" : qPrintable(granted.error().message));
    QCOMPARE(granted->at(0).endpointId, QStringLiteral("s0"));
    console.stop();
}

QTEST_GUILESS_MAIN(TestCtlOnePool)
#include "tst_ctl_onepool.moc"
