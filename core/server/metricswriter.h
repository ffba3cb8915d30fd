#pragma once

#include "stats/gpusample.h"

#include <QByteArray>

namespace gpupool::server {

// How the server's own readings of the GPUs went, for /metrics.
struct ReadingStats
{
    quint64 reads = 0; // readings of the source since start
    quint64 failures = 0; // of which failed
    bool lastOk = false;
    double lastDurationSeconds = 0;
};

// The Prometheus text exposition format (version 0.0.4) of the GPUs: one
// family per quantity, each with HELP and TYPE, base units in the names
// (bytes, watts, celsius, ratio), GPUs labelled by index, uuid and name.
// Quantities nvidia-smi could not read ([N/A]) are left out, not written as 0.
QByteArray writeMetrics(const stats::GpuSamples &gpus, const ReadingStats &readings);

// Prometheus' content type for this format.
QByteArray metricsContentType();

} // namespace gpupool::server
