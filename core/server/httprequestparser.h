#pragma once

#include "server/httpmessage.h"

#include <QByteArrayView>

// Parses the head of one HTTP/1.x request (request line + header fields) from the
// start of a connection's input. Pure and strict where leniency would let a
// client desynchronise the connection (bare CR, folded lines, conflicting
// lengths), lenient where real clients differ (LF-only line ends, no Host).
namespace gpupool::server {

struct HeadParseResult
{
    enum class State { NeedMore, Complete, Error };
    State state = State::NeedMore;
    qsizetype consumed = 0; // bytes of the head, blank line included (Complete)
    HttpRequest request; // valid when Complete
    int errorStatus = 0; // 400, 431 or 505 when Error
    QByteArray errorReason; // for the debug log
};

HeadParseResult parseRequestHead(QByteArrayView data, const HttpLimits &limits);

} // namespace gpupool::server
