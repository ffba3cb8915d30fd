// The SQLite lease store under damage, with real gpupoolctl processes: a
// file cut short or overwritten inside is refused with one clear line and
// left exactly as it was (never replaced by an empty store), and writers
// killed (SIGKILL) at any moment of their transactions leave a store that
// passes SQLite's integrity check and holds every GPU at most once.

#include "ctltesting.h"

#include "lease/sqliteleasestore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>

#include <csignal>

using namespace gpupool;
using namespace gpupool::ctl::testing;

namespace {

QByteArray hashOf(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestCtlStoreDamage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void damagedFileIsRefusedAndKept_data();
    void damagedFileIsRefusedAndKept();
    void killedWritersLeaveAConsistentStore();

private:
    QStringList options(const Ctl &ctl) const
    {
        return { QStringLiteral("--endpoints=s=") + m_statd->urls.value(0), QStringLiteral("--memory-threshold=100"),
                 QStringLiteral("--utilization-threshold=100"), QStringLiteral("--store=") + ctl.storeArgument() };
    }
    static QString storePath(const Ctl &ctl) { return ctl.home() + QStringLiteral("/leases.sqlite"); }

    std::unique_ptr<StatdCluster> m_statd;
};

void TestCtlStoreDamage::initTestCase()
{
    m_statd = std::make_unique<StatdCluster>(4, 8, 1, true);
    QVERIFY(m_statd->isUp());
}

void TestCtlStoreDamage::damagedFileIsRefusedAndKept_data()
{
    QTest::addColumn<bool>("truncate");
    QTest::newRow("cut short") << true;
    QTest::newRow("overwritten inside") << false;
}

void TestCtlStoreDamage::damagedFileIsRefusedAndKept()
{
    QFETCH(bool, truncate);
    Ctl ctl;
    // A store with some history, so that it spans many pages.
    {
        auto store = lease::SqliteLeaseStore::open(storePath(ctl));
        QVERIFY(store);
        for (int i = 0; i < 400; ++i) {
            const lease::GrantSpec spec { QStringLiteral("lease-%1").arg(i),
                                          QStringLiteral("s"),
                                          i % 4,
                                          QStringLiteral("tester@ctltest"),
                                          QStringLiteral("note %1").arg(i),
                                          lease::LeaseKind::Programmatic,
                                          3'600'000 };
            QVERIFY((*store)->grant({ spec }, 1000 + i));
            QVERIFY((*store)->end(spec.leaseId, spec.owner, lease::EndReason::Released, 1000 + i));
        }
    }
    QVERIFY(!QFile::exists(storePath(ctl) + QStringLiteral("-wal"))
            || QFileInfo(storePath(ctl) + QStringLiteral("-wal")).size() == 0);
    QFile f(storePath(ctl));
    const qint64 size = f.size();
    QVERIFY2(size > 16 * 4096, qPrintable(QString::number(size)));
    if (truncate) {
        QVERIFY(f.resize(size / 2));
    } else {
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek((size / 4096 / 2) * 4096)); // a page in the middle
        QByteArray noise(4096, '\0');
        for (char &c : noise)
            c = char(QRandomGenerator::global()->bounded(256));
        f.write(noise);
        f.close();
    }
    const QByteArray before = hashOf(storePath(ctl));
    const qint64 damagedSize = QFileInfo(storePath(ctl)).size();

    for (const QStringList &command :
         { QStringList { QStringLiteral("--json"), QStringLiteral("leases"), QStringLiteral("--all") },
           QStringList { QStringLiteral("--json"), QStringLiteral("request") } }) {
        const CtlResult r = ctl.run(command + options(ctl), false);
        QVERIFY2(r.exitCode != 0, r.describe());
        const QJsonObject error = r.json().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("store_corrupt"));
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(QLatin1String("left as it is")),
                 r.describe());
        QCOMPARE(hashOf(storePath(ctl)), before);
        QCOMPARE(QFileInfo(storePath(ctl)).size(), damagedSize);
    }
}

void TestCtlStoreDamage::killedWritersLeaveAConsistentStore()
{
    Ctl ctl;
    QRandomGenerator random(20261203);
    int killed = 0;
    for (int round = 0; round < 25; ++round) {
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int i = 0; i < 3; ++i) {
            const QStringList command = i == 2 ? QStringList { QStringLiteral("request"), QStringLiteral("--count=3"),
                                                               QStringLiteral("--wait=5s"), QStringLiteral("--ttl=2m") }
                                               : QStringList { QStringLiteral("request"), QStringLiteral("--ttl=90s") };
            writers.push_back(ctl.start(command + options(ctl)));
        }
        QTest::qWait(int(random.bounded(40, 260)));
        for (auto &w : writers) {
            if (w->state() == QProcess::Running) {
                ::kill(pid_t(w->processId()), SIGKILL);
                ++killed;
            }
            w->waitForFinished(5000);
        }
        if (round % 5 == 4) { // room for the next rounds
            const CtlResult r = ctl.run({ QStringLiteral("--json"), QStringLiteral("leases") });
            for (const QJsonValue &v : r.json().value(QStringLiteral("leases")).toArray())
                ctl.run({ QStringLiteral("release"), v.toObject().value(QStringLiteral("id")).toString() });
        }
    }
    qInfo("%d writers killed mid-run", killed);
    QVERIFY(killed > 10);

    // Opens (the integrity check passes), every GPU at most once, fences in line.
    auto store = lease::SqliteLeaseStore::open(storePath(ctl));
    QVERIFY2(store, store ? "" : qPrintable(store.error().message));
    const auto active = (*store)->activeLeases();
    QVERIFY(active);
    QSet<QString> gpus;
    for (const lease::Lease &l : *active) {
        QVERIFY2(!gpus.contains(l.gpuId()), qPrintable(l.gpuId()));
        gpus.insert(l.gpuId());
        QVERIFY(l.fence <= *(*store)->lastFence(l.gpuId()));
    }
    QVERIFY((*store)->queue(QDateTime::currentMSecsSinceEpoch()));
    store->reset();
    const CtlResult r = ctl.run(
        QStringList { QStringLiteral("--json"), QStringLiteral("leases"), QStringLiteral("--all") } + options(ctl),
        false);
    QVERIFY2(r.exitCode == 0, r.describe());
}

QTEST_GUILESS_MAIN(TestCtlStoreDamage)
#include "tst_ctl_store_damage.moc"
