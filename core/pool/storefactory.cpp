#include "pool/storefactory.h"

#include "lease/redisurl.h"
#include "lease/sqliteleasestore.h"

#include <QCoreApplication>
#include <QDir>

namespace gpupool::pool {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::pool::StoreSpec", text);
}

} // namespace

QString StoreSpec::defaultSqlitePath()
{
    return lease::SqliteLeaseStore::defaultPath();
}

Result<StoreSpec> StoreSpec::parse(const QString &text)
{
    const QString url = text.trimmed();
    StoreSpec spec;
    if (url.isEmpty()) {
        spec.sqlitePath = defaultSqlitePath();
        spec.displayUrl = QStringLiteral("sqlite:") + spec.sqlitePath;
        return spec;
    }
    if (url.startsWith(QLatin1String("sqlite:"), Qt::CaseInsensitive)) {
        QString path = url.mid(7);
        // "sqlite:///abs/path" and "sqlite://" + relative are common spellings.
        if (path.startsWith(QLatin1String("//")))
            path = path.mid(2);
        if (path.isEmpty())
            return Error {
                ErrorCode::BadStoreUrl,
                tr("Lease store \"%1\" names no file: write sqlite:PATH, e.g. sqlite:/tmp/leases.sqlite.").arg(url),
                Error::Severity::Error
            };
        spec.sqlitePath = QDir::cleanPath(path);
        spec.displayUrl = QStringLiteral("sqlite:") + spec.sqlitePath;
        return spec;
    }
    if (lease::RedisUrl::looksLikeRedis(url)) {
        QString why;
        const std::optional<lease::RedisUrl> redis = lease::RedisUrl::parse(url, &why);
        if (!redis)
            return Error { ErrorCode::BadStoreUrl, why, Error::Severity::Error };
        spec.kind = Kind::Redis;
        spec.redisUrl = url;
        spec.displayUrl = redis->toDisplayString();
        return spec;
    }
    return Error { ErrorCode::BadStoreUrl,
                   tr("Lease store \"%1\" is not understood: use sqlite:PATH, redis://HOST[:PORT][/DB] "
                      "or unix:///PATH/TO/SOCKET.")
                       .arg(url),
                   Error::Severity::Error };
}

} // namespace gpupool::pool
