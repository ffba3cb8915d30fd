#include "endpoint/boundedrequest.h"

#include "endpoint/httpsafety.h"
#include "endpoint/plainconnection.h"
#include "endpoint/tlsconnection.h"
#include "gpupool/version.h"

#include <QCoreApplication>

#include <algorithm>

namespace gpupool::endpoint {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::endpoint::BoundedRequest", text);
}

PollFailure parserFailure(const HttpResponseParser &parser, qint64 cap)
{
    using E = HttpResponseParser::Error;
    switch (parser.error()) {
    case E::BodyTooLarge: return failureForTooLarge(cap);
    case E::Truncated: return failureForClosedEarly(true);
    case E::HeadersTooLarge: return { FailureKind::Malformed, tr("not a valid HTTP answer: headers too large"), 0 };
    case E::BadChunk: return { FailureKind::Malformed, tr("not a valid HTTP answer: bad chunked encoding"), 0 };
    case E::BadHeader: return { FailureKind::Malformed, tr("not a valid HTTP answer: bad header"), 0 };
    case E::BadStatusLine:
    case E::None: break;
    }
    return { FailureKind::Malformed, tr("not a valid HTTP answer"), 0 };
}

} // namespace

BoundedRequest::BoundedRequest(PollScheduler &scheduler, QObject *parent) : HttpGet(scheduler, parent) {}

BoundedRequest::~BoundedRequest()
{
    dropConnection();
}

void BoundedRequest::begin()
{
    if (m_connection && m_connection->isOpen() && isSameOrigin(m_origin, m_url)) {
        m_reused = true;
        sendRequest();
    } else {
        openConnection();
    }
}

void BoundedRequest::abandon()
{
    dropConnection(); // an answer may still come on it: the connection is spoilt
}

void BoundedRequest::openConnection()
{
    dropConnection();
    m_reused = false;
    m_origin = originOf(m_current);
    const bool tls = m_current.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    const quint16 port = quint16(m_current.port(tls ? 443 : 80));
    if (tls)
        attach(new TlsConnection(m_limits.pinnedSha256, m_limits.caCertificates, this));
    else
        attach(new PlainConnection(this));
    m_connection->open(m_current.host(), port);
}

void BoundedRequest::attach(Connection *connection)
{
    m_connection = connection;
    connection->setParent(this);
    connect(connection, &Connection::connected, this, &BoundedRequest::handleConnected);
    connect(connection, &Connection::readyRead, this, &BoundedRequest::handleReadyRead);
    connect(connection, &Connection::closed, this, &BoundedRequest::handleClosed);
    connect(connection, &Connection::failed, this, &BoundedRequest::handleConnectionFailed);
}

Connection *BoundedRequest::releaseIdleConnection(QUrl *origin)
{
    if (isRunning() || !m_connection || !m_connection->isOpen())
        return nullptr;
    *origin = m_origin;
    Connection *connection = std::exchange(m_connection, nullptr);
    connection->disconnect(this);
    connection->setParent(nullptr);
    return connection;
}

void BoundedRequest::adoptConnection(Connection *connection, const QUrl &origin)
{
    if (isRunning()) {
        delete connection;
        return;
    }
    dropConnection();
    m_origin = origin;
    attach(connection);
}

void BoundedRequest::handleConnected()
{
    if (isRunning())
        sendRequest();
}

void BoundedRequest::sendRequest()
{
    m_parser.reset({ 16 * 1024, m_limits.bodyCapBytes });
    // The same few bytes every poll: built once per URL and key.
    if (m_current != m_requestUrl || m_apiKey != m_requestKey || m_request.isEmpty()) {
        QByteArray target = m_current.path(QUrl::FullyEncoded).toLatin1();
        if (target.isEmpty())
            target = "/";
        if (m_current.hasQuery())
            target += '?' + m_current.query(QUrl::FullyEncoded).toLatin1();
        m_request = "GET " + target
            + " HTTP/1.1\r\nHost: " + m_current.authority(QUrl::RemoveUserInfo | QUrl::FullyEncoded).toLatin1()
            + "\r\nUser-Agent: gpupool/" GPUPOOL_VERSION "\r\nAccept: application/json\r\n";
        if (m_apiKey)
            m_request += "X-API-Key: " + *m_apiKey + "\r\n";
        m_request += "\r\n";
        m_requestUrl = m_current;
        m_requestKey = m_apiKey;
    }
    m_connection->write(m_request);
}

void BoundedRequest::handleReadyRead()
{
    if (!m_connection)
        return;
    if (!isRunning()) {
        dropConnection(); // bytes on an idle connection: nothing we asked for
        return;
    }
    const QByteArray data = m_connection->readAll();
    const qsizetype used = m_parser.feed(data);
    if (m_parser.hasFailed())
        fail(parserFailure(m_parser, m_limits.bodyCapBytes));
    else if (m_parser.isDone())
        handleResponse();
    // Bytes beyond the response: the connection cannot be trusted again.
    if (used < data.size() && m_connection && !isRunning())
        dropConnection();
}

void BoundedRequest::handleClosed()
{
    if (!isRunning()) {
        dropConnection(); // an idle kept-alive connection the server closed
        return;
    }
    m_parser.finishOnClose();
    if (m_parser.isDone()) {
        handleResponse();
    } else if (m_reused && !m_parser.hasStarted()) {
        // The server closed a kept-alive connection as we reused it (an idle
        // timeout): nothing was answered, so one retry on a new one is safe.
        openConnection();
    } else {
        fail(m_parser.hasFailed() && m_parser.error() != HttpResponseParser::Error::Truncated
                 ? parserFailure(m_parser, m_limits.bodyCapBytes)
                 : failureForClosedEarly(m_parser.hasStarted()));
    }
}

void BoundedRequest::handleConnectionFailed(const PollFailure &failure)
{
    if (isRunning())
        fail(failure);
}

void BoundedRequest::handleResponse()
{
    const int status = m_parser.status();
    const bool keep = m_parser.keepAlive();
    if (isRedirectStatus(status) && !m_parser.header("Location").isEmpty()) {
        if (!followRedirect(status, m_parser.headerView("Location")))
            return;
        if (keep && m_connection && m_connection->isOpen()) {
            m_reused = true;
            sendRequest();
        } else {
            openConnection();
        }
        return;
    }

    complete(
        resultOf(status, m_parser.headerView("Content-Type"), m_parser.headerView("Retry-After"), m_parser.takeBody()),
        keep);
}

void BoundedRequest::fail(const PollFailure &failure)
{
    FetchResult result;
    result.failure = failure;
    result.httpStatus = m_parser.headersComplete() ? m_parser.status() : failure.httpStatus;
    complete(std::move(result), false);
}

void BoundedRequest::complete(FetchResult result, bool keepConnection)
{
    settle(result);
    if (!keepConnection)
        dropConnection();
    m_parser.reset({});
    emit finished(result);
}

void BoundedRequest::dropConnection()
{
    if (Connection *connection = std::exchange(m_connection, nullptr)) {
        connection->disconnect(this);
        connection->abort();
        connection->deleteLater(); // we may be inside one of its signals
    }
}

} // namespace gpupool::endpoint
