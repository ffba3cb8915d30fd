#pragma once

#include "util/clock.h"

#include <QList>

#include <atomic>

// Test doubles for the core's injected time and randomness (util/clock.h).
namespace gpupool::testing {

// A monotonic clock that moves only when a test says so. It also carries a
// "wall clock" that tests may jump back and forth: nothing in the engine may
// read it, and tests that jump it prove that nothing does.
class FakeClock final : public gpupool::MonotonicClock
{
public:
    explicit FakeClock(qint64 startMs = 1'000'000) : m_nowMs(startMs) {}
    qint64 nowMs() const override { return m_nowMs; }
    void advance(qint64 ms) { m_nowMs += ms; }
    void setNow(qint64 ms) { m_nowMs = ms; }

    qint64 wallMs() const { return m_nowMs + m_wallOffsetMs; }
    void jumpWallClock(qint64 deltaMs) { m_wallOffsetMs += deltaMs; }

private:
    // Atomic: a Pool with PoolOptions::storeThread reads it on its store's thread.
    std::atomic<qint64> m_nowMs;
    std::atomic<qint64> m_wallOffsetMs = 0;
};

// Returns the given numbers in turn, then repeats the last one; 0.5 (no
// jitter) when given none.
class FixedRandom final : public gpupool::RandomSource
{
public:
    explicit FixedRandom(QList<double> values = { 0.5 }) : m_values(std::move(values)) {}
    double uniform() override
    {
        if (m_values.isEmpty())
            return 0.5;
        const double v = m_values.at(qMin(m_next, m_values.size() - 1));
        ++m_next;
        return v;
    }
    void set(QList<double> values)
    {
        m_values = std::move(values);
        m_next = 0;
    }

private:
    QList<double> m_values;
    qsizetype m_next = 0;
};

} // namespace gpupool::testing
