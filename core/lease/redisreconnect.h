#pragma once

#include "endpoint/backoff.h"
#include "util/clock.h"

// When to try a lost Redis again: pure logic on an injected clock and random
// source. After n consecutive failures the next try waits base * factor^(n-1)
// (capped) with jitter, so that every workstation of a lab that lost the same
// Redis does not knock on it in the same millisecond when it comes back.
namespace gpupool::lease {

class RedisReconnect
{
public:
    // 0.5 s, 1 s, 2 s ... at most 30 s, +-20 %.
    static endpoint::BackoffPolicy defaultPolicy() { return { 500, 2.0, 30'000, 0.20 }; }

    RedisReconnect(endpoint::BackoffPolicy policy, const gpupool::MonotonicClock &clock, gpupool::RandomSource &random)
        : m_policy(policy)
        , m_clock(clock)
        , m_random(random)
    {
    }

    // A try failed: schedules the next one.
    void failed();
    // Connected: the next loss may be retried at once.
    void succeeded();

    bool isDue() const { return msUntilDue() == 0; }
    // 0 when a try may be made now.
    qint64 msUntilDue() const;
    int failures() const { return m_failures; }
    // The wait chosen after the last failure (0 before any).
    qint64 lastDelayMs() const { return m_lastDelayMs; }

private:
    endpoint::BackoffPolicy m_policy;
    const gpupool::MonotonicClock &m_clock;
    gpupool::RandomSource &m_random;
    int m_failures = 0;
    qint64 m_nextMs = 0;
    qint64 m_lastDelayMs = 0;
};

} // namespace gpupool::lease
