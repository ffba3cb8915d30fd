#pragma once

// A raw HTTP/1.1 client for testing HttpServer byte by byte: what it sends is
// exactly what the test wrote, and it reads responses itself.

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTcpSocket>

#include <optional>

namespace gpupool::server::testing {

constexpr int timeoutMs = 5000;

struct Reply
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[n, v] : headers) {
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }
};

// A raw HTTP client on one QTcpSocket. Waits spin the event loop (the server
// lives in the same thread) and are bounded.
class RawClient
{
public:
    explicit RawClient(quint16 port) { m_socket.connectToHost(QHostAddress::LocalHost, port); }

    bool waitConnected()
    {
        if (m_socket.state() == QAbstractSocket::ConnectedState)
            return true;
        QSignalSpy spy(&m_socket, &QTcpSocket::connected);
        return spy.wait(timeoutMs);
    }

    void send(const QByteArray &bytes) { m_socket.write(bytes); }

    // Reads one response; HEAD responses have no body whatever Content-Length says.
    std::optional<Reply> read(bool forHead = false)
    {
        QSignalSpy spy(&m_socket, &QTcpSocket::readyRead);
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            m_buffer += m_socket.readAll();
            if (std::optional<Reply> r = take(forHead))
                return r;
            if (deadline.hasExpired() || m_socket.state() == QAbstractSocket::UnconnectedState)
                return std::nullopt;
            spy.wait(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())));
        }
    }

    // True once the server has closed the connection (bounded wait).
    bool waitClosedByServer()
    {
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        QSignalSpy spy(&m_socket, &QTcpSocket::disconnected);
        return spy.wait(timeoutMs);
    }

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QByteArray leftover() { return m_buffer + m_socket.readAll(); }
    QTcpSocket &socket() { return m_socket; }

private:
    std::optional<Reply> take(bool forHead)
    {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        Reply r;
        const QList<QByteArray> lines = m_buffer.first(end).split('\n');
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        if (statusLine.size() < 2 || statusLine.first() != "HTTP/1.1")
            return std::nullopt;
        r.status = statusLine.at(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            r.headers.append({ line.first(colon), line.mid(colon + 1).trimmed() });
        }
        const qsizetype length = forHead ? 0 : r.header("content-length").toLongLong();
        if (m_buffer.size() < end + 4 + length)
            return std::nullopt;
        r.body = m_buffer.mid(end + 4, length);
        m_buffer.remove(0, end + 4 + length);
        return r;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

// The status of a reply, or -1 when none came.
inline int statusOf(const std::optional<Reply> &reply)
{
    return reply ? reply->status : -1;
}

inline QByteArray get(const char *path, const QByteArray &extraHeaders = {})
{
    return QByteArray("GET ") + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

} // namespace gpupool::server::testing
