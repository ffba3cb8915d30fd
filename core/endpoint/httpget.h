#pragma once

#include "endpoint/failure.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>
#include <optional>

// One bounded GET at a time, the way docs/wire-format.md asks: an overall
// deadline that a trickle of bytes cannot extend, a body cap, redirects only
// within the origin, TLS verified with an optional pin. Two transports keep
// these rules: BoundedRequest (our HTTP/1.1 client, the default) and
// QnamRequest (QNetworkAccessManager, for proxies). The Poller holds one per
// kind of request and does not care which.
namespace gpupool::endpoint {

// Redirects followed (within the origin) before giving up.
inline constexpr int kMaxRedirects = 3;

struct RequestLimits
{
    qint64 timeoutMs = 10'000;
    qint64 bodyCapBytes = 4 * 1024 * 1024;
    QByteArray pinnedSha256; // empty: only the CAs are trusted
    QList<QSslCertificate> caCertificates; // beside the system's (cafile.h)
};

struct FetchResult
{
    bool ok = false; // a 2xx with a JSON (or untyped) body within the cap
    int httpStatus = 0;
    QByteArray body;
    PollFailure failure; // when !ok
    qint64 elapsedUs = 0; // from start() to the answer, monotonic
};

class HttpGet : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Starts a GET; a request still running is abandoned without a result.
    // `apiKey` goes out as X-API-Key, to this origin only.
    virtual void start(const QUrl &url, const RequestLimits &limits, const std::optional<QByteArray> &apiKey) = 0;
    // Abandons the running request, if any, without emitting finished().
    virtual void cancel() = 0;
    virtual bool isRunning() const = 0;

signals:
    void finished(const gpupool::endpoint::FetchResult &result);
};

} // namespace gpupool::endpoint

Q_DECLARE_METATYPE(gpupool::endpoint::FetchResult)
