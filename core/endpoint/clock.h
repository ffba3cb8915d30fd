#pragma once

#include <QtGlobal>

// Time and randomness as parameters (architecture.md): the breaker, the backoff
// and the schedulers read time only through MonotonicClock and draw jitter only
// from RandomSource, so tests drive them with a fake clock and fixed numbers and
// a wall-clock jump (NTP, suspend, an operator's `date -s`) cannot reach them.
namespace gpupool::endpoint {

class MonotonicClock
{
public:
    virtual ~MonotonicClock() = default;
    // Milliseconds since an arbitrary fixed origin; never goes backwards.
    virtual qint64 nowMs() const = 0;
};

// The process's steady clock (std::chrono::steady_clock).
class SteadyClock final : public MonotonicClock
{
public:
    qint64 nowMs() const override;
    // One shared instance: it has no state, so sharing it is free.
    static SteadyClock &instance();
};

class RandomSource
{
public:
    virtual ~RandomSource() = default;
    // A number uniformly drawn from [0, 1).
    virtual double uniform() = 0;
};

// QRandomGenerator's system-seeded global generator.
class SystemRandom final : public RandomSource
{
public:
    double uniform() override;
    static SystemRandom &instance();
};

} // namespace gpupool::endpoint
