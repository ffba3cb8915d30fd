#pragma once

#include "lease/redisurl.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <csignal>
#include <memory>

struct redisContext;
struct redisReply;

// One blocking connection to Redis (hiredis' synchronous API) with a time
// limit on connecting and on every reply. The lease store's operations are
// synchronous (LeaseStore is), and one short Lua script per operation on a
// nearby server costs a fraction of a millisecond, so blocking is the simple
// and honest choice; live updates come over a separate asynchronous
// connection (RedisSubscriber).
namespace gpupool::lease {

// hiredis writes with write(2), not send(MSG_NOSIGNAL): a write to a server
// that just died raises SIGPIPE, which ends the program (or trips a test
// framework's crash handler) instead of failing the call. While one of these
// lives, SIGPIPE is blocked in this thread and one raised meanwhile is
// swallowed; the program's own SIGPIPE handling is left as it was.
class RedisNoSigpipe
{
public:
    RedisNoSigpipe();
    ~RedisNoSigpipe();
    RedisNoSigpipe(const RedisNoSigpipe &) = delete;
    RedisNoSigpipe &operator=(const RedisNoSigpipe &) = delete;

private:
    sigset_t m_pipe;
    sigset_t m_old;
    bool m_wasPending = false;
};

struct RedisReplyDeleter
{
    void operator()(redisReply *reply) const;
};
using RedisReplyPtr = std::unique_ptr<redisReply, RedisReplyDeleter>;

class RedisConnection
{
public:
    explicit RedisConnection(int timeoutMs = 2000) : m_timeoutMs(timeoutMs) {}
    ~RedisConnection();
    RedisConnection(const RedisConnection &) = delete;
    RedisConnection &operator=(const RedisConnection &) = delete;

    // Connects, authenticates when a password is given and selects the
    // database. On failure returns false, closes, and sets *error to one
    // line that says what failed (never the password).
    bool open(const RedisUrl &url, const std::optional<QByteArray> &password, QString *error);
    void close();
    bool isOpen() const { return m_ctx != nullptr; }

    // Sends one command and waits for its reply. Returns null when the
    // connection failed (time-out, reset, closed): the connection is then
    // closed and *error says why. A Redis error reply is returned as a reply
    // (see isError()).
    RedisReplyPtr command(const QList<QByteArray> &args, QString *error);

    // Helpers for reading replies.
    static bool isError(const redisReply *reply);
    static QByteArray string(const redisReply *reply); // status, string, error text
    static qint64 integer(const redisReply *reply, qint64 fallback = 0);
    static qsizetype size(const redisReply *reply); // elements of an array
    static const redisReply *at(const redisReply *reply, qsizetype i);

private:
    int m_timeoutMs;
    redisContext *m_ctx = nullptr;
};

} // namespace gpupool::lease
