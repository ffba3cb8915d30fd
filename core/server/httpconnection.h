#pragma once

#include "server/httpmessage.h"

#include <QObject>
#include <QTimer>
#include <functional>

class QTcpSocket;

namespace gpupool::server {

// One client connection of HttpServer: reads request heads, hands each request
// to the dispatcher and writes the answers in order (pipelining included), keeps
// the connection alive between requests and closes it when the client asks to,
// on a framing error, or after the idle timeout.
class HttpConnection final : public QObject
{
    Q_OBJECT

public:
    using Dispatcher = std::function<HttpResponse(const HttpRequest &)>;

    // Takes ownership of the socket.
    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Dispatcher dispatcher,
                   QByteArray serverName, QObject *parent = nullptr);

    void abort();

signals:
    // The socket is closed; emitted once. The owner deletes the connection later.
    void finished(gpupool::server::HttpConnection *connection);

private:
    void handleReadyRead();
    void handleBytesWritten();
    void handleIdleTimeout();
    void handleDisconnected();

    void processInput();
    bool discardBody();
    void respond(const HttpResponse &response, bool forHead, bool close);
    void finish();

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    Dispatcher m_dispatch;
    QByteArray m_serverName;
    QTimer m_idleTimer;
    QByteArray m_buffer;        // unparsed input, at most maxHeadBytes + 1
    qint64 m_discardLeft = 0;   // body bytes of the last request still to drop
    bool m_closing = false;     // the last response is written; no more requests
    bool m_finished = false;
};

} // namespace gpupool::server
