// libFuzzer target for gpupool-statd's HTTP/1.x request head parser: every
// client on the network chooses these bytes. The parser must never crash,
// never read past what it was given, answer only with the statuses it
// promises (400, 431, 505), and give the same answer however much of the
// input has arrived: the connection calls it again on a growing buffer.
#include "server/httprequestparser.h"

#include <QByteArray>
#include <cstdint>
#include <cstdlib>

using gpupool::server::HeadParseResult;
using gpupool::server::HttpLimits;
using gpupool::server::parseRequestHead;

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

HttpLimits limits()
{
    HttpLimits l;
    l.maxHeadBytes = 2048; // small, so the fuzzer crosses the caps often
    l.maxHeaderCount = 16;
    return l;
}

bool sameRequest(const HeadParseResult &a, const HeadParseResult &b)
{
    return a.state == b.state && a.consumed == b.consumed && a.request.method == b.request.method
        && a.request.target == b.request.target && a.request.path == b.request.path
        && a.request.query == b.request.query && a.request.headers == b.request.headers
        && a.request.contentLength == b.request.contentLength && a.request.chunked == b.request.chunked
        && a.request.keepAlive == b.request.keepAlive && a.request.versionMinor == b.request.versionMinor;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray wire = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const HttpLimits l = limits();
    const HeadParseResult whole = parseRequestHead(wire, l);
    switch (whole.state) {
    case HeadParseResult::State::Complete: {
        check(whole.consumed > 0 && whole.consumed <= wire.size());
        check(!whole.request.method.isEmpty());
        check(whole.request.headers.size() <= l.maxHeaderCount);
        check(whole.consumed <= l.maxHeadBytes);
        // The head alone says the same, and what follows it never mattered.
        check(sameRequest(parseRequestHead(wire.first(whole.consumed), l), whole));
        // Less than the head is never complete, and never wrong either.
        const qsizetype cut = whole.consumed > 1 ? qsizetype(data[0]) % whole.consumed : 0;
        check(parseRequestHead(wire.first(cut), l).state == HeadParseResult::State::NeedMore);
        break;
    }
    case HeadParseResult::State::Error:
        check(whole.errorStatus == 400 || whole.errorStatus == 431 || whole.errorStatus == 505);
        break;
    case HeadParseResult::State::NeedMore:
        // Waiting for more is only allowed below the cap on a head's size.
        check(wire.size() <= l.maxHeadBytes);
        break;
    }
    return 0;
}
