#pragma once

#include "pool/allocatorhost.h"
#include "pool/poolerror.h"

#include "lease/leasestore.h"

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

struct StoreRecipeOptions
{
    bool defaultFile = false; // the URL was empty: an older default file may move here first
    bool live = true; // a Redis store watches for others' changes
    const gpupool::MonotonicClock *clock = nullptr;
    gpupool::RandomSource *random = nullptr;
    const endpoint::SecretStore *secrets = nullptr; // the Redis password, when the URL has none
};

// How to make the store a spec names, on whichever thread opens it
// (AllocatorHost::open). What must happen on the caller's thread happens
// here: the keyring is read, and an older default lease file is moved into
// place (`warnings` say so).
Result<AllocatorHost::StoreMaker> storeRecipe(const StoreSpec &spec, const StoreRecipeOptions &options,
                                              QStringList *warnings);

} // namespace gpupool::pool
