#include "lease/sqliteschema.h"

namespace gpupool::lease::sqliteschema {

const QList<Migration> &migrations()
{
    static const QList<Migration> steps {
        // 1: active leases (one per GPU, enforced by the database itself so
        // two programs cannot both insert one), the last fence per GPU (kept
        // for ever so fences never go back), and how every lease ended.
        { 1,
          {
              QStringLiteral("CREATE TABLE leases ("
                             " id TEXT PRIMARY KEY NOT NULL,"
                             " gpu_id TEXT NOT NULL,"
                             " endpoint_id TEXT NOT NULL,"
                             " local_gpu_id INTEGER NOT NULL,"
                             " owner TEXT NOT NULL,"
                             " note TEXT NOT NULL DEFAULT '',"
                             " kind TEXT NOT NULL,"
                             " created_ms INTEGER NOT NULL,"
                             " expires_ms INTEGER NOT NULL,"
                             " fence INTEGER NOT NULL)"),
              QStringLiteral("CREATE UNIQUE INDEX leases_one_per_gpu ON leases(gpu_id)"),
              QStringLiteral("CREATE TABLE fences ("
                             " gpu_id TEXT PRIMARY KEY NOT NULL,"
                             " last_fence INTEGER NOT NULL)"),
              QStringLiteral("CREATE TABLE history ("
                             " lease_id TEXT PRIMARY KEY NOT NULL,"
                             " gpu_id TEXT NOT NULL,"
                             " endpoint_id TEXT NOT NULL,"
                             " local_gpu_id INTEGER NOT NULL,"
                             " owner TEXT NOT NULL,"
                             " note TEXT NOT NULL,"
                             " kind TEXT NOT NULL,"
                             " created_ms INTEGER NOT NULL,"
                             " expires_ms INTEGER NOT NULL,"
                             " fence INTEGER NOT NULL,"
                             " reason TEXT NOT NULL,"
                             " ended_by TEXT NOT NULL,"
                             " ended_ms INTEGER NOT NULL)"),
          } },
        // 2: the expiry sweep runs on every tick of every program; without an
        // index it reads the whole table. The history of one GPU is what the
        // console shows when a GPU is selected.
        { 2,
          {
              QStringLiteral("CREATE INDEX leases_by_expiry ON leases(expires_ms)"),
              QStringLiteral("CREATE INDEX history_by_gpu ON history(gpu_id)"),
          } },
        // 3: settings of the pool itself (the balancing strategy), which every
        // program on the file shares rather than each keeping its own.
        { 3,
          {
              QStringLiteral("CREATE TABLE pool_settings ("
                             " name TEXT PRIMARY KEY NOT NULL,"
                             " value TEXT NOT NULL)"),
          } },
        // 4: the wait queue, shared like the leases (lease/queueentry.h). The
        // record is the entry as JSON; what SQL itself must read (who, and
        // whether its heartbeat went stale) has columns. Ids and the queue's
        // version are counters in pool_settings, so ids are never reused.
        { 4,
          {
              QStringLiteral("CREATE TABLE queue ("
                             " id INTEGER PRIMARY KEY NOT NULL,"
                             " owner TEXT NOT NULL,"
                             " heartbeat_ms INTEGER NOT NULL,"
                             " stale_after_ms INTEGER NOT NULL,"
                             " record TEXT NOT NULL)"),
          } },
    };
    return steps;
}

int currentVersion()
{
    return migrations().last().toVersion;
}

const QStringList &tableNames()
{
    static const QStringList names { QStringLiteral("fences"), QStringLiteral("history"), QStringLiteral("leases"),
                                     QStringLiteral("pool_settings"), QStringLiteral("queue") };
    return names;
}

} // namespace gpupool::lease::sqliteschema
