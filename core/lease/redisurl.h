#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

// Where a shared lease store lives (--store), parsed from one of:
//   redis://[[user]:password@]host[:port][/db][?cluster=NAME]
//   unix:///path/to/redis.sock[?cluster=NAME&db=N&password=...]
// Keys live under the cluster name (default "default"), so several GPU fleets
// can share one Redis. A password in the URL wins over one from a SecretStore.
namespace gpupool::lease {

struct RedisUrl
{
    static constexpr int DefaultPort = 6379;

    QString host; // empty for a unix socket
    int port = DefaultPort;
    QString socketPath; // set for unix://
    int db = 0;
    QString cluster = QStringLiteral("default");
    QString user; // Redis 6 ACL user; empty: the default user
    std::optional<QByteArray> password;
    // history=N: how many ended leases the store keeps for history()
    // (RedisLeaseStore::Options::historyKept when not given).
    std::optional<int> historyKept;
    static constexpr int MaxHistoryKept = 10'000'000;

    bool isUnix() const { return !socketPath.isEmpty(); }
    // The URL without its password: safe for messages and logs.
    QString toDisplayString() const;
    // The name a password is kept under in a SecretStore: "redis:" followed
    // by the display form without the query, e.g. "redis:redis://gpu-redis:6379/0".
    QString secretId() const;
    // "gpupool:{NAME}:": the braces keep every key of a cluster in one Redis
    // Cluster hash slot, which Lua scripts need.
    QByteArray keyPrefix() const;

    // nullopt and, if given, *error set to one translated line naming the
    // part that is wrong and what is valid.
    static std::optional<RedisUrl> parse(const QString &text, QString *error = nullptr);
    // True for text that names a Redis store at all (redis://, rediss://, unix://).
    static bool looksLikeRedis(const QString &text);
};

} // namespace gpupool::lease
