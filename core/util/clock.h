#pragma once

#include <QtGlobal>

// Time and randomness as parameters (docs/architecture.md): every part that waits
// or draws jitter takes these, so tests drive it with a fake clock and fixed
// numbers instead of sleeping. One header for the whole core: the endpoint
// engine, the balancer, the lease store and the statistics server all use
// the same few interfaces.
namespace gpupool {

// Monotonic time: what every timeout, breaker, backoff and scheduler reads,
// so that a wall-clock jump (NTP, suspend, an operator's `date -s`) cannot
// reach them.
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

// Lease times are absolute: milliseconds since the Unix epoch.
//
// A lease outlives the process that granted it: it is written to a file, read
// back after a restart and by the command line at the same time, and its
// expiry must mean the same instant to all of them. A monotonic clock's origin
// is private to one boot (and in practice to one process), so its numbers
// cannot be stored or shared. The price is that a jump of the system clock
// moves every expiry with it; leases last hours, and an operator who sets the
// clock back an hour gets an hour of extra lease, never a GPU granted twice
// (exclusivity does not depend on time).
class WallClock
{
public:
    virtual ~WallClock() = default;
    virtual qint64 msSinceEpoch() const = 0;
};

// QDateTime::currentMSecsSinceEpoch().
class SystemWallClock final : public WallClock
{
public:
    qint64 msSinceEpoch() const override;
    static SystemWallClock &instance();
};

} // namespace gpupool
