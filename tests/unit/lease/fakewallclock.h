#pragma once

#include "util/clock.h"

#include "fakeclock.h"

#include <atomic>

// Test time for the lease layer: a wall clock that moves only when told, and
// a pair of clocks that move together (lease expiry reads the wall clock,
// waiting reads the monotonic one).
namespace gpupool::testing {

class FakeWallClock final : public gpupool::WallClock
{
public:
    // 2030-01-01 00:00:00 UTC: far from 0, so a forgotten offset shows.
    explicit FakeWallClock(qint64 startMs = 1'893'456'000'000) : m_ms(startMs) {}
    qint64 msSinceEpoch() const override { return m_ms; }
    void advance(qint64 ms) { m_ms += ms; }

private:
    std::atomic<qint64> m_ms; // read on a store's own thread too
};

struct Clocks
{
    FakeClock mono;
    FakeWallClock wall;
    void advance(qint64 ms)
    {
        mono.advance(ms);
        wall.advance(ms);
    }
};

} // namespace gpupool::testing
