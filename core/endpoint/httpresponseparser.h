#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QVarLengthArray>

// An incremental HTTP/1.1 response parser: status line, headers, then a body
// delimited by Content-Length, chunked transfer coding or the end of the
// connection. Pure and bounded: header bytes and body bytes have limits, and
// a body announced larger than the cap is refused before any of it is read.
//
// Why our own: Qt 6.4's QNetworkAccessManager reads the status line and
// headers of every response one byte per read() system call (strace: ~200
// per poll), which made a poll cost ~1 ms of CPU; see tests/README.md.
//
// One parser serves every response on a connection and allocates little:
// lines are read in place from what was fed (copied only when one is split
// across feeds), and header names and values go into one buffer whose
// capacity is kept from response to response (bench_poll at E=1000: a copy
// per line, name and value was ~7 % of a poll's CPU).
namespace gpupool::endpoint {

struct HttpResponseLimits
{
    qsizetype maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 4 * 1024 * 1024;
};

class HttpResponseParser
{
public:
    enum class Error : quint8 {
        None,
        BadStatusLine,
        BadHeader,
        HeadersTooLarge,
        BodyTooLarge,
        BadChunk,
        Truncated, // the connection ended before the response did
    };

    using Limits = HttpResponseLimits;

    explicit HttpResponseParser(Limits limits = {}) : m_limits(limits) {}

    // Ready for the next response on the same connection (buffers are kept).
    void reset(Limits limits);

    // Consumes bytes and returns how many it used: it stops at the end of a
    // response (what follows would belong to another one) or at an error.
    qsizetype feed(const char *data, qsizetype size);
    qsizetype feed(const QByteArray &bytes) { return feed(bytes.constData(), bytes.size()); }
    // The peer closed the connection: completes a body that runs to the end
    // of the connection, and is Truncated for anything else unfinished.
    void finishOnClose();

    bool isDone() const { return m_state == State::Done; }
    bool hasFailed() const { return m_error != Error::None; }
    Error error() const { return m_error; }
    // True once any byte of a response arrived (a reused keep-alive
    // connection that closes before that may be retried safely).
    bool hasStarted() const { return m_started; }
    bool headersComplete() const { return m_state > State::Headers; }

    int status() const { return m_status; }
    // The first header of that name (case-insensitive), without surrounding blanks.
    QByteArray header(QByteArrayView name) const { return headerView(name).toByteArray(); }
    // The same without a copy; valid until the next feed() or reset().
    QByteArrayView headerView(QByteArrayView name) const;
    const QByteArray &body() const { return m_body; }
    QByteArray takeBody() { return std::exchange(m_body, QByteArray()); }
    // Whether the connection may carry another request after this response.
    bool keepAlive() const { return m_keepAlive; }

private:
    enum class State : quint8 { StatusLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done };

    struct Field
    {
        qsizetype nameAt, nameSize, valueAt, valueSize; // in m_fieldBytes
    };

    bool takeLine(const char *&p, const char *end, QByteArrayView &line);
    bool parseStatusLine(QByteArrayView line);
    bool parseHeader(QByteArrayView line);
    void headersDone();
    void fail(Error error) { m_error = error; }
    bool appendBody(const char *p, qsizetype n);

    Limits m_limits;
    State m_state = State::StatusLine;
    Error m_error = Error::None;
    bool m_started = false;
    bool m_keepAlive = true;
    bool m_chunked = false;
    bool m_untilClose = false;
    int m_status = 0;
    int m_minorVersion = 1;
    qint64 m_remaining = 0; // of the Content-Length body, or of the current chunk
    qsizetype m_headerBytes = 0;
    QByteArray m_line; // a line being assembled across feeds
    bool m_lineTaken = false; // m_line was handed out as the last line: empty it before reuse
    QByteArray m_fieldBytes; // every header's name and value, back to back
    QVarLengthArray<Field, 16> m_fields;
    QByteArray m_body;
};

} // namespace gpupool::endpoint
