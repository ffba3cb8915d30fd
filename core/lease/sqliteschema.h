#pragma once

#include <QList>
#include <QStringList>

// The lease database's schema, as the list of steps that build it. A file's
// version is SQLite's `PRAGMA user_version`: 0 for a new file, then the
// `toVersion` of the last step applied. Steps are only ever appended; a step
// once released is never edited, because files out there already went
// through it.
namespace gpupool::lease::sqliteschema {

struct Migration
{
    int toVersion = 0;
    QStringList statements;
};

const QList<Migration> &migrations();
int currentVersion();

// The tables a gpupool lease file has; a version-0 file holding other tables
// is someone else's database and is left alone.
const QStringList &tableNames();

// Counters kept in pool_settings (schema 4): the wait queue's version (moved
// by every enqueue, dequeue and serve) and its last id (ids never reused).
inline constexpr char QueueVersion[] = "queue.version";
inline constexpr char QueueLastId[] = "queue.last_id";

} // namespace gpupool::lease::sqliteschema
