#pragma once

#include <QHash>
#include <QObject>
#include <memory>

class QSocketNotifier;

// One epoll set per thread, watched by the Qt event loop through a single
// QSocketNotifier. The engine's plain-HTTP connections register here instead
// of with the event dispatcher: Qt's dispatchers poll() every registered
// socket on every wake-up, and with a thousand kept-alive connections that
// scan was most of a poll's CPU (bench_poll: 120 us of ~150 us at E=1000).
// epoll reports only the sockets that have something to say.
namespace gpupool::endpoint {

class ReactorClient
{
public:
    virtual ~ReactorClient() = default;
    // `events` is the epoll mask (EPOLLIN, EPOLLOUT, EPOLLERR, ...).
    virtual void handleSocketEvents(quint32 events) = 0;
};

class SocketReactor final : public QObject
{
    Q_OBJECT

public:
    // The reactor of the calling thread, made on first use and gone when the
    // last holder lets go (so none outlives the event loop that serves it).
    static std::shared_ptr<SocketReactor> forThisThread();

    ~SocketReactor() override;

    bool isValid() const { return m_epoll >= 0; }
    // Returns a registration key (0 on failure, errno set); events are
    // delivered to `client` until remove(key).
    quint64 add(int fd, quint32 events, ReactorClient *client);
    bool modify(quint64 key, int fd, quint32 events);
    // Safe from inside a client's handler: an event already fetched for a
    // removed key is dropped, not delivered to a stale client.
    void remove(quint64 key, int fd);

private:
    SocketReactor();
    void dispatch();

    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
    quint64 m_nextKey = 1;
    QHash<quint64, ReactorClient *> m_clients;
};

} // namespace gpupool::endpoint
