#pragma once

#include "lease/redisurl.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

struct redisAsyncContext;

// Listens on one pub/sub channel over its own asynchronous connection (a
// subscribed Redis connection can do nothing else). Every signal is emitted
// from the event loop, never from inside a hiredis callback, so a slot may
// stop or restart the subscriber.
namespace gpupool::lease {

class RedisQtAdapter;

class RedisSubscriber final : public QObject
{
    Q_OBJECT

public:
    explicit RedisSubscriber(QObject *parent = nullptr);
    ~RedisSubscriber() override;

    // Connects and subscribes; subscribed() or lost() follows within
    // timeoutMs. A running subscription is dropped first.
    void start(const RedisUrl &url, const std::optional<QByteArray> &password, const QByteArray &channel,
               int timeoutMs);
    void stop();
    bool isSubscribed() const { return m_subscribed; }
    bool isActive() const { return m_ctx != nullptr; }

signals:
    void subscribed();
    void message(const QByteArray &payload);
    // The subscription is gone (or never came): why, in one line.
    void lost(const QString &reason);

private:
    static void handleConnect(const redisAsyncContext *ctx, int status);
    static void handleDisconnect(const redisAsyncContext *ctx, int status);
    static void handleAuthReply(redisAsyncContext *ctx, void *reply, void *self);
    static void handleChannelReply(redisAsyncContext *ctx, void *reply, void *self);
    void handleTimeout();

    // Frees the context (outside callbacks) without reporting it.
    void drop();
    void reportLost(const QString &reason);
    void forget();

    redisAsyncContext *m_ctx = nullptr;
    QPointer<RedisQtAdapter> m_adapter;
    QTimer m_timeout;
    QByteArray m_channel;
    quint64 m_generation = 0;
    bool m_subscribed = false;
    bool m_dropping = false;
    bool m_lostReported = false;
};

} // namespace gpupool::lease
