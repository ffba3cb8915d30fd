#pragma once

#include "stats/bodyparser.h"

#include <QByteArrayView>
#include <QString>

// Why a poll did not produce a snapshot, classified the way docs/behaviour.md
// ("Endpoint health") needs it: which kinds count against the breaker, which
// are configuration problems, and which are local (this machine's network).
namespace gpupool::endpoint {

enum class FailureKind : quint8 {
    ConnectionRefused,
    ConnectionReset, // closed or reset before the answer was complete
    HostNotFound, // DNS
    NetworkUnreachable,
    Timeout, // the overall deadline passed
    Tls,
    HttpServerError, // 5xx
    RateLimited, // 429
    HttpOther, // another status we cannot use (400, 405, an unfollowed 3xx, ...)
    ServerError, // a body with "error": the server says it could not collect
    Malformed, // not JSON, or cut off
    TooLarge, // over the body cap
    Schema, // JSON that breaks the rules of docs/wire-format.md
    WrongContentType, // not JSON by its Content-Type
    RedirectRefused, // a redirect to another origin
    AuthError, // 401, 403: configuration problem, not a breaker failure
    NotFound, // 404: configuration problem, not a breaker failure
    Other,
};

// Counts towards opening the breaker (everything except configuration problems).
bool isBreakerFailure(FailureKind kind);
// 401/403/404: the endpoint answers, but not as a GPU statistics server we may read.
bool isConfigProblem(FailureKind kind);
// Refused, DNS, unreachable: the kind that suggests this machine is offline.
bool isLocalError(FailureKind kind);
// A stable lower-case name for statistics and logs ("timeout", "http_5xx", ...).
QString kindName(FailureKind kind);

struct PollFailure
{
    FailureKind kind = FailureKind::Other;
    QString text; // complete, human-readable: "timeout after 10 s"
    int httpStatus = 0; // 0 when no HTTP status was received
    // A 429 or 503 with Retry-After: how long the server asked us to wait
    // (at most kRetryAfterCapMs); -1 when it did not ask.
    qint64 retryAfterMs = -1;
};

// A server cannot silence itself for longer than this with Retry-After: the
// operator would see it stale for no reason they could find.
inline constexpr qint64 kRetryAfterCapMs = 10 * 60 * 1000;

// The reasons people read; each says what happened in their terms.
PollFailure failureForHttpStatus(int status);
PollFailure failureForTimeout(qint64 timeoutMs);
PollFailure failureForParseError(const stats::ParseError &error);
PollFailure failureForTooLarge(qint64 capBytes);
PollFailure failureForContentType(const QString &contentType);
// Could not connect: the same words for plain and TLS connections.
PollFailure failureForRefused();
PollFailure failureForHostNotFound();
PollFailure failureForNetwork(const QString &detail); // unreachable: "network error: <detail>"
// `target` is shown without user info, query or fragment: those may hold secrets.
PollFailure failureForRedirect(const QString &target);
PollFailure failureForTooManyRedirects(int status);
// The server closed the connection before the answer was complete
// (`started`: some of it had come) or before it answered at all.
PollFailure failureForClosedEarly(bool started);
// An API key with a line break would end the header and let whoever set it
// write the request: it is never sent.
PollFailure failureForKeyWithLineBreak();
bool hasLineBreak(const QByteArray &apiKey);
// A non-2xx answer, with how long a 429 or 503 asks us to wait (its
// Retry-After header, empty when it had none).
PollFailure failureForHttpAnswer(int status, QByteArrayView retryAfter);

// "0.3 s", "10 s", "2.5 s": seconds with at most one decimal.
QString formatSeconds(qint64 ms);
// "4 MiB", "512 KiB", "100 bytes"
QString formatBytes(qint64 bytes);

} // namespace gpupool::endpoint
