#include "lease/redisqtadapter.h"

#include "lease/redisconnection.h"

#include <QSocketNotifier>
#include <hiredis/async.h>

namespace gpupool::lease {

RedisQtAdapter::RedisQtAdapter(redisAsyncContext *ctx, QObject *parent) : QObject(parent), m_ctx(ctx)
{
    const int fd = ctx->c.fd;
    m_read = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    m_read->setEnabled(false);
    m_write = new QSocketNotifier(fd, QSocketNotifier::Write, this);
    m_write->setEnabled(false);
    connect(m_read, &QSocketNotifier::activated, this, &RedisQtAdapter::handleReadable);
    connect(m_write, &QSocketNotifier::activated, this, &RedisQtAdapter::handleWritable);

    ctx->ev.data = this;
    ctx->ev.addRead = &RedisQtAdapter::addRead;
    ctx->ev.delRead = &RedisQtAdapter::delRead;
    ctx->ev.addWrite = &RedisQtAdapter::addWrite;
    ctx->ev.delWrite = &RedisQtAdapter::delWrite;
    ctx->ev.cleanup = &RedisQtAdapter::cleanup;
}

RedisQtAdapter::~RedisQtAdapter()
{
    // The owner frees the context first; should it not have, unhook so that
    // hiredis never calls into a destroyed adapter.
    if (m_ctx) {
        m_ctx->ev = {};
        m_ctx = nullptr;
    }
}

void RedisQtAdapter::addRead(void *self)
{
    static_cast<RedisQtAdapter *>(self)->m_read->setEnabled(true);
}

void RedisQtAdapter::delRead(void *self)
{
    static_cast<RedisQtAdapter *>(self)->m_read->setEnabled(false);
}

void RedisQtAdapter::addWrite(void *self)
{
    static_cast<RedisQtAdapter *>(self)->m_write->setEnabled(true);
}

void RedisQtAdapter::delWrite(void *self)
{
    static_cast<RedisQtAdapter *>(self)->m_write->setEnabled(false);
}

void RedisQtAdapter::cleanup(void *self)
{
    // Called (possibly more than once) while hiredis frees the context.
    auto *adapter = static_cast<RedisQtAdapter *>(self);
    adapter->m_read->setEnabled(false);
    adapter->m_write->setEnabled(false);
    adapter->m_ctx = nullptr;
}

void RedisQtAdapter::handleReadable()
{
    if (m_ctx)
        redisAsyncHandleRead(m_ctx); // may free the context: touch nothing after
}

void RedisQtAdapter::handleWritable()
{
    const RedisNoSigpipe noSigpipe;
    if (m_ctx)
        redisAsyncHandleWrite(m_ctx);
}

} // namespace gpupool::lease
