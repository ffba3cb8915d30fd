#pragma once

#include "stats/gpusample.h"

#include <QString>
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
    static GpuReading failure(QString message) { return GpuReading(Error {std::move(message)}); }

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

class GpuSource
{
public:
    virtual ~GpuSource() = default;

    // Reads the GPUs now. May take a while on a real host (nvidia-smi); the
    // service caches the result for the refresh interval.
    virtual GpuReading read() = 0;
    // What /health reports as nvidia_smi_available.
    virtual bool nvidiaSmiAvailable() const = 0;
    // All GPUs of the system, before any CUDA_VISIBLE_DEVICES filtering (/config).
    virtual int totalSystemGpus() const = 0;
};

} // namespace gpupool::server
