// Moving an earlier version's per-program lease file to the one default path:
// leases intact, nothing newer overwritten, a damaged file left alone.
#include "lease/sqliteleasestore.h"
#include "lease/sqlitelegacyfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <utime.h>

using namespace gpupool::lease;

namespace {

constexpr qint64 T0 = 1'893'456'000'000; // 2030-01-01
constexpr qint64 Hour = 3600 * 1000;

GrantSpec spec(const QString &id, int gpu, const QString &owner)
{
    return { id, QStringLiteral("srv"), gpu, owner, QStringLiteral("note"), LeaseKind::Interactive, 10 * Hour };
}

// A lease file with one active lease (left open: a crashed program leaves
// its last grants in the write-ahead log).
bool makeStore(const QString &path, const QString &leaseId, int gpu,
               std::unique_ptr<SqliteLeaseStore> *keepOpen = nullptr)
{
    QDir().mkpath(QFileInfo(path).path());
    auto opened = SqliteLeaseStore::open(path);
    if (!opened || !(*opened)->grant({ spec(leaseId, gpu, QStringLiteral("alice@ws1")) }, T0))
        return false;
    if (keepOpen)
        *keepOpen = std::move(opened.value());
    return true;
}

QStringList activeIds(const QString &path)
{
    auto opened = SqliteLeaseStore::open(path);
    if (!opened)
        return { QStringLiteral("cannot open: ") + opened.error().message };
    const Result<QList<Lease>> active = (*opened)->activeLeases();
    if (!active)
        return { QStringLiteral("cannot read: ") + active.error().message };
    QStringList ids;
    for (const Lease &l : *active)
        ids.append(l.id);
    return ids;
}

void setAge(const QString &path, int secondsAgo)
{
    const time_t t = time(nullptr) - secondsAgo;
    utimbuf times { t, t };
    utime(QFile::encodeName(path).constData(), &times);
}

} // namespace

class TestSqliteLegacyFile : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void nothingToMove();
    void movesTheOldFileWithItsLeases();
    void movesWhileAnOldProgramStillHasItOpen();
    void neverOverwritesTheTarget();
    void twoOldFilesTheNewestMoves();
    void damagedOldFileIsLeftAlone();

private:
    QString ctlFile() const { return m_dir->filePath(QStringLiteral("gpupool/gpupoolctl/leases.sqlite")); }
    QString consoleFile() const { return m_dir->filePath(QStringLiteral("gpupool/gpupool-console/leases.sqlite")); }
    QString target() const { return m_dir->filePath(QStringLiteral("gpupool/leases.sqlite")); }
    QStringList legacy() const { return { ctlFile(), consoleFile() }; }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSqliteLegacyFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSqliteLegacyFile::nothingToMove()
{
    const LegacyFileMove m = moveLegacyLeaseFile(target(), legacy());
    QVERIFY(!m.moved);
    QVERIFY(!m.error);
    QVERIFY(m.messages.isEmpty());
    QVERIFY(!QFileInfo::exists(target()));
}

void TestSqliteLegacyFile::movesTheOldFileWithItsLeases()
{
    QVERIFY(makeStore(ctlFile(), QStringLiteral("L1"), 0));
    const LegacyFileMove m = moveLegacyLeaseFile(target(), legacy());
    QVERIFY(m.moved);
    QVERIFY(!m.error);
    QCOMPARE(m.messages.size(), 1);
    QVERIFY2(m.messages.at(0).contains(QLatin1String("Moved the lease database")), qPrintable(m.messages.at(0)));
    QCOMPARE(activeIds(target()), QStringList { QStringLiteral("L1") });
    QVERIFY(!QFileInfo::exists(ctlFile()));
    QCOMPARE(activeIds(ctlFile() + QStringLiteral(".moved")), QStringList { QStringLiteral("L1") }); // the backup
    // Once only: the next start finds nothing to move.
    QVERIFY(moveLegacyLeaseFile(target(), legacy()).messages.isEmpty());
}

void TestSqliteLegacyFile::movesWhileAnOldProgramStillHasItOpen()
{
    std::unique_ptr<SqliteLeaseStore> old;
    QVERIFY(makeStore(ctlFile(), QStringLiteral("L1"), 0, &old));
    QVERIFY(old->grant({ spec(QStringLiteral("L2"), 1, QStringLiteral("bob@ws2")) }, T0));
    const LegacyFileMove m = moveLegacyLeaseFile(target(), legacy());
    QVERIFY(m.moved);
    QCOMPARE(activeIds(target()), (QStringList { QStringLiteral("L1"), QStringLiteral("L2") }));
}

void TestSqliteLegacyFile::neverOverwritesTheTarget()
{
    QVERIFY(makeStore(target(), QStringLiteral("NEW"), 3));
    QVERIFY(makeStore(ctlFile(), QStringLiteral("OLD"), 0));
    const LegacyFileMove m = moveLegacyLeaseFile(target(), legacy());
    QVERIFY(!m.moved);
    QVERIFY(!m.error);
    QCOMPARE(m.messages.size(), 1);
    QVERIFY(m.messages.at(0).contains(ctlFile()));
    QVERIFY(m.messages.at(0).contains(QLatin1String("--store sqlite:")));
    QCOMPARE(activeIds(target()), QStringList { QStringLiteral("NEW") });
    QCOMPARE(activeIds(ctlFile()), QStringList { QStringLiteral("OLD") }); // untouched
}

void TestSqliteLegacyFile::twoOldFilesTheNewestMoves()
{
    QVERIFY(makeStore(ctlFile(), QStringLiteral("CTL"), 0));
    QVERIFY(makeStore(consoleFile(), QStringLiteral("CONSOLE"), 1));
    for (const char *suffix : { "", "-wal", "-shm" })
        if (QFileInfo::exists(ctlFile() + QLatin1String(suffix)))
            setAge(ctlFile() + QLatin1String(suffix), 3600);
    const LegacyFileMove m = moveLegacyLeaseFile(target(), legacy());
    QVERIFY(m.moved);
    QCOMPARE(activeIds(target()), QStringList { QStringLiteral("CONSOLE") });
    QCOMPARE(m.messages.size(), 2);
    QVERIFY(m.messages.at(1).contains(ctlFile())); // the other one is named, and kept
    QCOMPARE(activeIds(ctlFile()), QStringList { QStringLiteral("CTL") });
}

void TestSqliteLegacyFile::damagedOldFileIsLeftAlone()
{
    QDir().mkpath(QFileInfo(ctlFile()).path());
    QFile bad(ctlFile());
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(QByteArray(4096, 'x'));
    bad.close();
    const LegacyFileMove m = moveLegacyLeaseFile(target(), legacy());
    QVERIFY(!m.moved);
    QVERIFY(m.error);
    QVERIFY2(m.error->message.contains(ctlFile()), qPrintable(m.error->message));
    QVERIFY(!QFileInfo::exists(target())); // no empty store in its place
    QCOMPARE(QFileInfo(ctlFile()).size(), qint64(4096));
}

QTEST_GUILESS_MAIN(TestSqliteLegacyFile)
#include "tst_sqlitelegacyfile.moc"
