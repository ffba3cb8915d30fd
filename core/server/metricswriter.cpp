#include "server/metricswriter.h"

#include "stats/pyformat.h"

#include <cmath>
#include <functional>

namespace gpupool::server {

namespace {

// Label values escape backslash, double quote and line feed (the format's rules).
QByteArray escapeLabel(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out;
}

QByteArray number(double v)
{
    // Integral values as integers ("1", "85899345920"), others in Python's
    // shortest round-trip form, which Prometheus reads.
    if (v == static_cast<double>(static_cast<qint64>(v)) && std::abs(v) < 1e15)
        return QByteArray::number(static_cast<qint64>(v));
    return stats::py::floatRepr(v);
}

class Exposition
{
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_name = name;
        m_out += "# HELP ";
        m_out += name;
        m_out += ' ';
        m_out += help;
        m_out += "\n# TYPE ";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }

    void sample(const QByteArray &labels, double value)
    {
        m_out += m_name;
        if (!labels.isEmpty()) {
            m_out += '{';
            m_out += labels;
            m_out += '}';
        }
        m_out += ' ';
        m_out += number(value);
        m_out += '\n';
    }

    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_name;
    QByteArray m_out;
};

QByteArray gpuLabels(const stats::GpuSample &g)
{
    return "index=\"" + QByteArray::number(g.index) + "\",uuid=\"" + escapeLabel(g.uuid) + "\",name=\""
        + escapeLabel(g.name) + '"';
}

constexpr double kMiB = 1024.0 * 1024.0;

} // namespace

QByteArray metricsContentType()
{
    return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
}

QByteArray writeMetrics(const stats::GpuSamples &gpus, const ReadingStats &readings)
{
    Exposition e;
    // One family per quantity; a family whose value no GPU has is still
    // declared, so dashboards see the name even on hosts that lack it.
    struct Gauge
    {
        const char *name;
        const char *help;
        std::function<std::optional<double>(const stats::GpuSample &)> value;
    };
    const Gauge gauges[] = {
        { "gpupool_gpu_info", "GPU identity; the value is always 1.",
          [](const stats::GpuSample &) { return std::optional<double>(1); } },
        { "gpupool_gpu_utilization_ratio", "Share of time a kernel ran on the GPU (0 to 1).",
          [](const stats::GpuSample &g) { return std::optional<double>(g.utilizationPercent / 100.0); } },
        { "gpupool_gpu_memory_used_bytes", "GPU memory in use.",
          [](const stats::GpuSample &g) { return std::optional<double>(static_cast<double>(g.memoryUsedMb) * kMiB); } },
        { "gpupool_gpu_memory_free_bytes", "GPU memory free.",
          [](const stats::GpuSample &g) { return std::optional<double>(static_cast<double>(g.memoryFreeMb) * kMiB); } },
        { "gpupool_gpu_memory_total_bytes", "GPU memory in all.",
          [](const stats::GpuSample &g) {
              return std::optional<double>(static_cast<double>(g.memoryTotalMb) * kMiB);
          } },
        { "gpupool_gpu_temperature_celsius", "GPU core temperature.",
          [](const stats::GpuSample &g) {
              return g.temperatureC ? std::optional<double>(*g.temperatureC) : std::nullopt;
          } },
        { "gpupool_gpu_power_draw_watts", "Power the GPU draws.",
          [](const stats::GpuSample &g) { return g.powerDrawW; } },
        { "gpupool_gpu_power_limit_watts", "Power limit of the GPU.",
          [](const stats::GpuSample &g) { return g.powerLimitW; } },
    };
    for (const Gauge &gauge : gauges) {
        e.family(gauge.name, "gauge", gauge.help);
        for (const stats::GpuSample &g : gpus)
            if (const auto v = gauge.value(g))
                e.sample(gpuLabels(g), *v);
    }
    e.family("gpupool_gpus", "gauge", "GPUs this server shows (after CUDA_VISIBLE_DEVICES).");
    e.sample({}, static_cast<double>(gpus.size()));
    e.family("gpupool_scrape_success", "gauge", "1 if the last reading of the GPUs worked, else 0.");
    e.sample({}, readings.lastOk ? 1 : 0);
    e.family("gpupool_scrape_duration_seconds", "gauge", "How long the last reading of the GPUs took.");
    e.sample({}, readings.lastDurationSeconds);
    e.family("gpupool_scrape_reads_total", "counter", "Readings of the GPUs since the server started.");
    e.sample({}, static_cast<double>(readings.reads));
    e.family("gpupool_scrape_errors_total", "counter", "Readings of the GPUs that failed since the server started.");
    e.sample({}, static_cast<double>(readings.failures));
    return e.take();
}

} // namespace gpupool::server
