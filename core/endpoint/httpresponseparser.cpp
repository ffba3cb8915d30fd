#include "endpoint/httpresponseparser.h"

#include <cstring>

namespace gpupool::endpoint {

namespace {

bool containsNoCase(QByteArrayView haystack, QByteArrayView needle)
{
    for (qsizetype i = 0; i + needle.size() <= haystack.size(); ++i)
        if (haystack.sliced(i, needle.size()).compare(needle, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace

void HttpResponseParser::reset(Limits limits)
{
    m_limits = limits;
    m_state = State::StatusLine;
    m_error = Error::None;
    m_started = false;
    m_keepAlive = true;
    m_chunked = false;
    m_untilClose = false;
    m_status = 0;
    m_minorVersion = 1;
    m_remaining = 0;
    m_headerBytes = 0;
    // resize(0), not clear(): the capacity stays for the next response.
    m_line.resize(0);
    m_lineTaken = false;
    m_fieldBytes.resize(0);
    m_fields.clear();
    m_body = QByteArray();
}

QByteArrayView HttpResponseParser::headerView(QByteArrayView name) const
{
    for (const Field &f : m_fields) {
        const QByteArrayView key(m_fieldBytes.constData() + f.nameAt, f.nameSize);
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return QByteArrayView(m_fieldBytes.constData() + f.valueAt, f.valueSize);
    }
    return {};
}

bool HttpResponseParser::takeLine(const char *&p, const char *end, QByteArrayView &line)
{
    if (m_lineTaken) {
        m_line.resize(0);
        m_lineTaken = false;
    }
    const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
    const qsizetype n = (nl ? nl + 1 : end) - p;
    m_headerBytes += n;
    if (m_headerBytes > m_limits.maxHeaderBytes) {
        fail(Error::HeadersTooLarge);
        return false;
    }
    if (!nl || !m_line.isEmpty()) {
        // Split across feeds: assemble it (rare: a response's head usually
        // comes in one read).
        m_line.append(p, n);
        p += n;
        if (!nl)
            return false;
        line = m_line;
        m_lineTaken = true;
    } else {
        line = QByteArrayView(p, n);
        p += n;
    }
    line.chop(line.endsWith("\r\n") ? 2 : 1);
    return true;
}

bool HttpResponseParser::parseStatusLine(QByteArrayView line)
{
    // "HTTP/1.1 200 OK"; the reason phrase may be empty or missing.
    if (!line.startsWith("HTTP/1.") || line.size() < 12 || line[8] != ' ')
        return false;
    m_minorVersion = line[7] - '0';
    m_status = 0;
    for (qsizetype i = 9; i < 12; ++i) {
        if (line[i] < '0' || line[i] > '9')
            return false;
        m_status = m_status * 10 + (line[i] - '0');
    }
    return m_status >= 100 && (line.size() == 12 || line[12] == ' ');
}

bool HttpResponseParser::parseHeader(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || line[0] == ' ' || line[0] == '\t')
        return false; // no name, or obsolete line folding
    const QByteArrayView name = line.first(colon).trimmed();
    const QByteArrayView value = line.sliced(colon + 1).trimmed();
    const qsizetype at = m_fieldBytes.size();
    m_fieldBytes.append(name.data(), name.size());
    m_fieldBytes.append(value.data(), value.size());
    m_fields.append(Field { at, name.size(), at + name.size(), value.size() });
    return true;
}

void HttpResponseParser::headersDone()
{
    if (m_status >= 100 && m_status < 200) {
        // An interim response (100 Continue): the real one follows.
        m_fields.clear();
        m_fieldBytes.resize(0);
        m_state = State::StatusLine;
        return;
    }
    const QByteArrayView connection = headerView("Connection");
    m_keepAlive = m_minorVersion >= 1 ? !containsNoCase(connection, "close") : containsNoCase(connection, "keep-alive");
    if (m_status == 204 || m_status == 304) {
        m_state = State::Done;
        return;
    }
    if (containsNoCase(headerView("Transfer-Encoding"), "chunked")) {
        m_chunked = true;
        m_state = State::ChunkSize;
        return;
    }
    const QByteArrayView length = headerView("Content-Length");
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
    QByteArrayView line;
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
            const qsizetype semicolon = line.indexOf(';');
            const QByteArrayView hex = (semicolon < 0 ? line : line.first(semicolon)).trimmed();
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
        case State::Done: break;
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
