#include "lease/redissubscriber.h"

#include "lease/redisconnection.h"
#include "lease/redisqtadapter.h"
#include "util/logging.h"

#include <QCoreApplication>
#include <QFile>
#include <hiredis/async.h>
#include <vector>

namespace gpupool::lease {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::RedisSubscriber", text);
}

RedisSubscriber *owner(const redisAsyncContext *ctx)
{
    return static_cast<RedisSubscriber *>(ctx->data);
}

QString errorOf(const redisAsyncContext *ctx)
{
    if (ctx->err == REDIS_ERR_EOF)
        return tr("the server closed the connection");
    const QString text = QString::fromLocal8Bit(ctx->errstr ? ctx->errstr : "").trimmed();
    return text.isEmpty() ? tr("the connection was closed") : text;
}

int sendArgv(redisAsyncContext *ctx, redisCallbackFn *fn, void *self, const QList<QByteArray> &args)
{
    std::vector<const char *> argv;
    std::vector<size_t> lens;
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lens.push_back(size_t(a.size()));
    }
    return redisAsyncCommandArgv(ctx, fn, self, int(argv.size()), argv.data(), lens.data());
}

} // namespace

RedisSubscriber::RedisSubscriber(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &RedisSubscriber::handleTimeout);
}

RedisSubscriber::~RedisSubscriber()
{
    drop();
}

void RedisSubscriber::start(const RedisUrl &url, const std::optional<QByteArray> &password, const QByteArray &channel,
                            int timeoutMs)
{
    drop();
    m_channel = channel;
    m_ctx = url.isUnix() ? redisAsyncConnectUnix(QFile::encodeName(url.socketPath).constData())
                         : redisAsyncConnect(url.host.toUtf8().constData(), url.port);
    if (!m_ctx || m_ctx->err) {
        const QString why = m_ctx ? errorOf(m_ctx) : tr("out of memory");
        if (m_ctx)
            redisAsyncFree(m_ctx);
        m_ctx = nullptr;
        reportLost(why);
        return;
    }
    m_ctx->data = this;
    m_adapter = new RedisQtAdapter(m_ctx, this);
    redisAsyncSetConnectCallback(m_ctx, &RedisSubscriber::handleConnect);
    redisAsyncSetDisconnectCallback(m_ctx, &RedisSubscriber::handleDisconnect);
    if (password) {
        QList<QByteArray> auth { QByteArrayLiteral("AUTH") };
        if (!url.user.isEmpty())
            auth.append(url.user.toUtf8());
        auth.append(*password);
        sendArgv(m_ctx, &RedisSubscriber::handleAuthReply, this, auth);
    }
    sendArgv(m_ctx, &RedisSubscriber::handleChannelReply, this, { QByteArrayLiteral("SUBSCRIBE"), channel });
    m_timeout.start(timeoutMs);
}

void RedisSubscriber::stop()
{
    drop();
}

void RedisSubscriber::drop()
{
    ++m_generation; // what the old connection queued is not reported
    m_lostReported = false;
    m_timeout.stop();
    m_subscribed = false;
    if (m_ctx) {
        // Freeing runs the pending callbacks with no reply and, when
        // connected, the disconnect callback: none of them may report.
        m_dropping = true;
        redisAsyncFree(m_ctx);
        m_dropping = false;
        m_ctx = nullptr;
    }
    if (m_adapter)
        m_adapter->deleteLater();
    m_adapter = nullptr;
}

void RedisSubscriber::reportLost(const QString &reason)
{
    m_subscribed = false;
    m_timeout.stop();
    if (m_lostReported)
        return;
    m_lostReported = true;
    qCDebug(lcRedis) << "subscription lost:" << reason;
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, reason, generation] {
            if (generation == m_generation)
                emit lost(reason);
        },
        Qt::QueuedConnection);
}

void RedisSubscriber::forget()
{
    // hiredis frees the context when the callback that called this returns.
    m_ctx = nullptr;
}

void RedisSubscriber::handleTimeout()
{
    if (!m_ctx)
        return;
    drop();
    reportLost(tr("no answer in time"));
}

void RedisSubscriber::handleConnect(const redisAsyncContext *ctx, int status)
{
    RedisSubscriber *self = owner(ctx);
    if (status == REDIS_OK || !self || self->m_dropping)
        return;
    self->forget();
    self->reportLost(errorOf(ctx));
}

void RedisSubscriber::handleDisconnect(const redisAsyncContext *ctx, int status)
{
    RedisSubscriber *self = owner(ctx);
    if (!self || self->m_dropping)
        return;
    self->forget();
    self->reportLost(status == REDIS_OK ? tr("the subscription was closed") : errorOf(ctx));
}

void RedisSubscriber::handleAuthReply(redisAsyncContext *ctx, void *reply, void *self)
{
    auto *me = static_cast<RedisSubscriber *>(self);
    const auto *r = static_cast<redisReply *>(reply);
    if (!r || me->m_dropping || r->type != REDIS_REPLY_ERROR)
        return;
    me->reportLost(tr("the password was refused (%1)").arg(QString::fromUtf8(r->str, int(r->len))));
    redisAsyncDisconnect(ctx); // deferred by hiredis until this callback returns
}

void RedisSubscriber::handleChannelReply(redisAsyncContext *, void *reply, void *self)
{
    auto *me = static_cast<RedisSubscriber *>(self);
    const auto *r = static_cast<redisReply *>(reply);
    if (!r || me->m_dropping)
        return;
    if (r->type == REDIS_REPLY_ERROR) {
        me->reportLost(QString::fromUtf8(r->str, int(r->len)));
        return;
    }
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 3 || r->element[0]->type != REDIS_REPLY_STRING)
        return;
    const QByteArray kind(r->element[0]->str, qsizetype(r->element[0]->len));
    if (kind == "subscribe") {
        me->m_timeout.stop();
        me->m_subscribed = true;
        const quint64 generation = me->m_generation;
        QMetaObject::invokeMethod(
            me,
            [me, generation] {
                if (generation == me->m_generation)
                    emit me->subscribed();
            },
            Qt::QueuedConnection);
    } else if (kind == "message" && r->element[2]->type == REDIS_REPLY_STRING) {
        const QByteArray payload(r->element[2]->str, qsizetype(r->element[2]->len));
        const quint64 generation = me->m_generation;
        QMetaObject::invokeMethod(
            me,
            [me, payload, generation] {
                if (generation == me->m_generation)
                    emit me->message(payload);
            },
            Qt::QueuedConnection);
    }
}

} // namespace gpupool::lease
