#include "server/httpserver.h"

#include "server/httpconnection.h"
#include "util/logging.h"

#include <gpupool/version.h>

#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace gpupool::server {

namespace {

const QByteArray allowedMethods = QByteArrayLiteral("GET, HEAD");

} // namespace

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
    , m_serverName(QByteArrayLiteral("gpupool-statd/" GPUPOOL_VERSION))
{
}

HttpServer::~HttpServer()
{
    close();
}

void HttpServer::route(const QString &path, Handler handler)
{
    m_routes.insert(
        path, [handler = std::move(handler)](const HttpRequest &request, Reply reply) { reply(handler(request)); });
}

void HttpServer::routeDeferred(const QString &path, DeferredHandler handler)
{
    m_routes.insert(path, std::move(handler));
}

QTcpServer *HttpServer::createTcpServer()
{
    return new QTcpServer(this);
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    close();
    delete m_tcp;
    m_tcp = createTcpServer();
    // pendingConnectionAvailable (not newConnection) so that a QSslServer's
    // sockets arrive once their handshake is done.
    connect(m_tcp, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::handlePendingConnections);
    // Qt's default backlog (50) drops the SYNs of a burst of clients, which then
    // retry only after a second; the kernel caps this at net.core.somaxconn.
    m_tcp->setListenBacklogSize(m_limits.listenBacklog);
    if (!m_tcp->listen(address, port)) {
        qCDebug(lcHttp) << "cannot listen on" << address.toString() << port << m_tcp->errorString();
        return false;
    }
    qCDebug(lcHttp) << "listening on" << m_tcp->serverAddress().toString() << m_tcp->serverPort();
    return true;
}

void HttpServer::close()
{
    if (m_tcp)
        m_tcp->close();
    const QSet<HttpConnection *> connections = std::exchange(m_connections, {});
    for (HttpConnection *c : connections) {
        disconnect(c, nullptr, this, nullptr);
        c->abort();
        c->deleteLater(); // not delete: close() may run inside one of its handlers
    }
}

bool HttpServer::isListening() const
{
    return m_tcp && m_tcp->isListening();
}

QHostAddress HttpServer::serverAddress() const
{
    return m_tcp ? m_tcp->serverAddress() : QHostAddress();
}

quint16 HttpServer::serverPort() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

QAbstractSocket::SocketError HttpServer::serverError() const
{
    return m_tcp ? m_tcp->serverError() : QAbstractSocket::UnknownSocketError;
}

QString HttpServer::errorString() const
{
    return m_tcp ? m_tcp->errorString() : QString();
}

void HttpServer::handlePendingConnections()
{
    while (m_tcp->hasPendingConnections()) {
        if (m_connections.size() >= m_limits.maxConnections) {
            // Left queued (and the kernel's backlog fills) until a connection ends.
            m_tcp->pauseAccepting();
            return;
        }
        QTcpSocket *socket = m_tcp->nextPendingConnection();
        auto *connection = new HttpConnection(
            socket, m_limits, [this](const HttpRequest &r, Reply reply) { dispatch(r, std::move(reply)); },
            m_serverName, this);
        connect(connection, &HttpConnection::finished, this, &HttpServer::handleConnectionFinished);
        m_connections.insert(connection);
    }
}

void HttpServer::handleConnectionFinished(HttpConnection *connection)
{
    m_connections.remove(connection);
    connection->deleteLater();
    if (m_tcp && m_tcp->isListening() && m_connections.size() < m_limits.maxConnections) {
        m_tcp->resumeAccepting();
        if (m_tcp->hasPendingConnections())
            handlePendingConnections();
    }
}

void HttpServer::dispatch(const HttpRequest &request, Reply reply) const
{
    // A preflight carries no API key: it is answered before the filter.
    if (std::optional<HttpResponse> preflight = m_cors.preflight(request))
        return reply(*preflight);
    // Worked out before routing, so that a deferred answer needs nothing of
    // the request or of this server. A 401 or 404 must be readable by the page too.
    HttpHeaders cors = m_cors.headersFor(request);
    if (std::optional<HttpResponse> refused = refusal(request)) {
        refused->headers += cors;
        return reply(std::move(*refused));
    }
    const DeferredHandler &handler = *m_routes.constFind(request.path);
    if (cors.isEmpty())
        return handler(request, std::move(reply));
    handler(request, [cors = std::move(cors), reply = std::move(reply)](HttpResponse response) {
        response.headers += cors;
        reply(std::move(response));
    });
}

HttpResponse HttpServer::dispatch(const HttpRequest &request) const
{
    std::optional<HttpResponse> answer;
    dispatch(request, [&answer](HttpResponse r) { answer = std::move(r); });
    return answer ? *answer : HttpResponse::detail(500, QStringLiteral("Internal Server Error"));
}

std::optional<HttpResponse> HttpServer::refusal(const HttpRequest &request) const
{
    if (m_filter) {
        if (std::optional<HttpResponse> refused = m_filter(request))
            return refused;
    }
    if (!m_routes.contains(request.path)) {
        // Starlette's redirect_slashes: "/health/" -> 307 to "/health" (and back).
        const QString other
            = request.path.endsWith(QLatin1Char('/')) ? request.path.chopped(1) : request.path + QLatin1Char('/');
        if (request.path != QLatin1String("/") && m_routes.contains(other)) {
            HttpResponse redirect;
            redirect.status = 307;
            redirect.contentType.clear();
            QByteArray location = QUrl::toPercentEncoding(other, "/");
            if (!request.query.isEmpty())
                location += '?' + request.query;
            redirect.headers.append({ QByteArrayLiteral("Location"), location });
            return redirect;
        }
        return HttpResponse::detail(404, QStringLiteral("Not Found"));
    }
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse refused = HttpResponse::detail(405, QStringLiteral("Method Not Allowed"));
        refused.headers.append({ QByteArrayLiteral("Allow"), allowedMethods });
        return refused;
    }
    return std::nullopt;
}

} // namespace gpupool::server
