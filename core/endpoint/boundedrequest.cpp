#include "endpoint/boundedrequest.h"

#include "endpoint/httpsafety.h"
#include "util/logging.h"
#include "gpupool/version.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>

#include <algorithm>
#include <climits>

namespace gpupool::endpoint {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::endpoint::BoundedRequest", text);
}

// Qt's network errors in behaviour.md's terms.
PollFailure networkFailure(QNetworkReply::NetworkError error, const QString &qtText)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return { FailureKind::ConnectionRefused, tr("connection refused"), 0 };
    case QNetworkReply::RemoteHostClosedError:
        return { FailureKind::ConnectionReset,
                 tr("connection closed by the server before the answer was complete"), 0 };
    case QNetworkReply::HostNotFoundError:
        return { FailureKind::HostNotFound, tr("host not found"), 0 };
    case QNetworkReply::TimeoutError:
        return { FailureKind::Timeout, tr("the connection timed out"), 0 };
    case QNetworkReply::SslHandshakeFailedError:
        return { FailureKind::Tls, tr("TLS error: %1").arg(qtText), 0 };
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
        return { FailureKind::NetworkUnreachable, tr("network error: %1").arg(qtText), 0 };
    case QNetworkReply::ProtocolFailure:
        return { FailureKind::Malformed, tr("not a valid HTTP answer: %1").arg(qtText), 0 };
    default:
        break;
    }
    return { FailureKind::Other, qtText, 0 };
}

bool isJsonContentType(const QByteArray &header)
{
    // "application/json", "application/problem+json", with or without
    // parameters. A missing Content-Type is let through to the parser.
    const QByteArray type = header.split(';').first().trimmed().toLower();
    return type.isEmpty() || type == "application/json" || type.endsWith("+json");
}

} // namespace

BoundedRequest::BoundedRequest(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent), m_manager(manager)
{
    m_deadline.setSingleShot(true);
    m_deadline.setTimerType(Qt::PreciseTimer); // "timeout after 0.3 s" must not come at 0.29 s
    connect(&m_deadline, &QTimer::timeout, this, &BoundedRequest::handleDeadline);
}

BoundedRequest::~BoundedRequest()
{
    dropReply();
}

void BoundedRequest::start(const QUrl &url, const RequestLimits &limits,
                           const std::optional<QByteArray> &apiKey)
{
    dropReply();
    m_url = url;
    m_limits = limits;
    m_body.clear();

    QNetworkRequest request(url);
    // Redirects are ours to judge (handleRedirected), one at a time.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setMaximumRedirectsAllowed(3);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(0); // our deadline is the overall one
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "gpupool/" GPUPOOL_VERSION);
    if (apiKey)
        request.setRawHeader("X-API-Key", *apiKey);

    m_elapsed.start();
    m_reply = m_manager->get(request);
    // The manager reads ahead of us up to this much, so a hostile body cannot
    // pile up in its buffers while we are busy elsewhere.
    m_reply->setReadBufferSize(qMin<qint64>(limits.bodyCapBytes + 1, 256 * 1024));
    connect(m_reply, &QNetworkReply::readyRead, this, &BoundedRequest::handleReadyRead);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &BoundedRequest::handleMetaDataChanged);
    connect(m_reply, &QNetworkReply::redirected, this, &BoundedRequest::handleRedirected);
    connect(m_reply, &QNetworkReply::sslErrors, this, &BoundedRequest::handleSslErrors);
    connect(m_reply, &QNetworkReply::finished, this, &BoundedRequest::handleFinished);
    m_deadline.start(int(std::clamp<qint64>(limits.timeoutMs, 1, INT_MAX)));
}

void BoundedRequest::cancel()
{
    dropReply();
}

void BoundedRequest::handleReadyRead()
{
    if (!m_reply)
        return;
    const qint64 room = m_limits.bodyCapBytes + 1 - m_body.size();
    m_body += m_reply->read(qMax<qint64>(0, room));
    if (m_body.size() > m_limits.bodyCapBytes)
        fail(failureForTooLarge(m_limits.bodyCapBytes));
}

void BoundedRequest::handleMetaDataChanged()
{
    if (!m_reply)
        return;
    // Refuse a body announced as too large before reading any of it.
    bool ok = false;
    const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (ok && length > m_limits.bodyCapBytes && status >= 200 && status < 300)
        fail(failureForTooLarge(m_limits.bodyCapBytes));
}

void BoundedRequest::handleRedirected(const QUrl &target)
{
    if (!m_reply)
        return;
    // Judged against the URL we asked for: by the time this signal comes,
    // the reply's own url() already is the redirect target.
    const QUrl resolved = m_url.resolved(target);
    if (!isSameOrigin(m_url, resolved)) {
        qCInfo(lcEndpoint) << "refused redirect from" << redactedUrl(m_url)
                           << "to" << redactedUrl(resolved);
        fail(failureForRedirect(redactedUrl(resolved)));
        return;
    }
    emit m_reply->redirectAllowed();
}

void BoundedRequest::handleSslErrors(const QList<QSslError> &errors)
{
    if (!m_reply)
        return;
    const QSslCertificate peer = m_reply->sslConfiguration().peerCertificate();
    if (pinExcuses(m_limits.pinnedSha256, peer, errors)) {
        // Exactly these errors, for this reply: never ignoreSslErrors() wholesale.
        m_reply->ignoreSslErrors(errors);
        return;
    }
    QStringList texts;
    for (const QSslError &e : errors)
        texts.append(e.errorString());
    PollFailure f { FailureKind::Tls, tr("TLS error: %1").arg(texts.join(QStringLiteral("; "))), 0 };
    if (!m_limits.pinnedSha256.isEmpty() && !peer.isNull())
        f.text += QLatin1Char(' ')
            + tr("(certificate %1 is not the pinned one)")
                  .arg(formatSha256Fingerprint(peer.digest(QCryptographicHash::Sha256)));
    fail(f);
}

void BoundedRequest::handleFinished()
{
    if (!m_reply)
        return;
    handleReadyRead(); // whatever is left in the reply's buffer
    if (!m_reply)
        return;       // the rest went over the cap
    FetchResult result;
    result.httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = m_reply->error();
    if (result.httpStatus == 0 || (error != QNetworkReply::NoError && error < 200)) {
        // No HTTP answer, or the connection broke during one (network errors
        // are below 200 in QNetworkReply's numbering; HTTP status errors above).
        result.failure = error == QNetworkReply::NoError
            ? PollFailure { FailureKind::Other, tr("no HTTP answer"), 0 }
            : networkFailure(error, m_reply->errorString());
        result.failure.httpStatus = result.httpStatus;
    } else if (result.httpStatus < 200 || result.httpStatus > 299) {
        result.failure = failureForHttpStatus(result.httpStatus);
    } else if (const QByteArray type = m_reply->rawHeader("Content-Type"); !isJsonContentType(type)) {
        result.failure = failureForContentType(QString::fromLatin1(type.left(100)));
        result.failure.httpStatus = result.httpStatus;
    } else {
        result.ok = true;
        result.body = std::move(m_body);
    }
    complete(std::move(result));
}

void BoundedRequest::handleDeadline()
{
    if (m_reply)
        fail(failureForTimeout(m_limits.timeoutMs));
}

void BoundedRequest::fail(const PollFailure &failure)
{
    FetchResult result;
    result.failure = failure;
    if (m_reply)
        result.httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    complete(std::move(result));
}

void BoundedRequest::complete(FetchResult result)
{
    result.elapsedUs = m_elapsed.nsecsElapsed() / 1000;
    dropReply();
    m_body = QByteArray();
    emit finished(result);
}

void BoundedRequest::dropReply()
{
    m_deadline.stop();
    if (QNetworkReply *reply = m_reply.data()) {
        m_reply = nullptr;
        reply->disconnect(this);
        if (reply->isRunning())
            reply->abort();
        reply->deleteLater();
    }
}

} // namespace gpupool::endpoint
