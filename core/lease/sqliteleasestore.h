#pragma once

#include "lease/leasestore.h"

#include <QString>
#include <memory>
#include <optional>

class QSqlQuery;

// The default LeaseStore: one SQLite file per user (under the data location),
// shared by the console and the command line on the same machine.
//
// Safe for several programs at once: every change runs in a
// `BEGIN IMMEDIATE` transaction (one writer at a time, others wait up to the
// busy timeout) and the database itself holds at most one lease per GPU (a
// unique index), so two programs can never both hold one GPU. WAL lets
// readers go on while one program writes.
//
// A file it cannot trust is never changed: a file that is not SQLite, a
// damaged one, one written by a newer gpupool, or one it may not write is
// refused with one clear line, before anything is written to it.
namespace gpupool::lease {

class SqliteLeaseStore final : public LeaseStore
{
public:
    struct Options
    {
        // How long to wait for another program's transaction to end.
        int busyTimeoutMs = 5000;
    };

    // Opens (creating it when missing) and brings the schema up to date. Needs
    // a QCoreApplication (Qt loads the SQLite driver as a plugin).
    static Result<std::unique_ptr<SqliteLeaseStore>> open(const QString &path, const Options &options);
    static Result<std::unique_ptr<SqliteLeaseStore>> open(const QString &path) { return open(path, Options()); }
    // $XDG_DATA_HOME/gpupool/leases.sqlite (~/.local/share/gpupool/leases.sqlite),
    // the same for every gpupool program.
    static QString defaultPath();

    ~SqliteLeaseStore() override;
    SqliteLeaseStore(const SqliteLeaseStore &) = delete;
    SqliteLeaseStore &operator=(const SqliteLeaseStore &) = delete;

    QString path() const { return m_path; }
    int schemaVersion() const { return m_schemaVersion; }

    Result<QList<Lease>> grant(const QList<GrantSpec> &specs, qint64 nowMs, const SettingUpdate *update = nullptr,
                               const QueueCheck *queue = nullptr) override;
    Result<LeaseEnd> end(const QString &leaseId, const QString &by, EndReason reason, qint64 nowMs) override;
    Result<Lease> renew(const QString &leaseId, const QString &by, qint64 newExpiresMs, qint64 nowMs) override;
    Result<QList<LeaseEnd>> expireDue(qint64 nowMs, const QString &noticedBy) override;
    Result<QList<Lease>> activeLeases() override;
    Result<QList<LeaseEnd>> history(int limit) override;
    Result<quint64> lastFence(const QString &gpuId) override;
    Result<QString> poolSetting(const QString &name) override;
    Status setPoolSetting(const QString &name, const QString &value) override;
    Result<QueueEntry> enqueue(const QueueEntry &entry, qint64 nowMs) override;
    Result<QueueSnapshot> queue(qint64 nowMs) override;
    Status heartbeat(const QList<quint64> &ids, qint64 nowMs) override;
    Result<bool> dequeue(quint64 id, const QString &by) override;
    bool changedElsewhere() override;

private:
    struct Statements;
    class Transaction;

    SqliteLeaseStore(QString path, QString connection, Options options);
    Status prepareFile();
    Status migrate();
    Status prepareStatements(bool transactionOnly);

    // Runs a prepared statement; on failure returns the error, named by `doing`.
    Status run(QSqlQuery &query, const char *doing);
    LeaseError failure(const QSqlQuery &query, const char *doing) const;

    Result<std::optional<Lease>> activeById(const QString &leaseId);
    Result<std::optional<Lease>> activeByGpu(const QString &gpuId);
    Result<std::optional<LeaseEnd>> endedById(const QString &leaseId);
    Result<quint64> fenceOf(const QString &gpuId);
    Status finish(const LeaseEnd &end);
    // Inside a transaction the caller holds.
    Status writeSetting(const QString &name, const QString &value);
    // A counter in pool_settings, moved by one (inside a transaction).
    Result<quint64> bump(const char *name);
    Result<quint64> counter(const char *name);
    // The error for a lease id that is not active: ended before, or unknown.
    LeaseError notActive(const QString &leaseId);
    Result<QList<Lease>> leases(QSqlQuery &query, const char *doing);

    QString m_path;
    QString m_connection;
    Options m_options;
    int m_schemaVersion = 0;
    qint64 m_dataVersion = -1;
    std::unique_ptr<Statements> m_sql;
};

} // namespace gpupool::lease
