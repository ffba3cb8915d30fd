#include "endpoint/socketreactor.h"

#include "util/logging.h"

#include <QSocketNotifier>

#include <cerrno>
#include <sys/epoll.h>
#include <unistd.h>

namespace gpupool::endpoint {

namespace {

// Events fetched per wake-up; level-triggered, so the rest come next time.
constexpr int kMaxEvents = 256;

} // namespace

std::shared_ptr<SocketReactor> SocketReactor::forThisThread()
{
    thread_local std::weak_ptr<SocketReactor> current;
    std::shared_ptr<SocketReactor> reactor = current.lock();
    if (!reactor) {
        reactor.reset(new SocketReactor);
        current = reactor;
    }
    return reactor;
}

SocketReactor::SocketReactor() : m_epoll(::epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epoll < 0) {
        qCWarning(lcEndpoint) << "epoll_create1 failed:" << qt_error_string(errno);
        return;
    }
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SocketReactor::dispatch);
}

SocketReactor::~SocketReactor()
{
    delete m_notifier; // before the descriptor it watches is closed
    if (m_epoll >= 0)
        ::close(m_epoll);
}

quint64 SocketReactor::add(int fd, quint32 events, ReactorClient *client)
{
    if (m_epoll < 0) {
        errno = EBADF;
        return 0;
    }
    const quint64 key = m_nextKey++;
    epoll_event ev {};
    ev.events = events;
    ev.data.u64 = key;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev) != 0)
        return 0;
    m_clients.insert(key, client);
    return key;
}

bool SocketReactor::modify(quint64 key, int fd, quint32 events)
{
    epoll_event ev {};
    ev.events = events;
    ev.data.u64 = key;
    return ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev) == 0;
}

void SocketReactor::remove(quint64 key, int fd)
{
    if (!m_clients.remove(key))
        return;
    // Before the caller closes fd: a closed descriptor leaves the set by
    // itself only when no duplicate of it is open.
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

void SocketReactor::dispatch()
{
    epoll_event events[kMaxEvents];
    const int n = ::epoll_wait(m_epoll, events, kMaxEvents, 0);
    for (int i = 0; i < n; ++i) {
        // Looked up per event: an earlier handler may have removed this one.
        if (ReactorClient *client = m_clients.value(events[i].data.u64))
            client->handleSocketEvents(events[i].events);
    }
}

} // namespace gpupool::endpoint
