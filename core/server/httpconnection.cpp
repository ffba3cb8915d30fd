#include "server/httpconnection.h"

#include "server/httprequestparser.h"
#include "util/logging.h"

#include <QPointer>
#include <QTcpSocket>

namespace gpupool::server {

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Dispatcher dispatcher,
                               QByteArray serverName, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
    , m_dispatch(std::move(dispatcher))
    , m_serverName(std::move(serverName))
{
    m_socket->setParent(this);
    // Bounded input: Qt stops reading from the kernel when this is full, so a
    // client that sends faster than we parse is slowed down by TCP itself.
    m_socket->setReadBufferSize(qMax<qint64>(m_limits.maxHeadBytes + 1, 64 * 1024));

    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_limits.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpConnection::handleIdleTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::handleReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::handleBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::handleDisconnected);

    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        // Gone before we saw it; report it once the owner has connected to us.
        QMetaObject::invokeMethod(this, &HttpConnection::finish, Qt::QueuedConnection);
        return;
    }
    m_idleTimer.start();
    // Bytes may have arrived before we connected to readyRead.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

void HttpConnection::abort()
{
    m_closing = true;
    m_socket->abort();
    finish();
}

void HttpConnection::handleReadyRead()
{
    if (m_awaiting)
        return; // read once the answer is out
    if (m_closing) {
        // Drained so that closing does not turn into a reset that could destroy
        // the response still on its way to the client.
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    processInput();
}

void HttpConnection::handleBytesWritten()
{
    // Progress of a slow reader counts as activity.
    if (!m_closing && !m_awaiting)
        m_idleTimer.start();
    if (!m_closing && !m_awaiting && m_socket->bytesToWrite() <= m_limits.maxPendingOutputBytes)
        processInput();
}

void HttpConnection::handleIdleTimeout()
{
    qCDebug(lcHttp) << "closing idle connection from" << m_socket->peerAddress().toString();
    m_closing = true;
    if (m_socket->bytesToWrite() > 0)
        abort(); // the client stopped reading; do not wait for it
    else
        m_socket->disconnectFromHost();
}

void HttpConnection::handleDisconnected()
{
    finish();
}

void HttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_closing = true;
    m_idleTimer.stop();
    emit finished(this);
}

bool HttpConnection::discardBody()
{
    const qint64 fromBuffer = qMin<qint64>(m_discardLeft, m_buffer.size());
    m_buffer.remove(0, fromBuffer);
    m_discardLeft -= fromBuffer;
    if (m_discardLeft > 0)
        m_discardLeft -= m_socket->skip(m_discardLeft);
    return m_discardLeft == 0;
}

void HttpConnection::processInput()
{
    while (!m_closing && !m_awaiting) {
        // A client that pipelines requests but does not read the answers waits
        // here until its answers drain (handleBytesWritten resumes).
        if (m_socket->bytesToWrite() > m_limits.maxPendingOutputBytes)
            return;
        if (m_discardLeft > 0 && !discardBody())
            return;
        const qint64 room = m_limits.maxHeadBytes + 1 - m_buffer.size();
        if (room > 0 && m_socket->bytesAvailable() > 0)
            m_buffer += m_socket->read(room);
        if (m_buffer.isEmpty())
            return;

        HeadParseResult head = parseRequestHead(m_buffer, m_limits);
        if (head.state == HeadParseResult::State::NeedMore)
            return;
        if (head.state == HeadParseResult::State::Error) {
            qCDebug(lcHttp) << "refusing request from" << m_socket->peerAddress().toString() << head.errorStatus
                            << head.errorReason;
            respond(HttpResponse::detail(head.errorStatus, QString::fromLatin1(reasonPhrase(head.errorStatus))), false,
                    true);
            return;
        }
        m_buffer.remove(0, head.consumed);
        HttpRequest &request = head.request;
        request.peerAddress = m_socket->peerAddress();

        // GET bodies mean nothing to us: a small one is read and dropped so the
        // connection stays usable; with a large or chunked one we answer and close
        // rather than parse our way to the next request.
        bool close = !request.keepAlive;
        if (request.chunked || request.contentLength > m_limits.maxDiscardedBodyBytes)
            close = true;
        else
            m_discardLeft = request.contentLength;

        const quint64 id = ++m_requests;
        // The access log's line (ACCESS_LOG), written with the answer's status.
        QString line;
        if (lcHttp().isDebugEnabled())
            line = request.peerAddress.toString() + QLatin1Char(' ') + QString::fromLatin1(request.method)
                + QLatin1Char(' ') + QString::fromLatin1(request.target);
        m_awaiting = true;
        m_idleTimer.stop(); // waiting on us is not the client idling
        m_inDispatch = true;
        QPointer<HttpConnection> self(this);
        m_dispatch(request, [self, id, forHead = request.isHead(), close, line](const HttpResponse &response) {
            qCDebug(lcHttp).noquote() << line << response.status;
            if (self)
                self->handleAnswer(id, response, forHead, close);
        });
        if (self)
            m_inDispatch = false;
        else
            return;
    }
}

void HttpConnection::handleAnswer(quint64 request, const HttpResponse &response, bool forHead, bool close)
{
    if (request != m_requests || !m_awaiting || m_finished)
        return; // answered already, or the client is gone
    m_awaiting = false;
    respond(response, forHead, close);
    if (!m_inDispatch && !m_closing)
        processInput(); // pipelined requests waited for this answer
}

void HttpConnection::respond(const HttpResponse &response, bool forHead, bool close)
{
    m_socket->write(
        serializeResponse(response, forHead, close, m_serverName, httpDate(std::chrono::system_clock::now())));
    m_idleTimer.start();
    if (close) {
        m_closing = true;
        m_socket->skip(m_socket->bytesAvailable());
        // Closes once the response is flushed; emits disconnected (then finish()).
        m_socket->disconnectFromHost();
    }
}

} // namespace gpupool::server
