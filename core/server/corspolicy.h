#pragma once

#include "server/httpmessage.h"

#include <QByteArray>
#include <QList>
#include <optional>

// CORS as the predecessor's server had it (Starlette's CORSMiddleware with
// every origin, method and header allowed), so that browser dashboards built
// on it keep working. Only requests that carry an Origin are touched. A
// preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered
// here, before routing and before the API key check, since browsers send no
// credentials with it. Deliberately not copied: Allow-Credentials. The
// server has no cookies, and an API key is sent by the page itself.
namespace gpupool::server {

struct CorsPolicy
{
    bool enabled = true;
    // "*" (any origin, the predecessor's), or exact origins ("https://dash.lab:8443").
    QList<QByteArray> origins { QByteArrayLiteral("*") };

    // The answer to a preflight; nullopt when the request is none (or CORS is off).
    std::optional<HttpResponse> preflight(const HttpRequest &request) const;
    // The headers that let the page of the request's Origin read the answer,
    // whatever it is (they depend on the request alone); none without Origin.
    HttpHeaders headersFor(const HttpRequest &request) const;

    // The request headers a page may send: the CORS-safelisted ones and ours.
    static const QList<QByteArray> &allowedHeaders();
    static constexpr int kPreflightMaxAgeSeconds = 600; // Starlette's

private:
    bool anyOrigin() const { return origins.contains(QByteArrayLiteral("*")); }
    bool allows(const QByteArray &origin) const { return anyOrigin() || origins.contains(origin); }
};

} // namespace gpupool::server
