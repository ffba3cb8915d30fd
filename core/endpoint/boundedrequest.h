#pragma once

#include "endpoint/httpget.h"
#include "endpoint/httpresponseparser.h"
#include "endpoint/pollscheduler.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>
#include <optional>

// One GET at a time, bounded the way docs/wire-format.md asks: an overall deadline
// that a trickle of bytes cannot extend, a body cap (an announced body over it
// is refused unread), redirects only within the origin the request was for
// (so https never goes to http and the API key never leaves), TLS verified,
// with an optional per-endpoint certificate pin that excuses exactly the
// listed errors for exactly that certificate.
//
// HTTP/1.1 on a Connection (connection.h: a raw socket in the thread's epoll
// reactor for http, QSslSocket for https) in the caller's thread, kept alive
// between polls. Not QNetworkAccessManager: on Qt 6.4 it reads each
// response's status line and headers one byte per read() system call and
// hands every reply across threads, which made a poll cost ~1 ms of CPU and
// saturated its worker thread at 1000 endpoints (tests/README.md, bench_poll).
// QnamRequest is the same request on QNetworkAccessManager, used where a proxy
// applies (route.h).
//
// The deadline is a call on the endpoints' PollScheduler, not a QTimer of
// its own: starting and stopping a Qt timer for every request was ~5 % of a
// poll's CPU at E=1000, and the scheduler's one timer is running anyway. It
// may fire up to one wake-up step late (pollscheduler.h), never early.
namespace gpupool::endpoint {

class Connection;

class BoundedRequest final : public HttpGet
{
    Q_OBJECT

public:
    // `scheduler` keeps the deadline and must outlive this request.
    explicit BoundedRequest(PollScheduler &scheduler, QObject *parent = nullptr);
    ~BoundedRequest() override;

    // Whether a kept-alive connection is open (for tests and statistics).
    bool hasConnection() const { return m_connection != nullptr; }

    // Lends the kept-alive connection to another request to the same origin
    // (an endpoint's rare health check rides on its poll's connection instead
    // of opening one that the server's idle timeout closes before the next
    // check). Null when running or not connected; the caller owns the result.
    Connection *releaseIdleConnection(QUrl *origin);
    // Takes one over (this request must be idle); the one it had is closed.
    void adoptConnection(Connection *connection, const QUrl &origin);

protected:
    void begin() override;
    void abandon() override;
    void fail(const PollFailure &failure) override;

private:
    void handleConnected();
    void handleReadyRead();
    void handleClosed();
    void handleConnectionFailed(const PollFailure &failure);

    void openConnection();
    void attach(Connection *connection);
    void sendRequest();
    void handleResponse();
    void complete(FetchResult result, bool keepConnection);
    void dropConnection();

    Connection *m_connection = nullptr; // owned; survives between requests when kept alive
    QUrl m_origin; // what m_connection is connected to
    QByteArray m_request; // the last request's bytes, for m_requestUrl and m_requestKey
    QUrl m_requestUrl;
    std::optional<QByteArray> m_requestKey;
    HttpResponseParser m_parser;
    bool m_reused = false; // sent on a kept-alive connection: may be retried once
};

} // namespace gpupool::endpoint
