#pragma once

#include "endpoint/failure.h"
#include "endpoint/pollscheduler.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QElapsedTimer>
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
    // `scheduler` keeps the deadline and must outlive this request.
    explicit HttpGet(PollScheduler &scheduler, QObject *parent = nullptr);

    // Starts a GET; a request still running is abandoned without a result.
    // `apiKey` goes out as X-API-Key, to this origin only.
    void start(const QUrl &url, const RequestLimits &limits, const std::optional<QByteArray> &apiKey = std::nullopt);
    // Abandons the running request, if any, without emitting finished().
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void finished(const gpupool::endpoint::FetchResult &result);

protected:
    // The transport's part of start(), with the request set up: send it.
    virtual void begin() = 0;
    // The transport's part of cancel(): whatever the request went out on
    // may still bring an answer, so it is spoilt.
    virtual void abandon() = 0;
    // Ends the running request with `failure` (the deadline's among them).
    virtual void fail(const PollFailure &failure) = 0;
    // The request is over: its elapsed time into `result`, the deadline off.
    // The transport then cleans up and emits finished(result).
    void settle(FetchResult &result);
    // A redirect answer (`status`, its Location): true with m_current moved
    // to the target when it may be followed (same origin, within
    // kMaxRedirects); false after failing the request.
    bool followRedirect(int status, QByteArrayView location);
    // A complete answer that is no redirect: a failure for a non-2xx status
    // or a body that is not JSON, else the body (taken only then).
    static FetchResult resultOf(int status, QByteArrayView contentType, QByteArrayView retryAfter, QByteArray body);
    PollScheduler &scheduler() const { return m_deadline.scheduler(); }

    QUrl m_url; // what was asked for; redirects are judged against it
    QUrl m_current; // after redirects within the origin
    RequestLimits m_limits;
    std::optional<QByteArray> m_apiKey;
    int m_redirects = 0;

private:
    ScheduledCall m_deadline;
    QElapsedTimer m_elapsed;
    bool m_running = false;
};

} // namespace gpupool::endpoint

Q_DECLARE_METATYPE(gpupool::endpoint::FetchResult)
