#pragma once

#include "util/clock.h"

#include <QByteArray>
#include <functional>

// Time as the server's pure parts see it: callables, so that a test passes a
// lambda over its own variable instead of sleeping. The monotonic one reads
// the core's MonotonicClock (util/clock.h) in the program.
namespace gpupool::server {

// Monotonic milliseconds from an arbitrary origin; never goes backwards.
using NowMs = std::function<qint64()>;

// The wall-clock timestamp written into bodies ("2026-11-22T10:53:31.974174").
using TimestampClock = std::function<QByteArray()>;

// `clock` must outlive every copy of the result.
inline NowMs nowMsOf(const MonotonicClock &clock)
{
    return [&clock] { return clock.nowMs(); };
}

inline NowMs steadyClock()
{
    return nowMsOf(SteadyClock::instance());
}

} // namespace gpupool::server
