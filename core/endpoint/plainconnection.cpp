#include "endpoint/plainconnection.h"

#include "util/logging.h"

#include <QHostInfo>

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gpupool::endpoint {

namespace {

// Read per wake-up before the event loop gets a turn (level-triggered: the
// rest is reported again). The answers we expect are a few KiB; this only
// bounds a flood.
constexpr qsizetype kReadChunk = 64 * 1024;
constexpr qsizetype kMaxReadPerEvent = 256 * 1024;

constexpr quint32 kReadEvents = EPOLLIN | EPOLLRDHUP;

PollFailure connectFailure(int error)
{
    switch (error) {
    case ECONNREFUSED: return failureForRefused();
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENETDOWN:
    case EADDRNOTAVAIL: return failureForNetwork(qt_error_string(error));
    default: break;
    }
    return { FailureKind::Other, qt_error_string(error), 0 };
}

bool toSockaddr(const QHostAddress &address, quint16 port, sockaddr_storage &out, socklen_t &length)
{
    out = {};
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(&out);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
        return true;
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&out);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR a = address.toIPv6Address();
        memcpy(&in6->sin6_addr, &a, sizeof(a));
        in6->sin6_scope_id = address.scopeId().toUInt();
        length = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

} // namespace

PlainConnection::PlainConnection(QObject *parent) : Connection(parent), m_reactor(SocketReactor::forThisThread()) {}

PlainConnection::~PlainConnection()
{
    abort();
}

void PlainConnection::open(const QString &host, quint16 port)
{
    abort();
    m_port = port;
    m_lastConnectError = 0;
    QHostAddress literal;
    if (literal.setAddress(host)) {
        m_addresses = { literal };
        m_state = State::Connecting;
        connectNext();
        return;
    }
    m_state = State::Resolving;
    m_lookupId = QHostInfo::lookupHost(host, this, &PlainConnection::handleLookup);
}

void PlainConnection::handleLookup(const QHostInfo &info)
{
    if (m_state != State::Resolving || info.lookupId() != m_lookupId)
        return;
    m_lookupId = -1;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        m_state = State::Closed;
        emit failed(failureForHostNotFound());
        return;
    }
    m_addresses = info.addresses();
    m_state = State::Connecting;
    connectNext();
}

void PlainConnection::connectNext()
{
    while (!m_addresses.isEmpty()) {
        const QHostAddress address = m_addresses.takeFirst();
        sockaddr_storage sa;
        socklen_t length = 0;
        if (!toSockaddr(address, m_port, sa, length))
            continue;
        m_fd = ::socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (m_fd < 0) {
            m_lastConnectError = errno;
            continue;
        }
        // A request is one small write; waiting for Nagle would only delay it.
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&sa), length) != 0 && errno != EINPROGRESS) {
            m_lastConnectError = errno;
            closeSocket();
            continue;
        }
        // Writable once connected (or failed): finishConnect() tells which.
        m_key = m_reactor->add(m_fd, EPOLLOUT, this);
        if (!m_key) {
            m_lastConnectError = errno;
            closeSocket();
            continue;
        }
        return;
    }
    failConnect(m_lastConnectError ? m_lastConnectError : ECONNREFUSED);
}

void PlainConnection::failConnect(int error)
{
    closeSocket();
    m_state = State::Closed;
    // Always from the event loop, never from inside open(): the caller may be
    // in the middle of starting a request (QTcpSocket behaves the same).
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, generation, error] {
            if (generation == m_generation)
                emit failed(connectFailure(error));
        },
        Qt::QueuedConnection);
}

void PlainConnection::handleSocketEvents(quint32 events)
{
    if (m_state == State::Connecting) {
        finishConnect();
        return;
    }
    if (m_state != State::Connected)
        return;
    if ((events & EPOLLOUT) && !m_writeBuffer.isEmpty())
        flushWrites();
    if (m_fd >= 0 && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
        readAvailable(events);
}

void PlainConnection::finishConnect()
{
    int error = 0;
    socklen_t length = sizeof(error);
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    if (error != 0) {
        m_lastConnectError = error;
        closeSocket();
        if (m_addresses.isEmpty())
            failConnect(error);
        else
            connectNext();
        return;
    }
    m_addresses.clear();
    m_state = State::Connected;
    m_reactor->modify(m_key, m_fd, kReadEvents);
    emit connected();
}

void PlainConnection::write(const QByteArray &data)
{
    if (m_state != State::Connected)
        return;
    if (!m_writeBuffer.isEmpty()) {
        m_writeBuffer += data;
        return;
    }
    const ssize_t n = ::send(m_fd, data.constData(), size_t(data.size()), MSG_NOSIGNAL);
    if (n == data.size())
        return;
    // A full send buffer (or an error, which the next event reports as a
    // close): keep the rest and wait until the socket is writable.
    m_writeBuffer = data.mid(n > 0 ? n : 0);
    m_reactor->modify(m_key, m_fd, kReadEvents | EPOLLOUT);
}

void PlainConnection::flushWrites()
{
    const ssize_t n = ::send(m_fd, m_writeBuffer.constData(), size_t(m_writeBuffer.size()), MSG_NOSIGNAL);
    if (n > 0)
        m_writeBuffer.remove(0, n);
    if (m_writeBuffer.isEmpty() || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        m_writeBuffer.clear();
        m_reactor->modify(m_key, m_fd, kReadEvents);
    }
}

void PlainConnection::readAvailable(quint32 events)
{
    bool peerClosed = false;
    qsizetype total = 0;
    char chunk[kReadChunk];
    while (total < kMaxReadPerEvent) {
        const ssize_t n = ::recv(m_fd, chunk, sizeof(chunk), 0);
        if (n > 0) {
            m_readBuffer.append(chunk, n);
            total += n;
            // Short read: drained for now (one recv per answer, not two);
            // level-triggered epoll reports anything that comes later.
            if (n < kReadChunk && !(events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
                break;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            break;
        // 0: the peer closed; an error (a reset) ends the stream the same way.
        peerClosed = true;
        break;
    }
    if (total > 0) {
        emit readyRead();
        if (m_fd < 0)
            return; // the reader aborted us
    }
    if (peerClosed) {
        closeSocket();
        m_state = State::Closed;
        emit closed();
    }
}

void PlainConnection::abort()
{
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    closeSocket();
    m_addresses.clear();
    m_readBuffer.clear();
    m_writeBuffer.clear();
    m_state = State::Idle;
    ++m_generation; // a failure queued before now is not for what comes next
}

void PlainConnection::closeSocket()
{
    if (m_fd < 0)
        return;
    if (m_key)
        m_reactor->remove(m_key, m_fd);
    m_key = 0;
    ::close(m_fd);
    m_fd = -1;
}

} // namespace gpupool::endpoint
