#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <chrono>

// The HTTP/1.1 request and response as HttpServer's handlers see them.
namespace gpupool::server {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QByteArray method; // as sent, case-sensitive ("GET", "HEAD", ...)
    QByteArray target; // the raw request-target
    QString path; // percent-decoded path, without the query
    QByteArray query; // raw, without '?'; routing ignores it
    int versionMinor = 1; // HTTP/1.<minor>
    HttpHeaders headers; // names lower-cased, values trimmed, in order
    qint64 contentLength = 0; // 0 when absent
    bool chunked = false; // Transfer-Encoding present: body of unknown length
    bool keepAlive = true; // HTTP/1.1 without "Connection: close"
    QHostAddress peerAddress; // set by the connection

    // The first value of a header (name in lower case), or a null QByteArray.
    QByteArray header(QByteArrayView lowerName) const;
    bool isHead() const { return method == "HEAD"; }
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    HttpHeaders headers; // extra headers (e.g. Allow, Location)
    QByteArray body;

    static HttpResponse json(int status, QByteArray body);
    // Starlette's error shape: {"detail":"Not Found"}.
    static HttpResponse detail(int status, const QString &detail);
};

// Limits that keep one client from holding more than its share.
struct HttpLimits
{
    qsizetype maxHeadBytes = 16 * 1024; // request line + headers
    int maxHeaderCount = 100;
    qint64 maxDiscardedBodyBytes = 64 * 1024; // a body on GET is read and dropped up to this
    int idleTimeoutMs = 5000; // uvicorn's keep-alive timeout
    int maxConnections = 10000; // accepting pauses above this
    int listenBacklog = 1024; // connections the kernel queues for us
    qint64 maxPendingOutputBytes = 1024 * 1024; // stop reading a client that does not read
};

QByteArray reasonPhrase(int status);

// IMF-fixdate for the Date header: "Sun, 06 Nov 1994 08:49:37 GMT".
QByteArray httpDate(std::chrono::system_clock::time_point t);

// The bytes of a response. HEAD keeps Content-Length but drops the body;
// `close` adds "Connection: close".
QByteArray serializeResponse(const HttpResponse &response, bool forHead, bool close, QByteArrayView serverName,
                             QByteArrayView date);

} // namespace gpupool::server
