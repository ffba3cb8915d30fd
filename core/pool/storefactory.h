#pragma once

#include "lease/leasestore.h"
#include "pool/poolerror.h"

#include <QString>
#include <memory>
#include <variant>

namespace gpupool::endpoint {
class SecretStore;
}

// The lease store a URL names (config::Settings::storeUrl).
namespace gpupool::pool {

struct StoreSpec
{
    enum class Kind : quint8 { Sqlite, Redis };
    Kind kind = Kind::Sqlite;
    QString sqlitePath; // Sqlite
    QString redisUrl; // Redis, as given
    QString displayUrl; // without a password

    // "sqlite:PATH", "redis://...", "rediss://...", "unix://..."; empty: the
    // default SQLite file. Anything else: BadStoreUrl naming what is valid.
    static Result<StoreSpec> parse(const QString &url);
    static QString defaultSqlitePath();
};

} // namespace gpupool::pool
