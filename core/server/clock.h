#pragma once

#include <QByteArray>
#include <chrono>
#include <functional>

// Time as the server's pure parts see it. They take these as parameters so that
// tests can drive them with a fake clock instead of sleeping.
namespace gpupool::server {

// Monotonic milliseconds from an arbitrary origin; never goes backwards.
using MonotonicClock = std::function<qint64()>;

// The wall-clock timestamp written into bodies ("2026-11-22T10:53:31.974174").
using TimestampClock = std::function<QByteArray()>;

inline MonotonicClock steadyClock()
{
    return [] {
        using namespace std::chrono;
        return static_cast<qint64>(
            duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
    };
}

} // namespace gpupool::server
