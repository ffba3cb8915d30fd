#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace gpupool::stats {

// One GPU as a statistics source reads it (nvidia-smi or the simulator), before
// any derived numbers are computed. Fields nvidia-smi may report as [N/A] are
// optional.
struct GpuSample
{
    int index = 0; // nvidia-smi's index; the wire's gpu_id
    QString name;
    QString uuid; // empty when unknown
    qint64 memoryTotalMb = 0;
    qint64 memoryUsedMb = 0;
    qint64 memoryFreeMb = 0;
    int utilizationPercent = 0;
    std::optional<int> temperatureC;
    std::optional<double> powerDrawW;
    std::optional<double> powerLimitW;

    friend bool operator==(const GpuSample &, const GpuSample &) = default;
};

using GpuSamples = QList<GpuSample>;

} // namespace gpupool::stats
