#pragma once

#include <QObject>

class QSocketNotifier;
struct redisAsyncContext;

// Drives a hiredis asynchronous context from the Qt event loop with two
// QSocketNotifiers. Ours rather than hiredis' adapters/qt.h, which writes to
// freed memory on teardown and needs moc to run on a system header
// (docs/platform-notes.md).
//
// Lifetime: hiredis calls cleanup() when it frees the context, possibly from
// inside our own notifier's signal (a read that finds the connection closed).
// cleanup() therefore only disables the notifiers and forgets the context;
// the adapter and its notifiers are destroyed by the owner, later, outside
// any hiredis callback (deleteLater()).
namespace gpupool::lease {

class RedisQtAdapter final : public QObject
{
    Q_OBJECT

public:
    // Installs itself as `ctx`'s event hooks.
    explicit RedisQtAdapter(redisAsyncContext *ctx, QObject *parent = nullptr);
    ~RedisQtAdapter() override;

    bool isAttached() const { return m_ctx != nullptr; }

private:
    static void addRead(void *self);
    static void delRead(void *self);
    static void addWrite(void *self);
    static void delWrite(void *self);
    static void cleanup(void *self);

    void handleReadable();
    void handleWritable();

    redisAsyncContext *m_ctx;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
};

} // namespace gpupool::lease
