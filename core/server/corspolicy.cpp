#include "server/corspolicy.h"

namespace gpupool::server {

const QList<QByteArray> &CorsPolicy::allowedHeaders()
{
    static const QList<QByteArray> headers { "accept",        "accept-language", "content-language", "content-type",
                                             "authorization", "x-api-key",       "cache-control",    "pragma" };
    return headers;
}

std::optional<HttpResponse> CorsPolicy::preflight(const HttpRequest &request) const
{
    if (!enabled || request.method != "OPTIONS")
        return std::nullopt;
    const QByteArray origin = request.header("origin");
    const QByteArray method = request.header("access-control-request-method");
    if (origin.isNull() || method.isNull())
        return std::nullopt; // a plain OPTIONS: routing says 405
    QStringList problems;
    if (!allows(origin))
        problems.append(QStringLiteral("origin"));
    if (method != "GET" && method != "HEAD")
        problems.append(QStringLiteral("method"));
    QList<QByteArray> asked;
    for (const QByteArray &h : request.header("access-control-request-headers").split(',')) {
        const QByteArray name = h.trimmed().toLower();
        if (name.isEmpty())
            continue;
        if (!allowedHeaders().contains(name)) {
            problems.append(QStringLiteral("headers"));
            break;
        }
        asked.append(name);
    }
    HttpResponse r;
    r.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
    r.headers.append({ QByteArrayLiteral("Access-Control-Allow-Methods"), QByteArrayLiteral("GET, HEAD, OPTIONS") });
    r.headers.append({ QByteArrayLiteral("Access-Control-Max-Age"), QByteArray::number(kPreflightMaxAgeSeconds) });
    if (!asked.isEmpty())
        r.headers.append({ QByteArrayLiteral("Access-Control-Allow-Headers"), asked.join(", ") });
    if (!problems.isEmpty()) {
        // Starlette's answer: 400 with the words, and no Allow-Origin.
        r.status = 400;
        r.body = "Disallowed CORS " + problems.join(QStringLiteral(", ")).toLatin1();
        return r;
    }
    r.headers.append(
        { QByteArrayLiteral("Access-Control-Allow-Origin"), anyOrigin() ? QByteArrayLiteral("*") : origin });
    if (!anyOrigin())
        r.headers.append({ QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin") });
    r.body = QByteArrayLiteral("OK");
    return r;
}

HttpHeaders CorsPolicy::headersFor(const HttpRequest &request) const
{
    HttpHeaders headers;
    if (!enabled)
        return headers;
    const QByteArray origin = request.header("origin");
    if (origin.isNull())
        return headers;
    if (anyOrigin()) {
        headers.append({ QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*") });
        return headers;
    }
    // The answer differs by origin: caches must keep them apart.
    headers.append({ QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin") });
    if (allows(origin))
        headers.append({ QByteArrayLiteral("Access-Control-Allow-Origin"), origin });
    return headers;
}

} // namespace gpupool::server
