#include "lease/redisdurability.h"

#include <QCoreApplication>

namespace gpupool::lease {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::RedisLeaseStore", text);
}

} // namespace

QStringList durabilityWarnings(const QString &storeName, const QString &appendonly, const QString &appendfsync)
{
    if (appendonly == QLatin1String("no"))
        return { tr("The Redis server of %1 keeps leases only in memory (appendonly no): if it restarts, every "
                    "lease and fence number is lost and a GPU in use can be granted to someone else. Set "
                    "\"appendonly yes\" and \"appendfsync always\".")
                     .arg(storeName) };
    if (appendonly == QLatin1String("yes") && !appendfsync.isEmpty() && appendfsync != QLatin1String("always"))
        return { tr("The Redis server of %1 syncs its append-only file only \"%2\": a lease acknowledged just "
                    "before a crash can be lost and its GPU granted to someone else. Set \"appendfsync always\".")
                     .arg(storeName, appendfsync) };
    return {};
}

} // namespace gpupool::lease
