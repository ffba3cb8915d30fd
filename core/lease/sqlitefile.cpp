// Opening the lease file: checks that come before SQLite may write anything,
// the schema migrations, and what SQLite's errors mean to a user; and the
// pool settings, counters included, that the operations build on.
#include "lease/sqliteleasestore_p.h"

#include "lease/sqliteschema.h"
#include "util/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QStandardPaths>
#include <atomic>
#include <iterator>

namespace gpupool::lease {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::SqliteLeaseStore", text);
}

// SQLite's primary result codes that mean something to a user.
enum SqliteCode { Busy = 5, Locked = 6, ReadOnly = 8, Corrupt = 11, NotADatabase = 26 };

LeaseError corrupt(const QString &path, const QString &detail)
{
    return { ErrorCode::StoreCorrupt,
             tr("The lease database %1 is damaged or is not a gpupool lease database (%2). It was left "
                "as it is; move it away to start with an empty one.")
                 .arg(QDir::toNativeSeparators(path), detail) };
}

LeaseError readOnly(const QString &path, const QString &what)
{
    return { ErrorCode::StoreReadOnly,
             tr("The lease database %1 cannot be written: %2 is read-only. gpupool needs to write the file "
                "and, for SQLite's journal, its folder.")
                 .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(what)) };
}

// Refuses, before SQLite opens it, a file that does not start like an SQLite
// database: opening is lazy, but the first write would be real.
Status checkHeader(const QString &path)
{
    QFile file(path);
    if (file.size() == 0)
        return std::nullopt; // an empty file is a new database
    if (!file.open(QIODevice::ReadOnly))
        return LeaseError {
            ErrorCode::StoreFailed,
            tr("Cannot read the lease database %1: %2").arg(QDir::toNativeSeparators(path), file.errorString())
        };
    static const QByteArray magic("SQLite format 3\0", 16);
    if (file.read(100).size() < 100 || !file.seek(0) || file.read(16) != magic)
        return corrupt(path, tr("it is not an SQLite file"));
    return std::nullopt;
}

} // namespace

QString SqliteLeaseStore::defaultPath()
{
    // Not AppDataLocation: that holds the program's name, and every gpupool
    // program must find the same file (one pool).
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/gpupool/leases.sqlite");
}

Result<std::unique_ptr<SqliteLeaseStore>> SqliteLeaseStore::open(const QString &path, const Options &options)
{
    if (path.isEmpty())
        return LeaseError { ErrorCode::InvalidArgument, tr("No lease database file was given.") };
    const QFileInfo info(path);
    if (info.exists()) {
        if (!info.isFile())
            return LeaseError { ErrorCode::StoreFailed,
                                tr("The lease database %1 is not a file.").arg(QDir::toNativeSeparators(path)) };
        if (Status bad = checkHeader(path))
            return *bad;
        if (!info.isWritable())
            return readOnly(path, path);
    }
    const QString folder = info.absolutePath();
    if (!QDir().mkpath(folder))
        return LeaseError {
            ErrorCode::StoreFailed,
            tr("Cannot create the folder %1 for the lease database.").arg(QDir::toNativeSeparators(folder))
        };
    if (!QFileInfo(folder).isWritable())
        return readOnly(path, folder);

    // A connection per store: Qt's connections are named and per thread, and
    // a test or the benchmark may open several stores at once.
    static std::atomic<int> counter { 0 };
    const QString connection = QStringLiteral("gpupool.lease.%1").arg(++counter);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        if (!db.isValid()) {
            QSqlDatabase::removeDatabase(connection);
            return LeaseError { ErrorCode::StoreFailed,
                                tr("Qt's SQLite driver is missing (package libqt6sql6-sqlite).") };
        }
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs));
        if (!db.open()) {
            const QString detail = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connection);
            return LeaseError {
                ErrorCode::StoreFailed,
                tr("Cannot open the lease database %1: %2").arg(QDir::toNativeSeparators(path), detail)
            };
        }
    }
    std::unique_ptr<SqliteLeaseStore> store(new SqliteLeaseStore(path, connection, options));
    if (Status s = store->prepareFile())
        return *s;
    qCDebug(lcLease) << "opened" << path << "schema" << store->schemaVersion();
    return store;
}

SqliteLeaseStore::SqliteLeaseStore(QString path, QString connection, Options options)
    : m_path(std::move(path))
    , m_connection(std::move(connection))
    , m_options(options)
    , m_sql(std::make_unique<Statements>())
{
}

SqliteLeaseStore::~SqliteLeaseStore()
{
    // Statements first: Qt warns, and keeps the file open, while a query on
    // the connection still exists.
    m_sql.reset();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

Status SqliteLeaseStore::prepareFile()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    // The first read: a damaged header shows up here, before any write.
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return failure(q, "read the schema version");
    const int version = q.value(0).toInt();
    q.finish();
    if (version > sqliteschema::currentVersion())
        return LeaseError { ErrorCode::StoreTooNew,
                            tr("The lease database %1 was written by a newer gpupool (schema %2; this one "
                               "knows up to %3). It was left as it is.")
                                .arg(QDir::toNativeSeparators(m_path))
                                .arg(version)
                                .arg(sqliteschema::currentVersion()) };
    if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")))
        return failure(q, "read the list of tables");
    QStringList foreign;
    while (q.next()) {
        const QString name = q.value(0).toString();
        if (!name.startsWith(QLatin1String("sqlite_")) && !sqliteschema::tableNames().contains(name))
            foreign.append(name);
    }
    q.finish();
    if (version == 0 && !foreign.isEmpty())
        return corrupt(m_path, tr("it holds other tables: %1").arg(foreign.join(QStringLiteral(", "))));

    // A file cut short (a full disk, a copy broken off) or damaged inside can
    // pass every check above and fail later, mid-grant. quick_check reads
    // every page once (milliseconds for a lease file) and changes nothing.
    if (version > 0) {
        if (!q.exec(QStringLiteral("PRAGMA quick_check(5)")))
            return failure(q, "check the file's integrity");
        QStringList damage;
        while (q.next())
            damage.append(q.value(0).toString());
        q.finish();
        if (damage != QStringList { QStringLiteral("ok") })
            return corrupt(m_path, tr("integrity check: %1").arg(damage.join(QStringLiteral("; "))));
    }

    // WAL: the console's reads do not wait for the command line's writes.
    // NORMAL is durable across a crash of the program in WAL mode; only a
    // power cut can lose the last moments, which for leases that expire
    // anyway is a fair price for not syncing the disk on every grant.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next())
        return failure(q, "switch to write-ahead logging");
    if (q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        qCWarning(lcLease) << m_path << "stays in journal mode" << q.value(0).toString()
                           << "(file system without shared memory?)";
    q.finish();
    if (!q.exec(QStringLiteral("PRAGMA synchronous=NORMAL")))
        return failure(q, "set the sync mode");
    q.finish();

    // The transaction statements first: migrating needs them, and the
    // others can only be prepared once their tables exist.
    if (Status s = prepareStatements(true))
        return s;
    if (Status s = migrate())
        return s;
    if (Status s = prepareStatements(false))
        return s;
    changedElsewhere(); // remember where we start from
    return std::nullopt;
}

Status SqliteLeaseStore::migrate()
{
    Transaction tx(*this);
    if (Status s = tx.begin())
        return s;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    // Again inside the lock: another program may have migrated meanwhile.
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return failure(q, "read the schema version");
    int version = q.value(0).toInt();
    const int from = version;
    q.finish();
    for (const sqliteschema::Migration &step : sqliteschema::migrations()) {
        if (step.toVersion <= version)
            continue;
        for (const QString &statement : step.statements)
            if (!q.exec(statement))
                return failure(q, "update the schema");
        if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(step.toVersion)))
            return failure(q, "update the schema");
        version = step.toVersion;
    }
    if (Status s = tx.commit())
        return s;
    // Upgrading someone's existing file is worth a line; creating one is not.
    if (from > 0 && from != version)
        qCInfo(lcLease) << m_path << "schema" << from << "->" << version;
    m_schemaVersion = version;
    return std::nullopt;
}

Status SqliteLeaseStore::prepareStatements(bool transactionOnly)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const QString cols = QString::fromLatin1(LeaseColumns);
    const QString hcols = QString::fromLatin1(HistoryColumns);
    const QString leaseSelect = QStringLiteral("SELECT ") + cols + QStringLiteral(" FROM leases ");
    const QString historySelect = QStringLiteral("SELECT ") + hcols + QStringLiteral(" FROM history ");
    const struct
    {
        QSqlQuery *query;
        QString sql;
    } all[] = {
        { &m_sql->begin, QStringLiteral("BEGIN IMMEDIATE") },
        { &m_sql->commit, QStringLiteral("COMMIT") },
        { &m_sql->rollback, QStringLiteral("ROLLBACK") },
        { &m_sql->activeById, leaseSelect + QStringLiteral("WHERE id = ?") },
        { &m_sql->activeByGpu, leaseSelect + QStringLiteral("WHERE gpu_id = ?") },
        { &m_sql->activeAll, leaseSelect + QStringLiteral("ORDER BY gpu_id") },
        { &m_sql->activeDue, leaseSelect + QStringLiteral("WHERE expires_ms <= ? ORDER BY expires_ms, id") },
        { &m_sql->endedById, historySelect + QStringLiteral("WHERE lease_id = ?") },
        { &m_sql->historyNewest, historySelect + QStringLiteral("ORDER BY rowid DESC LIMIT ?") },
        { &m_sql->fence, QStringLiteral("SELECT last_fence FROM fences WHERE gpu_id = ?") },
        { &m_sql->setFence,
          QStringLiteral("INSERT INTO fences (gpu_id, last_fence) VALUES (?, ?) "
                         "ON CONFLICT (gpu_id) DO UPDATE SET last_fence = excluded.last_fence") },
        { &m_sql->insertLease,
          QStringLiteral("INSERT INTO leases (gpu_id, ") + cols
              + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") },
        { &m_sql->deleteLease, QStringLiteral("DELETE FROM leases WHERE id = ?") },
        { &m_sql->setExpiry, QStringLiteral("UPDATE leases SET expires_ms = ? WHERE id = ?") },
        { &m_sql->insertHistory,
          QStringLiteral("INSERT INTO history (gpu_id, ") + hcols
              + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") },
        { &m_sql->dataVersion, QStringLiteral("PRAGMA data_version") },
        { &m_sql->setting, QStringLiteral("SELECT value FROM pool_settings WHERE name = ?") },
        { &m_sql->setSetting,
          QStringLiteral("INSERT INTO pool_settings (name, value) VALUES (?, ?) "
                         "ON CONFLICT (name) DO UPDATE SET value = excluded.value") },
        { &m_sql->queueInsert,
          QStringLiteral("INSERT INTO queue (id, owner, heartbeat_ms, stale_after_ms, record) "
                         "VALUES (?, ?, ?, ?, ?)") },
        { &m_sql->queueAll, QStringLiteral("SELECT id, heartbeat_ms, record FROM queue ORDER BY id") },
        { &m_sql->queueDeleteStale, QStringLiteral("DELETE FROM queue WHERE heartbeat_ms + stale_after_ms < ?") },
        { &m_sql->queueBeat, QStringLiteral("UPDATE queue SET heartbeat_ms = ? WHERE id = ?") },
        { &m_sql->queueOwner, QStringLiteral("SELECT record FROM queue WHERE id = ?") },
        { &m_sql->queueDelete, QStringLiteral("DELETE FROM queue WHERE id = ?") },
    };
    constexpr int TransactionStatements = 3;
    const int first = transactionOnly ? 0 : TransactionStatements;
    const int last = transactionOnly ? TransactionStatements : int(std::size(all));
    for (int i = first; i < last; ++i) {
        const auto &s = all[i];
        *s.query = QSqlQuery(db);
        if (!s.query->prepare(s.sql))
            return failure(*s.query, "prepare its statements");
    }
    return std::nullopt;
}

Status SqliteLeaseStore::run(QSqlQuery &query, const char *doing)
{
    if (query.exec())
        return std::nullopt;
    const LeaseError e = failure(query, doing);
    query.finish();
    return e;
}

LeaseError SqliteLeaseStore::failure(const QSqlQuery &query, const char *doing) const
{
    const QSqlError error = query.lastError();
    bool numeric = false;
    const int code = error.nativeErrorCode().toInt(&numeric) & 0xff; // primary code
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    qCWarning(lcLease) << m_path << "failed to" << doing << ":" << error.nativeErrorCode() << detail;
    if (numeric) {
        switch (code) {
        case NotADatabase:
        case Corrupt: return corrupt(m_path, detail);
        case ReadOnly: return readOnly(m_path, m_path);
        case Busy:
        case Locked:
            return { ErrorCode::StoreBusy,
                     tr("The lease database %1 stayed busy for more than %2 s (another gpupool program "
                        "is using it); nothing was changed. Try again.")
                         .arg(QDir::toNativeSeparators(m_path))
                         .arg(m_options.busyTimeoutMs / 1000.0) };
        default: break;
        }
    }
    return { ErrorCode::StoreFailed,
             tr("Could not %1 in the lease database %2: %3").arg(tr(doing), QDir::toNativeSeparators(m_path), detail) };
}

// The pool settings and the counters kept among them.
Result<QString> SqliteLeaseStore::poolSetting(const QString &name)
{
    QSqlQuery &q = m_sql->setting;
    q.addBindValue(name);
    if (Status s = run(q, "read a pool setting"))
        return *s;
    const QString value = q.next() ? q.value(0).toString() : QString();
    q.finish();
    return value;
}

Status SqliteLeaseStore::setPoolSetting(const QString &name, const QString &value)
{
    Transaction tx(*this);
    if (Status s = tx.begin())
        return s;
    if (Status s = writeSetting(name, value))
        return s;
    return tx.commit();
}

Status SqliteLeaseStore::writeSetting(const QString &name, const QString &value)
{
    m_sql->setSetting.addBindValue(name);
    m_sql->setSetting.addBindValue(value.isNull() ? QStringLiteral("") : value);
    return run(m_sql->setSetting, "write a pool setting");
}

Result<quint64> SqliteLeaseStore::counter(const char *name)
{
    const Result<QString> value = poolSetting(QString::fromLatin1(name));
    if (!value)
        return value.error();
    return value->toULongLong();
}

Result<quint64> SqliteLeaseStore::bump(const char *name)
{
    const Result<quint64> value = counter(name);
    if (!value)
        return value;
    if (Status s = writeSetting(QString::fromLatin1(name), QString::number(*value + 1)))
        return *s;
    return *value + 1;
}

} // namespace gpupool::lease
