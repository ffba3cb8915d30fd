#pragma once

#include "server/clock.h"
#include "server/gpusource.h"
#include "server/simulatedworkload.h"

#include <QList>
#include <QString>

namespace gpupool::server {

// One GPU model as nvidia-smi describes it.
struct GpuModel
{
    QString name;
    qint64 memoryTotalMb = 0;
    qint64 reservedMb = 0; // total - used - free: what the driver keeps
    double powerLimitW = 0;
    double idlePowerW = 0;
    int idleTemperatureC = 0;
    int hotTemperatureC = 0; // after a long run at 100 %
    bool powerReadable = true; // false: power.draw and power.limit read [N/A]
};

// `--simulate N`: N GPUs of one simulated host, whose load changes over time
// like real GPUs' (see SimulatedWorkload); temperature and power follow
// utilization.
//
// The seed picks the host's kind, like real nodes, which are mostly uniform:
// seed % 4 gives 1 -> H100, 2 -> A100-40GB, 3 -> RTX 4090, 0 -> a workstation
// mixing RTX 4090 and RTX 3080 cards; so consecutive seeds (--cluster) differ. The workstation's RTX 3080s report power as unavailable
// ([N/A] -> null), as consumer boards do on some drivers, so that clients meet
// the nulls that the protocol allows.
//
// Reproducible: samplesAt(ms) is a function of the seed and the simulated time
// only. read() uses the injected clock, counting from the source's creation.
class SimulatedGpuSource final : public GpuSource
{
public:
    SimulatedGpuSource(int gpuCount, quint64 seed, NowMs clock);

    GpuReading read() override;
    // The simulator plays nvidia-smi's part: it has data, so it says available
    // (the predecessor never reports data together with "not available").
    bool nvidiaSmiAvailable() const override { return true; }
    int totalSystemGpus() const override { return static_cast<int>(m_gpus.size()); }
    // One simulated training process per GPU that holds memory, owned by one of a
    // few simulated users; pids and users follow from the seed.
    ProcessReading readProcesses(const stats::GpuSamples &gpus) override;

    // The GPUs at a simulated time in milliseconds since the start.
    stats::GpuSamples samplesAt(qint64 ms);

    // Every GPU idle from now on (no load, ~1 % memory): all of them free.
    void setIdle(bool idle) { m_idle = idle; }

    // The models the simulator knows, in catalogue order.
    static QList<GpuModel> catalogue();

private:
    struct Gpu
    {
        GpuModel model;
        QString uuid;
        sim::SimulatedWorkload workload;
    };

    stats::GpuSample sampleOf(int index, Gpu &gpu, qint64 ms) const;

    quint64 m_seed;
    bool m_idle = false;
    NowMs m_clock;
    qint64 m_originMs;
    QList<Gpu> m_gpus;
};

} // namespace gpupool::server
