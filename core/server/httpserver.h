#pragma once

#include "server/corspolicy.h"
#include "server/httpmessage.h"

#include <QAbstractSocket>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <functional>
#include <optional>

class QTcpServer;

namespace gpupool::server {

class HttpConnection;

// A small HTTP/1.1 server for JSON APIs on QTcpServer: GET and HEAD routes by
// exact path (the query string is ignored), keep-alive, pipelining, bounded
// request heads, idle timeout, and Starlette's JSON error bodies.
//
// Why not QHttpServer: in Qt 6.4 it cannot answer unknown paths with our JSON 404
// body nor a known path's other methods with 405 + Allow, which the predecessor's
// Starlette server does and clients may rely on; and it is heavy (a router, a
// websocket upgrade path and per-server machinery) for processes that run
// thousands of listeners with --cluster.
//
// Extension points for TLS and API keys: createTcpServer() makes the listening
// server (return a QSslServer), setRequestFilter() may refuse any request with a
// response (e.g. 401) before routing.
class HttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    // A route that answers later (its data comes from a worker thread): it
    // calls the reply once, from the server's thread. The connection waits
    // for it before the next pipelined request, and a reply for a connection
    // that has gone in the meantime is dropped.
    using Reply = std::function<void(HttpResponse)>;
    using DeferredHandler = std::function<void(const HttpRequest &, Reply)>;
    // Returns a response to refuse the request with, or nullopt to let it through.
    using RequestFilter = std::function<std::optional<HttpResponse>(const HttpRequest &)>;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    // Before listen(); affect connections accepted afterwards.
    void setLimits(const HttpLimits &limits) { m_limits = limits; }
    const HttpLimits &limits() const { return m_limits; }
    // The Server header; "gpupool-statd/<version>" unless set.
    void setServerName(const QByteArray &name) { m_serverName = name; }
    QByteArray serverName() const { return m_serverName; }

    // Answers GET and HEAD on `path` (HEAD: same headers, no body).
    void route(const QString &path, Handler handler);
    void routeDeferred(const QString &path, DeferredHandler handler);
    void setRequestFilter(RequestFilter filter) { m_filter = std::move(filter); }
    // CORS for browsers (corspolicy.h): on, for any origin, unless set otherwise.
    void setCorsPolicy(const CorsPolicy &policy) { m_cors = policy; }
    const CorsPolicy &corsPolicy() const { return m_cors; }

    bool listen(const QHostAddress &address, quint16 port);
    void close(); // stops listening and drops every connection
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    // Why listen() failed; errorString() is Qt's wording.
    QAbstractSocket::SocketError serverError() const;
    QString errorString() const;

    int connectionCount() const { return static_cast<int>(m_connections.size()); }

    // Routing alone, without a connection: what a connection calls per request.
    void dispatch(const HttpRequest &request, Reply reply) const;
    // The same for tests of routes that answer at once (a deferred one that has
    // not answered yet reads as 500).
    HttpResponse dispatch(const HttpRequest &request) const;

protected:
    // Creates the listening socket's server; override to serve TLS (QSslServer).
    virtual QTcpServer *createTcpServer();

private:
    void handlePendingConnections();
    void handleConnectionFinished(gpupool::server::HttpConnection *connection);

    // The filter, 404s and 405s; nullopt when the route's handler answers.
    std::optional<HttpResponse> refusal(const HttpRequest &request) const;

    HttpLimits m_limits;
    QByteArray m_serverName;
    QHash<QString, DeferredHandler> m_routes;
    RequestFilter m_filter;
    CorsPolicy m_cors;
    QTcpServer *m_tcp = nullptr;
    QSet<HttpConnection *> m_connections;
};

} // namespace gpupool::server
