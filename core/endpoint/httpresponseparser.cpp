#include "endpoint/httpresponseparser.h"

#include <cstring>

namespace gpupool::endpoint {

void HttpResponseParser::reset(Limits limits)
{
    *this = HttpResponseParser(limits);
}

QByteArray HttpResponseParser::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

bool HttpResponseParser::takeLine(const char *&p, const char *end, QByteArray &line)
{
    const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
    const qsizetype n = (nl ? nl + 1 : end) - p;
    m_headerBytes += n;
    if (m_headerBytes > m_limits.maxHeaderBytes) {
        fail(Error::HeadersTooLarge);
        return false;
    }
    m_line.append(p, n);
    p += n;
    if (!nl)
        return false;
    line = std::exchange(m_line, QByteArray());
    line.chop(line.endsWith("\r\n") ? 2 : 1);
    return true;
}

bool HttpResponseParser::parseStatusLine(const QByteArray &line)
{
    // "HTTP/1.1 200 OK"; the reason phrase may be empty or missing.
    if (!line.startsWith("HTTP/1.") || line.size() < 12 || line[8] != ' ')
        return false;
    m_minorVersion = line[7] - '0';
    bool ok = false;
    m_status = line.mid(9, 3).toInt(&ok);
    return ok && m_status >= 100 && m_status <= 999 && (line.size() == 12 || line[12] == ' ');
}

bool HttpResponseParser::parseHeader(const QByteArray &line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || line[0] == ' ' || line[0] == '\t')
        return false; // no name, or obsolete line folding
    m_headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
    return true;
}

void HttpResponseParser::headersDone()
{
    if (m_status >= 100 && m_status < 200) {
        // An interim response (100 Continue): the real one follows.
        m_headers.clear();
        m_state = State::StatusLine;
        return;
    }
    const QByteArray connection = header("Connection").toLower();
    m_keepAlive = m_minorVersion >= 1 ? !connection.contains("close") : connection.contains("keep-alive");
    if (m_status == 204 || m_status == 304) {
        m_state = State::Done;
        return;
    }
    if (header("Transfer-Encoding").toLower().contains("chunked")) {
        m_chunked = true;
        m_state = State::ChunkSize;
        return;
    }
    const QByteArray length = header("Content-Length");
    if (!length.isEmpty()) {
        bool ok = false;
        m_remaining = length.toLongLong(&ok);
        if (!ok || m_remaining < 0)
            return fail(Error::BadHeader);
        if (m_remaining > m_limits.maxBodyBytes)
            return fail(Error::BodyTooLarge); // refused before reading any of it
        m_body.reserve(qsizetype(qMin<qint64>(m_remaining, 64 * 1024))); // trust no announcement
        m_state = m_remaining == 0 ? State::Done : State::Body;
        return;
    }
    // No length: the body runs to the end of the connection.
    m_untilClose = true;
    m_keepAlive = false;
    m_state = State::Body;
}

bool HttpResponseParser::appendBody(const char *p, qsizetype n)
{
    if (m_body.size() + n > m_limits.maxBodyBytes) {
        fail(Error::BodyTooLarge);
        return false;
    }
    m_body.append(p, n);
    return true;
}

qsizetype HttpResponseParser::feed(const char *data, qsizetype size)
{
    const char *p = data;
    const char *const end = data + size;
    if (size > 0)
        m_started = true;
    QByteArray line;
    while (p < end && !hasFailed() && m_state != State::Done) {
        switch (m_state) {
        case State::StatusLine:
            if (!takeLine(p, end, line))
                break;
            if (!parseStatusLine(line))
                fail(Error::BadStatusLine);
            else
                m_state = State::Headers;
            break;
        case State::Headers:
            if (!takeLine(p, end, line))
                break;
            if (line.isEmpty())
                headersDone();
            else if (!parseHeader(line))
                fail(Error::BadHeader);
            break;
        case State::Body: {
            const qsizetype n = m_untilClose ? end - p : qsizetype(qMin<qint64>(m_remaining, end - p));
            if (!appendBody(p, n))
                break;
            p += n;
            m_remaining -= n;
            if (!m_untilClose && m_remaining == 0)
                m_state = State::Done;
            break;
        }
        case State::ChunkSize: {
            if (!takeLine(p, end, line))
                break;
            m_headerBytes = 0; // chunk lines are not headers
            bool ok = false;
            const QByteArray hex = line.split(';').first().trimmed();
            m_remaining = hex.toLongLong(&ok, 16);
            if (!ok || hex.isEmpty() || m_remaining < 0)
                fail(Error::BadChunk);
            else if (m_body.size() + m_remaining > m_limits.maxBodyBytes)
                fail(Error::BodyTooLarge);
            else
                m_state = m_remaining == 0 ? State::Trailers : State::ChunkData;
            break;
        }
        case State::ChunkData: {
            const qsizetype n = qsizetype(qMin<qint64>(m_remaining, end - p));
            if (!appendBody(p, n))
                break;
            p += n;
            m_remaining -= n;
            if (m_remaining == 0)
                m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd:
            if (!takeLine(p, end, line))
                break;
            m_headerBytes = 0;
            if (!line.isEmpty())
                fail(Error::BadChunk);
            else
                m_state = State::ChunkSize;
            break;
        case State::Trailers:
            if (!takeLine(p, end, line))
                break;
            if (line.isEmpty())
                m_state = State::Done;
            break;
        case State::Done:
            break;
        }
    }
    return p - data;
}

void HttpResponseParser::finishOnClose()
{
    if (hasFailed() || m_state == State::Done)
        return;
    if (m_state == State::Body && m_untilClose)
        m_state = State::Done;
    else
        fail(Error::Truncated);
}

} // namespace gpupool::endpoint
