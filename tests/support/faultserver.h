#pragma once

// A misbehaving GPU statistics server on 127.0.0.1 for the endpoint engine's
// fault matrix (tests/README.md). A test sets, per path, how the server
// answers: well, not at all, too slowly, too much, wrongly. It records every
// request so tests can check what a client sent (and did not send).
//
// Header-only and without Q_OBJECT (lambdas on the sockets' signals), so any
// test can include it without a support library.

#include "stats/bodywriter.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <memory>
#include <optional>

#include <sys/socket.h>

namespace gpupool::testing {

struct FaultBehaviour
{
    enum class Kind {
        Respond, // a complete answer: status, content type, body
        Hang, // accept, read the request, never answer
        Trickle, // a valid answer, one byte every trickleIntervalMs
        ResetMidBody, // half the body, then a TCP reset
        Truncated, // announces the whole body, sends half, closes cleanly
        Huge, // hugeBytes of body, streamed as the client reads
        CloseWithoutAnswer, // read the request, close the connection
    };
    Kind kind = Kind::Respond;
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    int trickleIntervalMs = 1000;
    qint64 hugeBytes = 100LL * 1024 * 1024;
    bool announceLength = true; // Huge: with or without Content-Length
    bool once = false; // a route used once, then the default again

    static stats::GpuSamples samples(int gpus)
    {
        stats::GpuSamples samples;
        for (int i = 0; i < gpus; ++i) {
            stats::GpuSample s;
            s.index = i;
            s.name = QStringLiteral("NVIDIA H100 80GB HBM3");
            s.memoryTotalMb = 81559;
            s.memoryUsedMb = 1000 * (i + 1);
            s.memoryFreeMb = s.memoryTotalMb - s.memoryUsedMb;
            s.utilizationPercent = 10 * i;
            samples.append(s);
        }
        return samples;
    }
    static QByteArray validSummary(int gpus = 2)
    {
        return stats::writeSummary(samples(gpus), "2026-11-22T10:53:31.974174");
    }
    // /gpu/stats for the same GPUs as validSummary().
    static QByteArray validStats(int gpus = 2)
    {
        return stats::writeStats(samples(gpus), "2026-11-22T10:53:31.974174");
    }
    static FaultBehaviour ok(QByteArray body = validSummary())
    {
        FaultBehaviour b;
        b.body = std::move(body);
        return b;
    }
    static FaultBehaviour withStatus(int code, QByteArray body = "{\"detail\":\"fault\"}")
    {
        FaultBehaviour b;
        b.status = code;
        b.body = std::move(body);
        return b;
    }
    static FaultBehaviour of(Kind kind, bool once = false)
    {
        FaultBehaviour b;
        b.kind = kind;
        b.body = validSummary();
        b.once = once;
        return b;
    }
    static FaultBehaviour redirect(const QByteArray &location, int code = 302)
    {
        FaultBehaviour b = withStatus(code, {});
        b.headers.append({ "Location", location });
        return b;
    }
    static FaultBehaviour withContentType(const QByteArray &type, QByteArray body)
    {
        FaultBehaviour b = ok(std::move(body));
        b.contentType = type;
        return b;
    }
};

struct RecordedRequest
{
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // names in lower case
};

class FaultServer
{
public:
    // Plain HTTP, or HTTPS with the given server configuration; on 127.0.0.1
    // unless told otherwise (::1 for IPv6 cases).
    explicit FaultServer(const std::optional<QSslConfiguration> &tls = std::nullopt,
                         const QHostAddress &address = QHostAddress::LocalHost)
        : m_address(address)
    {
        if (tls) {
            auto server = std::make_unique<QSslServer>();
            server->setSslConfiguration(*tls);
            m_server = std::move(server);
        } else {
            m_server = std::make_unique<QTcpServer>();
        }
        // QSslServer hands out a connection only once its handshake is done
        // (pendingConnectionAvailable); a plain server at newConnection.
        QObject::connect(m_server.get(), &QTcpServer::newConnection, &m_context, [this] { accept(); });
        QObject::connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, &m_context, [this] { accept(); });
        m_server->listen(m_address, 0);
        m_port = m_server->serverPort();
        m_scheme = tls ? QStringLiteral("https") : QStringLiteral("http");
    }
    ~FaultServer() { closeConnections(); }
    FaultServer(const FaultServer &) = delete;
    FaultServer &operator=(const FaultServer &) = delete;

    bool isListening() const { return m_server->isListening(); }
    quint16 port() const { return m_port; }
    QUrl url(const QString &host = QStringLiteral("127.0.0.1")) const
    {
        QUrl u;
        u.setScheme(m_scheme);
        u.setHost(host);
        u.setPort(m_port);
        return u;
    }

    // The behaviour for one path, and for every other path.
    void setRoute(const QByteArray &path, const FaultBehaviour &b) { m_routes.insert(path, b); }
    void setDefault(const FaultBehaviour &b) { m_default = b; }
    // Keep-alive: complete answers leave the connection open for the next
    // request (otherwise every answer says "Connection: close").
    void setKeepAlive(bool on) { m_keepAlive = on; }
    // What a server's idle timeout does to kept-alive connections.
    void closeIdleConnections()
    {
        for (const QPointer<QTcpSocket> &s : std::as_const(m_sockets))
            if (s)
                s->disconnectFromHost();
    }
    int acceptedConnections() const { return m_accepted; }

    // Refuse: stop listening and drop open connections, so the next connect
    // is refused. Resume: listen again on the same port (flapping).
    void refuse()
    {
        m_server->close();
        closeConnections();
    }
    bool resume() { return m_server->isListening() || m_server->listen(m_address, m_port); }

    const QList<RecordedRequest> &requests() const { return m_requests; }
    int requestCount(const QByteArray &path = {}) const
    {
        int n = 0;
        for (const RecordedRequest &r : m_requests)
            n += (path.isEmpty() || r.path == path) ? 1 : 0;
        return n;
    }
    qint64 bytesSent() const { return m_bytesSent; }
    int openConnections() const
    {
        int n = 0;
        for (const auto &s : m_sockets)
            n += s ? 1 : 0;
        return n;
    }

private:
    void accept()
    {
        m_sockets.removeIf([](const QPointer<QTcpSocket> &s) { return s.isNull(); });
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            socket->setParent(&m_context);
            m_sockets.append(socket);
            ++m_accepted;
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                buffer->append(socket->readAll());
                // One request at a time; with keep-alive, the next one waits
                // in the buffer until the answer to this one is complete.
                while (!socket->property("busy").toBool()) {
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const QByteArray head = buffer->left(end);
                    buffer->remove(0, end + 4);
                    socket->setProperty("busy", true);
                    answer(socket, record(head));
                }
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    QByteArray record(const QByteArray &head)
    {
        const QList<QByteArray> lines = head.split('\n');
        RecordedRequest r;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        r.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        m_requests.append(r);
        return r.path;
    }

    QByteArray headOf(const FaultBehaviour &b, qint64 length, bool withLength = true) const
    {
        QByteArray h = "HTTP/1.1 " + QByteArray::number(b.status) + " Fault\r\n";
        if (!b.contentType.isEmpty())
            h += "Content-Type: " + b.contentType + "\r\n";
        if (withLength)
            h += "Content-Length: " + QByteArray::number(length) + "\r\n";
        for (const auto &[name, value] : b.headers)
            h += name + ": " + value + "\r\n";
        const bool keep = m_keepAlive && b.kind == FaultBehaviour::Kind::Respond;
        return h + (keep ? "\r\n" : "Connection: close\r\n\r\n");
    }

    void send(QTcpSocket *socket, const QByteArray &bytes) { m_bytesSent += socket->write(bytes); }

    void answer(QTcpSocket *socket, const QByteArray &path)
    {
        const FaultBehaviour b = m_routes.value(path, m_default);
        if (b.once)
            m_routes.remove(path);
        using Kind = FaultBehaviour::Kind;
        switch (b.kind) {
        case Kind::Respond:
            send(socket, headOf(b, b.body.size()) + b.body);
            if (m_keepAlive) {
                socket->setProperty("busy", false);
                // A request that came while we were busy is in the buffer.
                QMetaObject::invokeMethod(socket, "readyRead", Qt::QueuedConnection);
            } else {
                socket->disconnectFromHost();
            }
            break;
        case Kind::CloseWithoutAnswer: socket->disconnectFromHost(); break;
        case Kind::Hang: break;
        case Kind::Trickle: {
            send(socket, headOf(b, b.body.size()));
            auto *timer = new QTimer(socket);
            auto next = std::make_shared<qsizetype>(0);
            QObject::connect(timer, &QTimer::timeout, socket, [this, socket, timer, next, body = b.body] {
                if (*next >= body.size()) {
                    timer->stop();
                    socket->disconnectFromHost();
                    return;
                }
                send(socket, body.mid((*next)++, 1));
            });
            timer->start(b.trickleIntervalMs);
            break;
        }
        case Kind::ResetMidBody:
        case Kind::Truncated: {
            send(socket, headOf(b, b.body.size()) + b.body.left(b.body.size() / 2));
            socket->flush();
            const bool reset = b.kind == Kind::ResetMidBody;
            // Give the half body time to leave before the connection ends.
            QTimer::singleShot(50, socket, [socket, reset] {
                if (reset) {
                    // SO_LINGER 0: close() sends RST instead of FIN.
                    const linger l { 1, 0 };
                    ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &l, sizeof l);
                    socket->abort();
                } else {
                    socket->disconnectFromHost();
                }
            });
            break;
        }
        case Kind::Huge:
            send(socket, headOf(b, b.hugeBytes, b.announceLength));
            streamHuge(socket, b.hugeBytes);
            break;
        }
    }

    // Writes the body as the client drains it, so the server never holds
    // more than a few chunks however large the body.
    void streamHuge(QTcpSocket *socket, qint64 total)
    {
        auto left = std::make_shared<qint64>(total);
        const QByteArray chunk(64 * 1024, 'x');
        auto pump = [this, socket, left, chunk] {
            while (*left > 0 && socket->bytesToWrite() < 4 * chunk.size()) {
                const qint64 n = qMin<qint64>(*left, chunk.size());
                send(socket, chunk.left(n));
                *left -= n;
            }
            if (*left == 0 && socket->bytesToWrite() == 0)
                socket->disconnectFromHost();
        };
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket, pump);
        pump();
    }

    void closeConnections()
    {
        for (const QPointer<QTcpSocket> &s : std::as_const(m_sockets))
            if (s)
                s->abort();
        qDeleteAll(m_context.children());
        m_sockets.clear();
    }

    QObject m_context; // parent of sockets and the receiver of their lambdas
    std::unique_ptr<QTcpServer> m_server;
    QHostAddress m_address;
    quint16 m_port = 0;
    QString m_scheme;
    QHash<QByteArray, FaultBehaviour> m_routes;
    FaultBehaviour m_default = FaultBehaviour::ok();
    bool m_keepAlive = false;
    int m_accepted = 0;
    QList<RecordedRequest> m_requests;
    QList<QPointer<QTcpSocket>> m_sockets;
    qint64 m_bytesSent = 0;
};

} // namespace gpupool::testing
