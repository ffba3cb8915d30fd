#include "pool/storefactory.h"

#include "endpoint/secretstore.h"
#include "lease/redisleasestore.h"
#include "lease/redisurl.h"
#include "lease/sqliteleasestore.h"
#include "lease/sqlitelegacyfile.h"

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

Result<AllocatorHost::StoreMaker> storeRecipe(const StoreSpec &spec, const StoreRecipeOptions &options,
                                              QStringList *warnings)
{
    using Made = lease::Result<std::unique_ptr<lease::LeaseStore>>;
    if (spec.kind == StoreSpec::Kind::Sqlite) {
        if (options.defaultFile) {
            const lease::LegacyFileMove move
                = lease::moveLegacyLeaseFile(spec.sqlitePath, lease::legacyDefaultLeaseFiles());
            if (warnings)
                *warnings += move.messages;
            if (move.error)
                return Error::fromLease(*move.error);
        }
        return AllocatorHost::StoreMaker([path = spec.sqlitePath]() -> Made {
            lease::Result<std::unique_ptr<lease::SqliteLeaseStore>> opened = lease::SqliteLeaseStore::open(path);
            if (!opened)
                return opened.error();
            return std::unique_ptr<lease::LeaseStore>(std::move(opened.value()));
        });
    }
    QString why;
    std::optional<lease::RedisUrl> url = lease::RedisUrl::parse(spec.redisUrl, &why);
    if (!url)
        return Error { ErrorCode::BadStoreUrl, why, Error::Severity::Error };
    if (!url->password && options.secrets)
        url->password = options.secrets->apiKey(url->secretId());
    lease::RedisLeaseStore::Options ro;
    ro.live = options.live;
    ro.clock = options.clock;
    ro.random = options.random;
    // The store connects as it is made: on the thread that opens it.
    return AllocatorHost::StoreMaker([url = *url, ro]() -> Made {
        return std::unique_ptr<lease::LeaseStore>(std::make_unique<lease::RedisLeaseStore>(url, ro));
    });
}

} // namespace gpupool::pool
