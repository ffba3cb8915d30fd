#include "lease/redisconnection.h"

#include "util/logging.h"

#include <QCoreApplication>
#include <QFile>
#include <hiredis/hiredis.h>
#include <vector>

namespace gpupool::lease {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::RedisConnection", text);
}

timeval toTimeval(int ms)
{
    timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

QString contextError(const redisContext *ctx)
{
    if (!ctx)
        return tr("out of memory");
    const QString text = QString::fromLocal8Bit(ctx->errstr).trimmed();
    // hiredis says "Resource temporarily unavailable" for a read time-out.
    if (ctx->err == REDIS_ERR_IO
        && (text.contains(QLatin1String("temporarily unavailable")) || text.contains(QLatin1String("timed out"))))
        return tr("no answer in time");
    if (ctx->err == REDIS_ERR_EOF)
        return tr("the server closed the connection");
    return text.isEmpty() ? tr("connection error") : text;
}

} // namespace

RedisNoSigpipe::RedisNoSigpipe()
{
    sigemptyset(&m_pipe);
    sigaddset(&m_pipe, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    m_wasPending = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &m_pipe, &m_old);
}

RedisNoSigpipe::~RedisNoSigpipe()
{
    if (!m_wasPending) {
        // Swallow the SIGPIPE our write raised, before it can be delivered.
        sigset_t pending;
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE) == 1) {
            const timespec zero {};
            sigtimedwait(&m_pipe, nullptr, &zero);
        }
    }
    pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
}

void RedisReplyDeleter::operator()(redisReply *reply) const
{
    if (reply)
        freeReplyObject(reply);
}

RedisConnection::~RedisConnection()
{
    close();
}

bool RedisConnection::open(const RedisUrl &url, const std::optional<QByteArray> &password, QString *error)
{
    close();
    const RedisNoSigpipe noSigpipe;
    const timeval tv = toTimeval(m_timeoutMs);
    m_ctx = url.isUnix() ? redisConnectUnixWithTimeout(QFile::encodeName(url.socketPath).constData(), tv)
                         : redisConnectWithTimeout(url.host.toUtf8().constData(), url.port, tv);
    if (!m_ctx || m_ctx->err) {
        if (error)
            *error = contextError(m_ctx);
        close();
        return false;
    }
    redisSetTimeout(m_ctx, tv);
    if (!url.isUnix())
        redisEnableKeepAlive(m_ctx);
    QString why;
    if (password) {
        QList<QByteArray> auth { QByteArrayLiteral("AUTH") };
        if (!url.user.isEmpty())
            auth.append(url.user.toUtf8());
        auth.append(*password);
        const RedisReplyPtr r = command(auth, &why);
        if (!r || isError(r.get())) {
            if (error)
                *error = r ? tr("the password was refused (%1)").arg(QString::fromUtf8(string(r.get()))) : why;
            close();
            return false;
        }
    }
    const RedisReplyPtr r = command({ QByteArrayLiteral("SELECT"), QByteArray::number(url.db) }, &why);
    if (!r || isError(r.get())) {
        QString text = r ? QString::fromUtf8(string(r.get())) : why;
        if (text.startsWith(QLatin1String("NOAUTH")))
            text = tr("the server needs a password; give it in the URL or keep it in the keychain");
        if (error)
            *error = text;
        close();
        return false;
    }
    return true;
}

void RedisConnection::close()
{
    if (m_ctx)
        redisFree(m_ctx);
    m_ctx = nullptr;
}

RedisReplyPtr RedisConnection::command(const QList<QByteArray> &args, QString *error)
{
    if (!m_ctx) {
        if (error)
            *error = tr("not connected");
        return nullptr;
    }
    std::vector<const char *> argv;
    std::vector<size_t> argvlen;
    argv.reserve(size_t(args.size()));
    argvlen.reserve(size_t(args.size()));
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        argvlen.push_back(size_t(a.size()));
    }
    const RedisNoSigpipe noSigpipe;
    void *reply = redisCommandArgv(m_ctx, int(argv.size()), argv.data(), argvlen.data());
    if (!reply) {
        // The context is unusable after an I/O or protocol error.
        if (error)
            *error = contextError(m_ctx);
        qCDebug(lcRedis) << "command failed:" << args.value(0) << contextError(m_ctx);
        close();
        return nullptr;
    }
    return RedisReplyPtr(static_cast<redisReply *>(reply));
}

bool RedisConnection::isError(const redisReply *reply)
{
    return reply && reply->type == REDIS_REPLY_ERROR;
}

QByteArray RedisConnection::string(const redisReply *reply)
{
    if (!reply)
        return {};
    switch (reply->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR: return QByteArray(reply->str, qsizetype(reply->len));
    case REDIS_REPLY_INTEGER: return QByteArray::number(reply->integer);
    default: return {};
    }
}

qint64 RedisConnection::integer(const redisReply *reply, qint64 fallback)
{
    if (!reply)
        return fallback;
    if (reply->type == REDIS_REPLY_INTEGER)
        return reply->integer;
    if (reply->type == REDIS_REPLY_STRING) {
        bool ok = false;
        const qint64 v = QByteArray(reply->str, qsizetype(reply->len)).toLongLong(&ok);
        return ok ? v : fallback;
    }
    return fallback;
}

qsizetype RedisConnection::size(const redisReply *reply)
{
    return reply && reply->type == REDIS_REPLY_ARRAY ? qsizetype(reply->elements) : 0;
}

const redisReply *RedisConnection::at(const redisReply *reply, qsizetype i)
{
    return i >= 0 && i < size(reply) ? reply->element[i] : nullptr;
}

} // namespace gpupool::lease
