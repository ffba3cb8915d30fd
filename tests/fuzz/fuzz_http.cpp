// libFuzzer target for the HTTP/1.1 response parser under every poll: a
// hostile or broken server chooses every byte and how they are split into
// reads. The parser must never crash, never keep more than its caps, and give
// the same answer however the bytes arrive and whether or not it parsed a
// response before (it keeps its buffers from one response to the next).
#include "endpoint/httpresponseparser.h"

#include <QByteArray>
#include <cstdint>
#include <cstdlib>

using gpupool::endpoint::HttpResponseParser;

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

constexpr HttpResponseParser::Limits kLimits { 1024, 4096 };

struct Outcome
{
    bool done = false;
    bool failed = false;
    HttpResponseParser::Error error = HttpResponseParser::Error::None;
    int status = 0;
    bool keepAlive = false;
    QByteArray body;
    QByteArray contentType;
    qsizetype used = 0;

    // How far a failing parse got depends on where the reads were cut (a
    // cap is crossed within a piece); what it says does not.
    bool operator==(const Outcome &o) const
    {
        if (done != o.done || failed != o.failed || error != o.error)
            return false;
        return !done
            || (status == o.status && keepAlive == o.keepAlive && body == o.body && contentType == o.contentType
                && used == o.used);
    }
};

// Feeds `wire` in pieces of `step` bytes (0: all at once), as reads would
// deliver it, stopping where the parser stops, then ends the connection.
Outcome parse(HttpResponseParser &p, const QByteArray &wire, qsizetype step)
{
    Outcome o;
    qsizetype at = 0;
    while (at < wire.size() && !p.isDone() && !p.hasFailed()) {
        const qsizetype n = step > 0 ? qMin(step, wire.size() - at) : wire.size() - at;
        const qsizetype used = p.feed(wire.constData() + at, n);
        check(used >= 0 && used <= n);
        at += used;
        if (used < n)
            break; // the parser stopped inside this piece
    }
    if (!p.isDone() && !p.hasFailed())
        p.finishOnClose();
    o.done = p.isDone();
    o.failed = p.hasFailed();
    o.error = p.error();
    o.status = p.status();
    o.keepAlive = p.keepAlive();
    o.body = p.body();
    o.contentType = p.header("Content-Type");
    o.used = at;
    check(o.done != o.failed); // after the end of the connection: one or the other
    check(o.body.size() <= kLimits.maxBodyBytes);
    if (o.done)
        check(o.status >= 100 && o.status <= 999);
    return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    // The first byte chooses how the rest is split into reads.
    const qsizetype step = 1 + data[0] % 13;
    const QByteArray wire(reinterpret_cast<const char *>(data) + 1, static_cast<qsizetype>(size) - 1);

    HttpResponseParser whole(kLimits);
    const Outcome once = parse(whole, wire, 0);
    HttpResponseParser pieces(kLimits);
    check(parse(pieces, wire, step) == once);
    // Again on a parser that has just read another response (a byte at a
    // time, so its line buffer was used): nothing of that one may show.
    HttpResponseParser reused(kLimits);
    parse(reused,
          QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/x-old\r\nX-Old: 1\r\n"
                     "Content-Length: 3\r\n\r\nold"),
          1);
    reused.reset(kLimits);
    check(parse(reused, wire, step) == once);
    return 0;
}
