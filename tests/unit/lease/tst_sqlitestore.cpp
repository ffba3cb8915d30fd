// What only the SQLite store has: a file that outlives the process, a schema
// with versions, and files it must refuse without touching them. (Read-only
// files are refused too; that needs an unprivileged user, so it is checked in
// tests/integration/lease with the helper program.)
#include "lease/sqliteleasestore.h"
#include "lease/sqliteschema.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace gpupool::lease;

namespace {

constexpr qint64 T0 = 1'893'456'000'000;
constexpr qint64 Hour = 3600 * 1000;
const QString Alice = QStringLiteral("alice@ws1");

GrantSpec spec(const QString &id, int gpu)
{
    return { id, QStringLiteral("srv1"), gpu, Alice, QString(), LeaseKind::Interactive, Hour };
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Runs SQL on a file through a connection of its own, as another program would.
bool rawExec(const QString &path, const QStringList &statements)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        for (const QString &s : statements)
            ok = ok && q.exec(s);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return ok;
}

QString rawValue(const QString &path, const QString &sql)
{
    QString value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                value = q.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return value;
}

} // namespace

class TestSqliteStore : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void leasesSurviveReopening();
    void fencesGrowAcrossReopening();
    void createsFolderAndUsesWal();
    void defaultPathIsPerUserData();
    void migratesAnOlderFile();
    void refusesANewerFile();
    void refusesGarbage_data();
    void refusesGarbage();
    void refusesSomeoneElsesDatabase();
    void seesChangesFromAnotherConnection();
    void twoStoresOnOneFileNeverShareAGpu();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path() const { return m_dir->filePath(QStringLiteral("leases.sqlite")); }
};

void TestSqliteStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSqliteStore::leasesSurviveReopening()
{
    Lease granted;
    {
        auto store = SqliteLeaseStore::open(path());
        QVERIFY(store);
        auto r = (*store)->grant({ spec(QStringLiteral("L1"), 0), spec(QStringLiteral("L2"), 1) }, T0);
        QVERIFY(r);
        granted = r->first();
        QVERIFY((*store)->end(QStringLiteral("L2"), Alice, EndReason::Released, T0 + 1));
    }
    auto store = SqliteLeaseStore::open(path());
    QVERIFY(store);
    QCOMPARE(*(*store)->activeLeases(), QList<Lease> { granted });
    QCOMPARE((*store)->history(5)->size(), 1);
    QCOMPARE((*store)->history(5)->first().lease.id, QStringLiteral("L2"));
}

void TestSqliteStore::fencesGrowAcrossReopening()
{
    for (int round = 1; round <= 3; ++round) {
        auto store = SqliteLeaseStore::open(path());
        QVERIFY(store);
        const QString id = QStringLiteral("R%1").arg(round);
        auto r = (*store)->grant({ spec(id, 0) }, T0 + round);
        QVERIFY(r);
        QCOMPARE(r->first().fence, quint64(round));
        QVERIFY((*store)->end(id, Alice, EndReason::Released, T0 + round));
    }
}

void TestSqliteStore::createsFolderAndUsesWal()
{
    const QString nested = m_dir->filePath(QStringLiteral("a/b/leases.sqlite"));
    auto store = SqliteLeaseStore::open(nested);
    QVERIFY2(store, store ? "" : qPrintable(store.error().message));
    QCOMPARE((*store)->schemaVersion(), sqliteschema::currentVersion());
    QVERIFY((*store)->grant({ spec(QStringLiteral("L1"), 0) }, T0));
    QCOMPARE(rawValue(nested, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("wal"));
}

void TestSqliteStore::defaultPathIsPerUserData()
{
    QVERIFY(SqliteLeaseStore::defaultPath().endsWith(QStringLiteral("/leases.sqlite")));
    QVERIFY(QDir::isAbsolutePath(SqliteLeaseStore::defaultPath()));
}

void TestSqliteStore::migratesAnOlderFile()
{
    // A file as the first release left it: schema 1, with a lease in it.
    QStringList v1 = sqliteschema::migrations().first().statements;
    QCOMPARE(sqliteschema::migrations().first().toVersion, 1);
    v1 << QStringLiteral("INSERT INTO leases VALUES ('OLD', 'srv1:3', 'srv1', 3, 'alice@ws1', 'kept', "
                         "'interactive', %1, %2, 7)")
              .arg(T0)
              .arg(T0 + Hour)
       << QStringLiteral("INSERT INTO fences VALUES ('srv1:3', 7)") << QStringLiteral("PRAGMA user_version = 1");
    QVERIFY(rawExec(path(), v1));

    auto store = SqliteLeaseStore::open(path());
    QVERIFY2(store, store ? "" : qPrintable(store.error().message));
    QCOMPARE((*store)->schemaVersion(), sqliteschema::currentVersion());
    const QList<Lease> active = *(*store)->activeLeases();
    QCOMPARE(active.size(), 1);
    QCOMPARE(active.first().note, QStringLiteral("kept"));
    QCOMPARE(active.first().fence, quint64(7));
    QCOMPARE(rawValue(path(), QStringLiteral("PRAGMA user_version")).toInt(), sqliteschema::currentVersion());
    QCOMPARE(rawValue(path(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'leases_by_expiry'")),
             QStringLiteral("1"));
}

void TestSqliteStore::refusesANewerFile()
{
    QVERIFY(rawExec(path(), { QStringLiteral("CREATE TABLE leases (x)"), QStringLiteral("PRAGMA user_version = 99") }));
    const QByteArray before = fileHash(path());
    auto store = SqliteLeaseStore::open(path());
    QVERIFY(!store);
    QCOMPARE(store.code(), ErrorCode::StoreTooNew);
    QVERIFY2(store.error().message.contains(QStringLiteral("newer gpupool")), qPrintable(store.error().message));
    QCOMPARE(fileHash(path()), before);
}

void TestSqliteStore::refusesGarbage_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("text") << QByteArray("this is not a database, it is a shopping list\n").repeated(100);
    QTest::newRow("short") << QByteArray("SQLite");
    QByteArray header("SQLite format 3\0", 16);
    QTest::newRow("right magic, garbage after") << header + QByteArray(4080, '\xee');
}

void TestSqliteStore::refusesGarbage()
{
    QFETCH(QByteArray, content);
    {
        QFile f(path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const QByteArray before = fileHash(path());
    auto store = SqliteLeaseStore::open(path());
    QVERIFY(!store);
    QCOMPARE(store.code(), ErrorCode::StoreCorrupt);
    QVERIFY2(store.error().message.contains(QStringLiteral("left as it is")), qPrintable(store.error().message));
    QCOMPARE(fileHash(path()), before);
    QVERIFY(!QFile::exists(path() + QStringLiteral("-wal")));
}

void TestSqliteStore::refusesSomeoneElsesDatabase()
{
    QVERIFY(rawExec(
        path(),
        { QStringLiteral("CREATE TABLE recipes (name TEXT)"), QStringLiteral("INSERT INTO recipes VALUES ('soup')") }));
    const QByteArray before = fileHash(path());
    auto store = SqliteLeaseStore::open(path());
    QVERIFY(!store);
    QCOMPARE(store.code(), ErrorCode::StoreCorrupt);
    QVERIFY2(store.error().message.contains(QStringLiteral("recipes")), qPrintable(store.error().message));
    QCOMPARE(fileHash(path()), before);
}

void TestSqliteStore::seesChangesFromAnotherConnection()
{
    auto a = SqliteLeaseStore::open(path());
    auto b = SqliteLeaseStore::open(path());
    QVERIFY(a && b);
    QVERIFY(!(*a)->changedElsewhere());
    QVERIFY((*a)->grant({ spec(QStringLiteral("L1"), 0) }, T0));
    QVERIFY(!(*a)->changedElsewhere()); // its own change
    QVERIFY((*b)->changedElsewhere());
    QVERIFY(!(*b)->changedElsewhere()); // once
    QCOMPARE((*b)->activeLeases()->size(), 1);
}

void TestSqliteStore::twoStoresOnOneFileNeverShareAGpu()
{
    auto a = SqliteLeaseStore::open(path());
    auto b = SqliteLeaseStore::open(path());
    QVERIFY(a && b);
    QVERIFY((*a)->grant({ spec(QStringLiteral("A"), 0) }, T0));
    const auto r = (*b)->grant({ { QStringLiteral("B"), QStringLiteral("srv1"), 0, QStringLiteral("bob@ws2"), QString(),
                                   LeaseKind::Programmatic, Hour } },
                               T0);
    QCOMPARE(r.code(), ErrorCode::GpuTaken);
    // B may release nothing of A's either.
    QCOMPARE((*b)->end(QStringLiteral("A"), QStringLiteral("bob@ws2"), EndReason::Released, T0).code(),
             ErrorCode::NotOwner);
    QCOMPARE((*a)->activeLeases()->size(), 1);
}

QTEST_GUILESS_MAIN(TestSqliteStore)
#include "tst_sqlitestore.moc"
