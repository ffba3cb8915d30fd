#pragma once

#include "stats/bodies.h"
#include "stats/gpusample.h"

#include <QList>
#include <QString>
#include <optional>
#include <variant>

// Where gpupool-statd's numbers come from: nvidia-smi on a real host, or the
// simulator. The HTTP side (StatsService) only sees this interface.
namespace gpupool::server {

// The GPUs, or the reason they could not be read ("nvidia-smi not available",
// "Failed to get GPU stats: <reason>"), which the service sends as the
// predecessor's error body.
class GpuReading
{
public:
    GpuReading(stats::GpuSamples gpus) : m_v(std::move(gpus)) {}
    static GpuReading failure(QString message) { return GpuReading(Error { std::move(message) }); }

    bool ok() const { return std::holds_alternative<stats::GpuSamples>(m_v); }
    const stats::GpuSamples &gpus() const { return std::get<stats::GpuSamples>(m_v); }
    QString errorMessage() const { return ok() ? QString() : std::get<Error>(m_v).message; }

private:
    struct Error
    {
        QString message;
    };
    explicit GpuReading(Error e) : m_v(std::move(e)) {}
    std::variant<stats::GpuSamples, Error> m_v;
};

// One process using a GPU (/gpu/processes): the wire's own type.
using GpuProcess = stats::GpuProcess;

// The processes, or why they could not be read.
using ProcessReading = std::variant<QList<GpuProcess>, QString>;

class GpuSource
{
public:
    virtual ~GpuSource() = default;

    // Reads the GPUs now. May take a while on a real host (nvidia-smi); the
    // service caches the result for the refresh interval.
    virtual GpuReading read() = 0;
    // True when read() and readProcesses() may take long (they run a
    // program): the service then calls them on a worker thread of its own,
    // one call at a time, and only nvidiaSmiAvailable() and
    // totalSystemGpus() from its own thread meanwhile. Otherwise all calls
    // come from the service's thread.
    virtual bool readsSlowly() const { return false; }
    // What /health reports as nvidia_smi_available.
    virtual bool nvidiaSmiAvailable() const = 0;
    // All GPUs of the system, before any CUDA_VISIBLE_DEVICES filtering (/config).
    virtual int totalSystemGpus() const = 0;
    // Who uses the GPUs of `gpus` (a reading of this source, to map uuids to
    // indexes). Sources that cannot tell say so.
    virtual ProcessReading readProcesses(const stats::GpuSamples &gpus) = 0;
};

} // namespace gpupool::server
