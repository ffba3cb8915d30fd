#include "endpoint/failure.h"

#include "endpoint/httpsafety.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace gpupool::endpoint {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::endpoint::Failure", text);
}

} // namespace

bool isConfigProblem(FailureKind kind)
{
    return kind == FailureKind::AuthError || kind == FailureKind::NotFound;
}

bool isBreakerFailure(FailureKind kind)
{
    return !isConfigProblem(kind);
}

bool isLocalError(FailureKind kind)
{
    return kind == FailureKind::ConnectionRefused || kind == FailureKind::HostNotFound
        || kind == FailureKind::NetworkUnreachable;
}

QString kindName(FailureKind kind)
{
    switch (kind) {
    case FailureKind::ConnectionRefused: return QStringLiteral("refused");
    case FailureKind::ConnectionReset: return QStringLiteral("reset");
    case FailureKind::HostNotFound: return QStringLiteral("dns");
    case FailureKind::NetworkUnreachable: return QStringLiteral("unreachable");
    case FailureKind::Timeout: return QStringLiteral("timeout");
    case FailureKind::Tls: return QStringLiteral("tls");
    case FailureKind::HttpServerError: return QStringLiteral("http_5xx");
    case FailureKind::RateLimited: return QStringLiteral("http_429");
    case FailureKind::HttpOther: return QStringLiteral("http_other");
    case FailureKind::ServerError: return QStringLiteral("server_error");
    case FailureKind::Malformed: return QStringLiteral("malformed");
    case FailureKind::TooLarge: return QStringLiteral("too_large");
    case FailureKind::Schema: return QStringLiteral("schema");
    case FailureKind::WrongContentType: return QStringLiteral("content_type");
    case FailureKind::RedirectRefused: return QStringLiteral("redirect");
    case FailureKind::AuthError: return QStringLiteral("auth");
    case FailureKind::NotFound: return QStringLiteral("not_found");
    case FailureKind::Other: break;
    }
    return QStringLiteral("other");
}

PollFailure failureForHttpStatus(int status)
{
    if (status == 401 || status == 403)
        return { FailureKind::AuthError, tr("auth error (HTTP %1)").arg(status), status };
    if (status == 404)
        return { FailureKind::NotFound, tr("wrong URL or not a GPU statistics server (HTTP 404)"), status };
    if (status == 429)
        return { FailureKind::RateLimited, tr("rate limited (HTTP 429)"), status };
    if (status >= 500 && status <= 599)
        return { FailureKind::HttpServerError, tr("server error (HTTP %1)").arg(status), status };
    return { FailureKind::HttpOther, tr("unexpected HTTP status %1").arg(status), status };
}

PollFailure failureForTimeout(qint64 timeoutMs)
{
    return { FailureKind::Timeout, tr("timeout after %1").arg(formatSeconds(timeoutMs)), 0 };
}

PollFailure failureForParseError(const stats::ParseError &error)
{
    using Kind = stats::ParseError::Kind;
    switch (error.kind) {
    case Kind::ServerError: return { FailureKind::ServerError, tr("server says: %1").arg(error.message), 0 };
    case Kind::TooLarge: return { FailureKind::TooLarge, tr("response too large: %1").arg(error.toString()), 0 };
    case Kind::Malformed: return { FailureKind::Malformed, tr("malformed response: %1").arg(error.toString()), 0 };
    case Kind::TooDeep:
    case Kind::Schema: break;
    }
    return { FailureKind::Schema, tr("invalid response: %1").arg(error.toString()), 0 };
}

PollFailure failureForRefused()
{
    return { FailureKind::ConnectionRefused, tr("connection refused"), 0 };
}

PollFailure failureForHostNotFound()
{
    return { FailureKind::HostNotFound, tr("host not found"), 0 };
}

PollFailure failureForNetwork(const QString &detail)
{
    return { FailureKind::NetworkUnreachable, tr("network error: %1").arg(detail), 0 };
}

PollFailure failureForTooLarge(qint64 capBytes)
{
    return { FailureKind::TooLarge, tr("response larger than %1, cut off").arg(formatBytes(capBytes)), 0 };
}

PollFailure failureForContentType(const QString &contentType)
{
    return { FailureKind::WrongContentType, tr("not a GPU statistics server: expected JSON, got %1").arg(contentType),
             0 };
}

PollFailure failureForRedirect(const QString &target)
{
    return { FailureKind::RedirectRefused, tr("redirect to another origin refused: %1").arg(target), 0 };
}

// The requests' own texts, in the context their translations have.
PollFailure failureForTooManyRedirects(int status)
{
    return { FailureKind::HttpOther,
             QCoreApplication::translate("gpupool::endpoint::BoundedRequest", "too many redirects"), status };
}

PollFailure failureForClosedEarly(bool started)
{
    return { FailureKind::ConnectionReset,
             started ? QCoreApplication::translate("gpupool::endpoint::BoundedRequest",
                                                   "connection closed by the server before the answer was complete")
                     : QCoreApplication::translate("gpupool::endpoint::BoundedRequest",
                                                   "connection closed by the server before it answered"),
             0 };
}

PollFailure failureForKeyWithLineBreak()
{
    return { FailureKind::AuthError,
             QCoreApplication::translate("gpupool::endpoint::BoundedRequest",
                                         "auth error: the API key contains a line break; not sent"),
             0 };
}

bool hasLineBreak(const QByteArray &apiKey)
{
    return apiKey.contains('\r') || apiKey.contains('\n') || apiKey.contains('\0');
}

PollFailure failureForHttpAnswer(int status, QByteArrayView retryAfter)
{
    PollFailure failure = failureForHttpStatus(status);
    if (status != 429 && status != 503)
        return failure;
    // An HTTP-date needs the wall clock: only its difference is kept.
    if (const std::optional<qint64> wait = parseRetryAfterMs(retryAfter, QDateTime::currentMSecsSinceEpoch())) {
        failure.retryAfterMs = std::min(*wait, kRetryAfterCapMs);
        failure.text += QLatin1Char(' ')
            + QCoreApplication::translate("gpupool::endpoint::BoundedRequest", "(asks to wait %1 s)")
                  .arg(double(failure.retryAfterMs) / 1000.0, 0, 'f', 0);
    }
    return failure;
}

QString formatSeconds(qint64 ms)
{
    // Rounded to a tenth, the decimal only when it is not zero: "10 s", "0.3 s".
    const qint64 tenths = (ms + 50) / 100;
    return QLocale::c().toString(double(tenths) / 10.0, 'f', tenths % 10 == 0 ? 0 : 1) + QStringLiteral(" s");
}

QString formatBytes(qint64 bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QString::number(bytes / (1024 * 1024)) + QStringLiteral(" MiB");
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QString::number(bytes / 1024) + QStringLiteral(" KiB");
    return tr("%1 bytes").arg(bytes);
}

} // namespace gpupool::endpoint
