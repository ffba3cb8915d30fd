#pragma once

#include <QtGlobal>

// The simulator's random numbers. Written out rather than taken from <random>:
// the standard distributions differ between standard libraries, and a seed must
// give the same GPUs everywhere.
namespace gpupool::server::sim {

// SplitMix64's output function: a good 64-bit mix of its input.
constexpr quint64 mix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Stateless noise in [0, 1) for (key, a, b): the same inputs give the same value.
inline double hashUniform(quint64 key, quint64 a, quint64 b)
{
    const quint64 h = mix64(key ^ mix64(a ^ mix64(b)));
    return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// A SplitMix64 generator.
class SimRandom
{
public:
    explicit SimRandom(quint64 seed) : m_state(seed) {}

    quint64 next()
    {
        const quint64 out = mix64(m_state);
        m_state += 0x9e3779b97f4a7c15ULL;
        return out;
    }
    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [lo, hi].
    qint64 uniformInt(qint64 lo, qint64 hi)
    {
        return lo + static_cast<qint64>(next() % static_cast<quint64>(hi - lo + 1));
    }

private:
    quint64 m_state;
};

} // namespace gpupool::server::sim
