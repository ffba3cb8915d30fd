#include "util/clock.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <chrono>

namespace gpupool {

qint64 SteadyClock::nowMs() const
{
    // steady_clock is CLOCK_MONOTONIC on Linux: it never follows changes of the
    // wall clock.
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

SteadyClock &SteadyClock::instance()
{
    static SteadyClock clock;
    return clock;
}

double SystemRandom::uniform()
{
    return QRandomGenerator::global()->generateDouble();
}

SystemRandom &SystemRandom::instance()
{
    static SystemRandom random;
    return random;
}

qint64 SystemWallClock::msSinceEpoch() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

SystemWallClock &SystemWallClock::instance()
{
    static SystemWallClock clock;
    return clock;
}

} // namespace gpupool
