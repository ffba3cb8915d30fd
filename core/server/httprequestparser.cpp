#include "server/httprequestparser.h"

#include <QUrl>

namespace gpupool::server {

namespace {

using State = HeadParseResult::State;

// RFC 9110 tchar: the characters of methods and header names.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~': return true;
    default: return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

HeadParseResult error(int status, const char *reason)
{
    HeadParseResult r;
    r.state = State::Error;
    r.errorStatus = status;
    r.errorReason = reason;
    return r;
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

// The end of the head: the index just past the blank line, or -1. Lines may end
// in CRLF or a bare LF.
qsizetype findHeadEnd(QByteArrayView data, qsizetype from)
{
    for (qsizetype i = from; i < data.size(); ++i) {
        if (data[i] != '\n')
            continue;
        qsizetype j = i + 1;
        if (j < data.size() && data[j] == '\r')
            ++j;
        if (j < data.size() && data[j] == '\n')
            return j + 1;
    }
    return -1;
}

bool parseRequestLine(QByteArrayView line, HttpRequest &req, HeadParseResult &err)
{
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
        err = error(400, "malformed request line");
        return false;
    }
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (!isToken(method)) {
        err = error(400, "invalid method");
        return false;
    }
    if (target.isEmpty()) {
        err = error(400, "empty request target");
        return false;
    }
    for (char c : target) {
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
            err = error(400, "invalid character in request target");
            return false;
        }
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' || version[5] < '0' || version[5] > '9'
        || version[7] < '0' || version[7] > '9') {
        err = error(400, "malformed HTTP version");
        return false;
    }
    if (version[5] != '1') {
        err = error(505, "unsupported HTTP version");
        return false;
    }
    req.method = method.toByteArray();
    req.target = target.toByteArray();
    req.versionMinor = version[7] - '0';

    // Absolute-form ("http://host/path") is allowed by RFC 9112; route on its path.
    QByteArrayView pathAndQuery = target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype authority = target.indexOf("//") + 2;
        const qsizetype slash = target.indexOf('/', authority);
        const qsizetype question = target.indexOf('?', authority);
        if (slash >= 0 && (question < 0 || slash < question))
            pathAndQuery = target.sliced(slash);
        else
            pathAndQuery = question >= 0 ? target.sliced(question) : QByteArrayView("/");
    }
    const qsizetype q = pathAndQuery.indexOf('?');
    const QByteArrayView rawPath = q >= 0 ? pathAndQuery.first(q) : pathAndQuery;
    req.query = q >= 0 ? pathAndQuery.sliced(q + 1).toByteArray() : QByteArray();
    if (rawPath.isEmpty()) {
        req.path = QStringLiteral("/");
    } else if (rawPath.front() == '/' || rawPath == "*") {
        req.path = QUrl::fromPercentEncoding(rawPath.toByteArray());
    } else {
        err = error(400, "request target is not a path");
        return false;
    }
    return true;
}

bool parseHeaderLine(QByteArrayView line, HttpRequest &req, HeadParseResult &err)
{
    if (line.front() == ' ' || line.front() == '\t') {
        err = error(400, "obsolete line folding");
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon))) {
        err = error(400, "malformed header field");
        return false;
    }
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f) {
            err = error(400, "control character in header value");
            return false;
        }
    }
    req.headers.append({ line.first(colon).toByteArray().toLower(), value.toByteArray() });
    return true;
}

// Content-Length, Transfer-Encoding and Connection decide how the connection
// goes on, so conflicting or garbled values end it rather than being guessed at.
bool applyFramingHeaders(HttpRequest &req, HeadParseResult &err)
{
    bool haveLength = false;
    bool close = false;
    for (const auto &[name, value] : req.headers) {
        if (name == "content-length") {
            bool ok = value.size() <= 18 && !value.isEmpty();
            for (char c : value)
                ok = ok && c >= '0' && c <= '9';
            const qint64 length = ok ? value.toLongLong(&ok) : -1;
            if (!ok || (haveLength && length != req.contentLength)) {
                err = error(400, "invalid Content-Length");
                return false;
            }
            haveLength = true;
            req.contentLength = length;
        } else if (name == "transfer-encoding") {
            req.chunked = true;
        } else if (name == "connection") {
            for (const QByteArray &token : value.split(','))
                close = close || token.trimmed().compare("close", Qt::CaseInsensitive) == 0;
        }
    }
    if (req.chunked && haveLength) {
        err = error(400, "both Content-Length and Transfer-Encoding");
        return false;
    }
    // HTTP/1.0 keep-alive is an opt-in extension that uvicorn does not offer either.
    req.keepAlive = req.versionMinor >= 1 && !close;
    return true;
}

} // namespace

HeadParseResult parseRequestHead(QByteArrayView data, const HttpLimits &limits)
{
    // RFC 9112 2.2: ignore empty lines before the request line (left over after a body).
    qsizetype start = 0;
    while (start < data.size() && (data[start] == '\r' || data[start] == '\n'))
        ++start;
    if (start > limits.maxHeadBytes)
        return error(400, "too many empty lines");

    const qsizetype end = findHeadEnd(data, start);
    if (end < 0 || end > limits.maxHeadBytes) {
        if (end >= 0 || data.size() > limits.maxHeadBytes)
            return error(431, "request head too large");
        return {};
    }

    HeadParseResult result;
    HttpRequest &req = result.request;
    QByteArrayView head = data.sliced(start, end - start);
    bool first = true;
    int headerCount = 0;
    while (!head.isEmpty()) {
        const qsizetype nl = head.indexOf('\n');
        QByteArrayView line = head.first(nl);
        head = head.sliced(nl + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            break; // the blank line that ends the head
        if (line.contains('\r'))
            return error(400, "bare CR in request head");
        if (first) {
            if (!parseRequestLine(line, req, result))
                return result;
            first = false;
            continue;
        }
        if (++headerCount > limits.maxHeaderCount)
            return error(431, "too many header fields");
        if (!parseHeaderLine(line, req, result))
            return result;
    }
    if (!applyFramingHeaders(req, result))
        return result;
    result.state = State::Complete;
    result.consumed = end;
    return result;
}

} // namespace gpupool::server
