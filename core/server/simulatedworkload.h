#pragma once

#include "server/simrandom.h"

#include <QtGlobal>

namespace gpupool::server::sim {

// The load of one simulated GPU over time, like a shared GPU server's: idle
// spells, jobs that load data (memory grows, little compute), run saturated
// (memory creeping up) or in bursts, then end (memory freed), and a thermal
// state that follows utilization with a lag.
//
// Pure: the phases are drawn from a generator seeded once, and everything inside
// a phase is a function of the time, so the same seed and the same times give the
// same load, whatever order the times are asked in.
class SimulatedWorkload
{
public:
    struct Load
    {
        double utilizationPercent = 0; // 0..100
        double memoryFraction = 0; // of the usable memory, 0..1
        double heat = 0; // thermal state, 0 (idle) .. 1 (hot)
    };

    // baselineMemory: what stays allocated between jobs (a desktop's display), 0..1.
    SimulatedWorkload(quint64 seed, double baselineMemory);

    Load at(qint64 ms);

private:
    enum class Phase { Idle, Loading, Saturated, Bursty, Releasing };
    struct Span
    {
        Phase phase = Phase::Idle;
        qint64 startMs = 0;
        qint64 endMs = 0;
        double utilFrom = 0; // utilization at the start / centre of bursts
        double utilTo = 0; // at the end / burst amplitude (Bursty)
        double memFrom = 0;
        double memTo = 0;
        double heatFrom = 0; // thermal state when the phase began
        double burstPeriodMs = 0; // Bursty only
    };

    void reset();
    Span nextSpan(const Span &previous);
    Span makeSpan(Phase phase, qint64 startMs, double util, double mem, double heat);

    double utilizationAt(const Span &s, qint64 ms) const;
    double memoryAt(const Span &s, qint64 ms) const;
    double heatAt(const Span &s, qint64 ms) const;
    double meanUtilization(const Span &s) const;

    quint64 m_seed;
    double m_baseline;
    SimRandom m_rng;
    Span m_span;
};

} // namespace gpupool::server::sim
