#include "endpoint/qnamrequest.h"

#include "endpoint/httpsafety.h"
#include "endpoint/tlsconnection.h"
#include "gpupool/version.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSslConfiguration>

#include <algorithm>

namespace gpupool::endpoint {

namespace {

// What QNAM reads ahead of us from the socket: with it bounded, a server
// pushing an endless body is held back by TCP instead of filling memory.
constexpr qint64 kReadBuffer = 256 * 1024;

bool isProxyError(QNetworkReply::NetworkError error)
{
    return error >= QNetworkReply::ProxyConnectionRefusedError && error <= QNetworkReply::UnknownProxyError;
}

// An error of the connection rather than one QNAM derives from the status.
bool isTransportError(QNetworkReply::NetworkError error)
{
    return (error > QNetworkReply::NoError && error < QNetworkReply::ContentAccessDenied)
        || (error >= QNetworkReply::ProtocolUnknownError && error <= QNetworkReply::ProtocolFailure);
}

} // namespace

QnamRequest::QnamRequest(PollScheduler &scheduler, const ProxySetting &proxy, QObject *parent)
    : HttpGet(scheduler, parent)
    , m_manager(managerFor(scheduler, proxy))
{
}

QnamRequest::~QnamRequest()
{
    dropReply();
}

QNetworkAccessManager &QnamRequest::managerFor(PollScheduler &scheduler, const ProxySetting &proxy)
{
    const QString name = QStringLiteral("gpupool-qnam ") + proxy.toString();
    if (auto *found = scheduler.findChild<QNetworkAccessManager *>(name, Qt::FindDirectChildrenOnly))
        return *found;
    auto *manager = new QNetworkAccessManager(&scheduler);
    manager->setObjectName(name);
    manager->setProxyFactory(new ProxyFactory(proxy)); // owned by the manager
    manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    manager->setAutoDeleteReplies(false);
    manager->setTransferTimeout(0);
    return *manager;
}

void QnamRequest::send()
{
    dropReply();
    m_body.clear();
    m_answered = false;
    m_tlsFailure.reset();

    QNetworkRequest request(m_current);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setTransferTimeout(0); // the deadline is ours, and overall
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("gpupool/" GPUPOOL_VERSION));
    request.setRawHeader("Accept", "application/json");
    // As our own client asks: the body's length is then Content-Length,
    // which handleFinished() holds the body to.
    request.setRawHeader("Accept-Encoding", "identity");
    if (m_apiKey)
        request.setRawHeader("X-API-Key", *m_apiKey);
    if (m_current.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration(); // the system's CAs, and these
        if (!m_limits.caCertificates.isEmpty())
            tls.addCaCertificates(m_limits.caCertificates);
        request.setSslConfiguration(tls);
    }

    QNetworkReply *reply = m_manager.get(request);
    reply->setReadBufferSize(kReadBuffer);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, &QnamRequest::handleMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &QnamRequest::handleReadyRead);
    connect(reply, &QNetworkReply::finished, this, &QnamRequest::handleFinished);
    connect(reply, &QNetworkReply::sslErrors, this, &QnamRequest::handleSslErrors);
}

void QnamRequest::handleMetaData()
{
    if (!isRunning() || !m_reply)
        return;
    m_answered = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
    // An announced body over the cap is refused unread.
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && length.toLongLong() > m_limits.bodyCapBytes)
        fail(failureForTooLarge(m_limits.bodyCapBytes));
}

void QnamRequest::handleReadyRead()
{
    if (!isRunning() || !m_reply)
        return;
    m_body += m_reply->read(m_limits.bodyCapBytes + 1 - m_body.size());
    if (m_body.size() > m_limits.bodyCapBytes)
        fail(failureForTooLarge(m_limits.bodyCapBytes));
}

void QnamRequest::handleSslErrors(const QList<QSslError> &errors)
{
    if (!isRunning() || !m_reply)
        return;
    const QSslCertificate peer = m_reply->sslConfiguration().peerCertificate();
    if (pinExcuses(m_limits.pinnedSha256, peer, errors))
        m_reply->ignoreSslErrors(errors); // exactly these, for this certificate
    else
        m_tlsFailure = failureForSslErrors(errors, m_limits.pinnedSha256, peer);
}

void QnamRequest::handleFinished()
{
    if (!isRunning() || !m_reply)
        return;
    QNetworkReply *reply = m_reply;
    handleReadyRead();
    if (!isRunning())
        return;
    if (m_tlsFailure) {
        fail(*m_tlsFailure);
        return;
    }
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QNetworkReply::NetworkError error = reply->error();
    if (!statusAttribute.isValid() || isTransportError(error)) {
        fail(networkFailure(error));
        return;
    }
    // QNAM may end a body cut short of its Content-Length (the server closed
    // or reset mid-body) without an error, when the close races its last
    // read: a short body is a connection closed early, never an answer.
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && m_body.size() < length.toLongLong()) {
        fail(failureForClosedEarly(true));
        return;
    }
    const int status = statusAttribute.toInt();
    const QByteArray location = reply->rawHeader("Location");
    if (isRedirectStatus(status) && !location.isEmpty()) {
        if (followRedirect(status, location))
            send();
        return;
    }
    complete(
        resultOf(status, reply->rawHeader("Content-Type"), reply->rawHeader("Retry-After"), std::exchange(m_body, {})));
}

// The texts are BoundedRequest's, in its context: one translation for both transports.
PollFailure QnamRequest::networkFailure(QNetworkReply::NetworkError error) const
{
    const QString text = m_reply ? m_reply->errorString() : QString();
    if (isProxyError(error)) {
        // The way out is down: every endpoint behind it fails the same way,
        // which the offline detector reads as this machine's network.
        return failureForNetwork(
            QCoreApplication::translate("gpupool::endpoint::BoundedRequest", "proxy: %1").arg(text));
    }
    switch (error) {
    case QNetworkReply::ConnectionRefusedError: return failureForRefused();
    case QNetworkReply::HostNotFoundError: return failureForHostNotFound();
    case QNetworkReply::RemoteHostClosedError: return failureForClosedEarly(m_answered);
    case QNetworkReply::TimeoutError: return failureForTimeout(m_limits.timeoutMs);
    case QNetworkReply::SslHandshakeFailedError:
        return { FailureKind::Tls,
                 QCoreApplication::translate("gpupool::endpoint::BoundedRequest", "TLS error: %1").arg(text), 0 };
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProtocolFailure:
        return { FailureKind::Malformed,
                 QCoreApplication::translate("gpupool::endpoint::BoundedRequest", "not a valid HTTP answer"), 0 };
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError: return failureForNetwork(text);
    default: break;
    }
    return { FailureKind::Other, text, 0 };
}

void QnamRequest::fail(const PollFailure &failure)
{
    FetchResult result;
    result.failure = failure;
    const QVariant status = m_reply ? m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute) : QVariant();
    result.httpStatus = status.isValid() ? status.toInt() : failure.httpStatus;
    complete(std::move(result));
}

void QnamRequest::complete(FetchResult result)
{
    settle(result);
    dropReply();
    m_body.clear();
    emit finished(result);
}

void QnamRequest::dropReply()
{
    if (QNetworkReply *reply = m_reply.data()) {
        m_reply.clear();
        reply->disconnect(this);
        if (!reply->isFinished())
            reply->abort(); // its connection is spoilt; a finished one goes back to QNAM's pool
        reply->deleteLater(); // we may be inside one of its signals
    }
}

} // namespace gpupool::endpoint
