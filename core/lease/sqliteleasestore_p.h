#pragma once

// Private to sqliteleasestore*.cpp: the prepared statements and the
// transaction guard, shared by the file that opens the store and the file
// that runs its operations.
#include "lease/sqliteleasestore.h"

#include <QSqlQuery>

namespace gpupool::lease {

// Prepared once at open: preparing costs more than running, and a grant runs
// half a dozen of them.
struct SqliteLeaseStore::Statements
{
    QSqlQuery begin, commit, rollback;
    QSqlQuery activeById, activeByGpu, activeAll, activeDue;
    QSqlQuery endedById, historyNewest;
    QSqlQuery fence, setFence;
    QSqlQuery insertLease, deleteLease, setExpiry, insertHistory;
    QSqlQuery dataVersion;
    QSqlQuery setting, setSetting;
    QSqlQuery queueInsert, queueAll, queueDeleteStale, queueBeat, queueOwner, queueDelete;
};

// BEGIN IMMEDIATE takes the write lock at once: a deferred transaction that
// reads first and writes later can fail with SQLITE_BUSY without waiting,
// when another program wrote in between. Rolls back unless committed.
class SqliteLeaseStore::Transaction
{
public:
    explicit Transaction(SqliteLeaseStore &store) : m_store(store) {}
    ~Transaction()
    {
        if (m_open)
            m_store.m_sql->rollback.exec();
    }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    Status begin()
    {
        if (Status s = m_store.run(m_store.m_sql->begin, "start a transaction"))
            return s;
        m_open = true;
        return std::nullopt;
    }
    Status commit()
    {
        if (Status s = m_store.run(m_store.m_sql->commit, "commit"))
            return s;
        m_open = false;
        return std::nullopt;
    }

private:
    SqliteLeaseStore &m_store;
    bool m_open = false;
};

// Columns in the order the row readers of sqliteleasestore.cpp expect them;
// the history's first nine are a lease's.
inline constexpr const char *LeaseColumns
    = "id, endpoint_id, local_gpu_id, owner, note, kind, created_ms, expires_ms, fence";
inline constexpr const char *HistoryColumns
    = "lease_id, endpoint_id, local_gpu_id, owner, note, kind, created_ms, expires_ms, fence, "
      "reason, ended_by, ended_ms";

} // namespace gpupool::lease
