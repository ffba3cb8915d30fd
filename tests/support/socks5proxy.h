#pragma once

// A SOCKS5 proxy on 127.0.0.1 (RFC 1928, no authentication, CONNECT only),
// what `ssh -D` gives an operator behind a jump host. Every target it is asked
// for is reached on 127.0.0.1 at the asked port, so a test can use names that
// only "the other side" knows; it records what it was asked for.
//
// Header-only and without Q_OBJECT, like faultserver.h.

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtEndian>
#include <memory>

namespace gpupool::testing {

class Socks5Proxy
{
public:
    Socks5Proxy()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_context, [this] { accept(); });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    Socks5Proxy(const Socks5Proxy &) = delete;
    Socks5Proxy &operator=(const Socks5Proxy &) = delete;

    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &scheme = QStringLiteral("socks5")) const
    {
        return scheme + QStringLiteral("://127.0.0.1:") + QString::number(port());
    }
    // "host:port" as each CONNECT asked for it (an address, or a name for socks5h).
    const QStringList &targets() const { return m_targets; }
    int acceptedConnections() const { return m_accepted; }

private:
    struct Session
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray buffer;
        enum class Stage { Greeting, Request, Relay } stage = Stage::Greeting;
    };

    void accept()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            ++m_accepted;
            client->setParent(&m_context);
            auto session = std::make_shared<Session>();
            session->client = client;
            QObject::connect(client, &QTcpSocket::readyRead, client, [this, session] { read(*session); });
            QObject::connect(client, &QTcpSocket::disconnected, client, [session] {
                if (session->upstream)
                    session->upstream->disconnectFromHost();
                session->client->deleteLater();
            });
        }
    }

    void read(Session &s)
    {
        s.buffer += s.client->readAll();
        if (s.stage == Session::Stage::Greeting) {
            // VER NMETHODS METHODS...
            if (s.buffer.size() < 2 || s.buffer.size() < 2 + quint8(s.buffer[1]))
                return;
            if (s.buffer[0] != 5 || !s.buffer.mid(2, quint8(s.buffer[1])).contains('\0')) {
                s.client->write(QByteArray("\x05\xff", 2));
                s.client->disconnectFromHost();
                return;
            }
            s.buffer.remove(0, 2 + quint8(s.buffer[1]));
            s.client->write(QByteArray("\x05\x00", 2)); // no authentication
            s.stage = Session::Stage::Request;
        }
        if (s.stage == Session::Stage::Request) {
            // VER CMD RSV ATYP ADDR PORT
            if (s.buffer.size() < 5)
                return;
            const char type = s.buffer[3];
            const int addressLength = type == 1 ? 4 : type == 4 ? 16 : 1 + quint8(s.buffer[4]);
            if (s.buffer.size() < 4 + addressLength + 2)
                return;
            QString host;
            if (type == 1)
                host = QHostAddress(qFromBigEndian<quint32>(s.buffer.constData() + 4)).toString();
            else if (type == 4)
                host = QHostAddress(reinterpret_cast<const quint8 *>(s.buffer.constData() + 4)).toString();
            else
                host = QString::fromLatin1(s.buffer.mid(5, quint8(s.buffer[4])));
            const quint16 port = qFromBigEndian<quint16>(s.buffer.constData() + 4 + addressLength);
            const bool connectCommand = s.buffer[1] == 1;
            s.buffer.remove(0, 4 + addressLength + 2);
            m_targets.append(host + QLatin1Char(':') + QString::number(port));
            if (!connectCommand) {
                s.client->write(QByteArray("\x05\x07\x00\x01\0\0\0\0\0\0", 10)); // command not supported
                s.client->disconnectFromHost();
                return;
            }
            open(s, port);
            s.stage = Session::Stage::Relay;
            return;
        }
        if (s.upstream && s.upstream->state() == QAbstractSocket::ConnectedState) {
            s.upstream->write(s.buffer);
            s.buffer.clear();
        }
    }

    void open(Session &s, quint16 port)
    {
        auto *upstream = new QTcpSocket(s.client);
        s.upstream = upstream;
        QTcpSocket *client = s.client;
        Session *session = &s;
        QObject::connect(upstream, &QTcpSocket::connected, client, [client, upstream, session] {
            client->write(QByteArray("\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x00", 10));
            if (!session->buffer.isEmpty())
                upstream->write(std::exchange(session->buffer, {}));
        });
        QObject::connect(upstream, &QTcpSocket::readyRead, client,
                         [client, upstream] { client->write(upstream->readAll()); });
        QObject::connect(upstream, &QTcpSocket::errorOccurred, client, [client, upstream](auto) {
            if (upstream->state() != QAbstractSocket::ConnectedState) {
                client->write(QByteArray("\x05\x05\x00\x01\0\0\0\0\0\0", 10)); // connection refused
            }
            client->disconnectFromHost();
        });
        QObject::connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        upstream->connectToHost(QHostAddress::LocalHost, port);
    }

    QObject m_context;
    QTcpServer m_server;
    QStringList m_targets;
    int m_accepted = 0;
};

} // namespace gpupool::testing
