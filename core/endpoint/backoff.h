#pragma once

#include "util/clock.h"

// How long an open breaker stays open (docs/behaviour.md): 10 s the first time,
// x1.5 on each consecutive re-open, at most 120 s, with +-10 % jitter so that
// endpoints that failed together do not all probe again in the same instant.
namespace gpupool::endpoint {

struct BackoffPolicy
{
    qint64 baseMs = 10'000;
    double factor = 1.5;
    qint64 capMs = 120'000;
    double jitter = 0.10; // fraction of the nominal duration, both ways
};

// The nominal duration of the (reopenCount+1)-th consecutive opening, before
// jitter: base * factor^reopenCount, capped. The cap bounds the nominal value;
// jitter spreads around it, so at the cap durations lie in [108 s, 132 s] and
// endpoints stuck at the cap still do not probe in lockstep.
qint64 nominalOpenMs(const BackoffPolicy &policy, int reopenCount);

// nominal * (1 + jitter * (2u - 1)) with u drawn from `random`.
qint64 jitteredOpenMs(const BackoffPolicy &policy, int reopenCount, RandomSource &random);

// A first poll phase in [0, intervalMs) so endpoints started together are
// spread over one interval instead of being polled in lockstep.
qint64 initialPhaseMs(qint64 intervalMs, RandomSource &random);

} // namespace gpupool::endpoint
