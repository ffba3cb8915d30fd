#pragma once

#include "stats/gpusample.h"

namespace gpupool::testing {

// The two GPUs of docs/wire-format.md's example bodies (RTX 3080, 2048 of 10240 MiB
// used, 15 % and 20 %; the second reports temperature but no power), so tests
// can compare against the spec's bytes.
inline stats::GpuSamples specExampleGpus()
{
    stats::GpuSample a;
    a.index = 0;
    a.name = QStringLiteral("NVIDIA GeForce RTX 3080");
    a.memoryTotalMb = 10240;
    a.memoryUsedMb = 2048;
    a.memoryFreeMb = 8192;
    a.utilizationPercent = 15;
    a.temperatureC = 45;
    a.powerDrawW = 120.5;
    a.powerLimitW = 320.0;
    stats::GpuSample b = a;
    b.index = 1;
    b.utilizationPercent = 20;
    b.temperatureC = 47;
    b.powerDrawW.reset();
    b.powerLimitW.reset();
    return { a, b };
}

} // namespace gpupool::testing
