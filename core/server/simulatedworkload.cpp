#include "server/simulatedworkload.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace gpupool::server::sim {

namespace {

// How fast a GPU heats up and cools down: about a minute to settle.
constexpr double thermalTauMs = 20000.0;

double lerp(double a, double b, double t)
{
    return a + (b - a) * t;
}

} // namespace

SimulatedWorkload::SimulatedWorkload(quint64 seed, double baselineMemory)
    : m_seed(seed)
    , m_baseline(std::clamp(baselineMemory, 0.0, 0.5))
    , m_rng(seed)
{
    reset();
}

void SimulatedWorkload::reset()
{
    m_rng = SimRandom(m_seed);
    // GPUs do not all start idle at time 0: draw the phase the GPU is in and how
    // long it has been in it.
    const double pick = m_rng.uniform();
    const Phase phase = pick < 0.4 ? Phase::Idle : pick < 0.7 ? Phase::Saturated : Phase::Bursty;
    const double jobMemory = phase == Phase::Idle ? m_baseline : m_rng.uniform(0.15, 0.9);
    const double util = phase == Phase::Saturated ? 100.0 : phase == Phase::Bursty ? 50.0 : 0.0;
    Span span = makeSpan(phase, 0, util, jobMemory, 0);
    span.heatFrom = meanUtilization(span) / 100.0; // it has been like this a while
    const qint64 elapsed = static_cast<qint64>(m_rng.uniform() * static_cast<double>(span.endMs));
    span.startMs -= elapsed;
    span.endMs -= elapsed;
    m_span = span;
}

SimulatedWorkload::Span SimulatedWorkload::makeSpan(Phase phase, qint64 startMs, double util, double mem, double heat)
{
    Span s;
    s.phase = phase;
    s.startMs = startMs;
    s.heatFrom = heat;
    qint64 duration = 0;
    switch (phase) {
    case Phase::Idle:
        duration = m_rng.uniformInt(15000, 120000);
        s.memFrom = s.memTo = m_baseline;
        break;
    case Phase::Loading:
        // Data and weights arrive: memory grows to the job's size, compute is light.
        duration = m_rng.uniformInt(4000, 25000);
        s.utilFrom = util;
        s.utilTo = m_rng.uniform(5, 30);
        s.memFrom = mem;
        s.memTo = std::max(mem, m_rng.uniform(0.15, 0.92));
        break;
    case Phase::Saturated:
        // Training: flat out; the caching allocator keeps growing a little.
        duration = m_rng.uniformInt(30000, 300000);
        s.utilFrom = s.utilTo = m_rng.uniform(93, 101);
        s.memFrom = mem;
        s.memTo = std::min(0.98, mem + m_rng.uniform(0, 0.06));
        break;
    case Phase::Bursty:
        // Interactive or input-bound work: utilization swings around a middle.
        duration = m_rng.uniformInt(20000, 150000);
        s.utilFrom = m_rng.uniform(35, 70);
        s.utilTo = m_rng.uniform(15, 30);
        s.burstPeriodMs = m_rng.uniform(4000, 15000);
        s.memFrom = s.memTo = mem;
        break;
    case Phase::Releasing:
        // The job ends: memory goes back and the GPU falls idle within seconds.
        duration = m_rng.uniformInt(1000, 4000);
        s.utilFrom = util;
        s.utilTo = 0;
        s.memFrom = mem;
        s.memTo = m_baseline;
        break;
    }
    s.endMs = startMs + duration;
    return s;
}

SimulatedWorkload::Span SimulatedWorkload::nextSpan(const Span &p)
{
    const qint64 t = p.endMs;
    const double util = utilizationAt(p, t);
    const double mem = memoryAt(p, t);
    const double heat = heatAt(p, t);
    const double pick = m_rng.uniform();
    Phase next = Phase::Idle;
    switch (p.phase) {
    case Phase::Idle: next = Phase::Loading; break;
    case Phase::Loading: next = pick < 0.65 ? Phase::Saturated : Phase::Bursty; break;
    case Phase::Saturated: next = pick < 0.25 ? Phase::Bursty : Phase::Releasing; break;
    case Phase::Bursty: next = pick < 0.3 ? Phase::Saturated : Phase::Releasing; break;
    case Phase::Releasing: next = Phase::Idle; break;
    }
    return makeSpan(next, t, util, mem, heat);
}

double SimulatedWorkload::utilizationAt(const Span &s, qint64 ms) const
{
    const double progress
        = std::clamp(static_cast<double>(ms - s.startMs) / static_cast<double>(s.endMs - s.startMs), 0.0, 1.0);
    switch (s.phase) {
    case Phase::Idle: return 0;
    case Phase::Bursty: {
        const double angle = 2 * std::numbers::pi * static_cast<double>(ms - s.startMs) / s.burstPeriodMs;
        return std::clamp(s.utilFrom + s.utilTo * std::sin(angle), 0.0, 100.0);
    }
    case Phase::Loading:
    case Phase::Saturated:
    case Phase::Releasing: return std::clamp(lerp(s.utilFrom, s.utilTo, progress), 0.0, 100.0);
    }
    return 0;
}

double SimulatedWorkload::memoryAt(const Span &s, qint64 ms) const
{
    const double progress
        = std::clamp(static_cast<double>(ms - s.startMs) / static_cast<double>(s.endMs - s.startMs), 0.0, 1.0);
    // Loading fills memory quickly at first (weights), then more slowly (data).
    const double shaped = s.phase == Phase::Loading ? std::sqrt(progress) : progress;
    return std::clamp(lerp(s.memFrom, s.memTo, shaped), 0.0, 1.0);
}

double SimulatedWorkload::meanUtilization(const Span &s) const
{
    switch (s.phase) {
    case Phase::Idle: return 0;
    case Phase::Bursty: return s.utilFrom;
    default: return std::min(100.0, (s.utilFrom + s.utilTo) / 2);
    }
}

double SimulatedWorkload::heatAt(const Span &s, qint64 ms) const
{
    // First-order lag towards the phase's mean utilization.
    const double target = meanUtilization(s) / 100.0;
    const double decay = std::exp(-static_cast<double>(ms - s.startMs) / thermalTauMs);
    return std::clamp(target + (s.heatFrom - target) * decay, 0.0, 1.0);
}

SimulatedWorkload::Load SimulatedWorkload::at(qint64 ms)
{
    if (ms < m_span.startMs)
        reset(); // asked about the past: replay the phases from the start
    while (ms >= m_span.endMs)
        m_span = nextSpan(m_span);
    return { utilizationAt(m_span, ms), memoryAt(m_span, ms), heatAt(m_span, ms) };
}

} // namespace gpupool::server::sim
