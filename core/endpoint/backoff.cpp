#include "endpoint/backoff.h"

#include <algorithm>
#include <cmath>

namespace gpupool::endpoint {

qint64 nominalOpenMs(const BackoffPolicy &policy, int reopenCount)
{
    // Computed in double and clamped before converting: 1.5^n overflows qint64
    // long before n overflows int.
    const double ms = double(policy.baseMs) * std::pow(policy.factor, std::max(0, reopenCount));
    return qint64(std::min(ms, double(policy.capMs)));
}

qint64 jitteredOpenMs(const BackoffPolicy &policy, int reopenCount, RandomSource &random)
{
    const double u = std::clamp(random.uniform(), 0.0, 1.0);
    const double factor = 1.0 + policy.jitter * (2.0 * u - 1.0);
    return std::max<qint64>(1, std::llround(double(nominalOpenMs(policy, reopenCount)) * factor));
}

qint64 initialPhaseMs(qint64 intervalMs, RandomSource &random)
{
    const double u = std::clamp(random.uniform(), 0.0, 1.0);
    return std::max<qint64>(0, std::min(intervalMs - 1, qint64(double(intervalMs) * u)));
}

} // namespace gpupool::endpoint
