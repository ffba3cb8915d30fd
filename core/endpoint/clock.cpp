#include "endpoint/clock.h"

#include <QRandomGenerator>

#include <chrono>

namespace gpupool::endpoint {

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

} // namespace gpupool::endpoint
