#pragma once

#include <QString>
#include <QStringList>

// Why `appendfsync always` matters for leases: Redis acknowledges a script
// before it is on disk unless the append-only file is synced on every write.
// A lease acknowledged and then lost in a crash can hand one GPU to two people
// (and its fence number is given out again). This reads the server's
// persistence settings (CONFIG GET) and words a warning for each weakness.
namespace gpupool::lease {

// `appendonly` and `appendfsync` as CONFIG GET reports them; empty when the
// server would not say. Returns no warning when both are as they should be or
// nothing is known.
QStringList durabilityWarnings(const QString &storeName, const QString &appendonly, const QString &appendfsync);

} // namespace gpupool::lease
