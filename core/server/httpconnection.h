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
    // Answers a request through the reply, at once or later (see
    // HttpServer::DeferredHandler).
    using Reply = std::function<void(HttpResponse)>;
    using Dispatcher = std::function<void(const HttpRequest &, Reply)>;

    // Takes ownership of the socket.
    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Dispatcher dispatcher, QByteArray serverName,
                   QObject *parent = nullptr);

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
    void handleAnswer(quint64 request, const HttpResponse &response, bool forHead, bool close);
    void finish();

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    Dispatcher m_dispatch;
    QByteArray m_serverName;
    QTimer m_idleTimer;
    QByteArray m_buffer; // unparsed input, at most maxHeadBytes + 1
    qint64 m_discardLeft = 0; // body bytes of the last request still to drop
    bool m_closing = false; // the last response is written; no more requests
    bool m_finished = false;
    // A request is with its route: no further request is read (answers go
    // out in order) and the idle timer waits.
    bool m_awaiting = false;
    bool m_inDispatch = false; // the answer came within the dispatch call
    quint64 m_requests = 0; // which request an answer belongs to
};

} // namespace gpupool::server
