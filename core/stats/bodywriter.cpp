#include "stats/bodywriter.h"

#include "stats/jsonwriter.h"
#include "stats/pyformat.h"

namespace gpupool::stats {

namespace {

// round(used / total * 100, 2), or the integer 0 when the total is zero.
std::optional<double> usagePercent(qint64 used, qint64 total)
{
    if (total <= 0)
        return std::nullopt;
    return py::round2(static_cast<double>(used) / static_cast<double>(total) * 100.0);
}

std::optional<double> meanUtilization(const GpuSamples &gpus)
{
    if (gpus.isEmpty())
        return std::nullopt;
    double sum = 0;
    for (const GpuSample &g : gpus)
        sum += g.utilizationPercent;
    return py::round2(sum / static_cast<double>(gpus.size()));
}

// Writes a percentage that is the integer 0 when undefined (Python's `else 0`).
void writePercent(JsonWriter &w, const std::optional<double> &p)
{
    if (p)
        w.value(*p);
    else
        w.value(0);
}

qint64 totalMemory(const GpuSamples &gpus)
{
    qint64 t = 0;
    for (const GpuSample &g : gpus)
        t += g.memoryTotalMb;
    return t;
}

qint64 totalUsed(const GpuSamples &gpus)
{
    qint64 t = 0;
    for (const GpuSample &g : gpus)
        t += g.memoryUsedMb;
    return t;
}

} // namespace

SummaryBody summarize(const GpuSamples &gpus, const QString &timestamp)
{
    SummaryBody s;
    s.gpuCount = static_cast<int>(gpus.size());
    s.totalMemoryMb = totalMemory(gpus);
    s.totalUsedMemoryMb = totalUsed(gpus);
    s.averageUtilizationPercent = meanUtilization(gpus).value_or(0);
    for (const GpuSample &g : gpus)
        s.gpus.append({ g.index, g.name, usagePercent(g.memoryUsedMb, g.memoryTotalMb).value_or(0),
                        static_cast<double>(g.utilizationPercent) });
    if (!gpus.isEmpty())
        s.totalMemoryUsagePercent = usagePercent(s.totalUsedMemoryMb, s.totalMemoryMb).value_or(0);
    s.timestamp = timestamp;
    return s;
}

StatsBody toStatsBody(const GpuSamples &gpus, const QString &timestamp)
{
    StatsBody b;
    b.gpuCount = static_cast<int>(gpus.size());
    b.timestamp = timestamp;
    for (const GpuSample &g : gpus) {
        StatsGpu d;
        d.gpuId = g.index;
        d.name = g.name;
        d.memoryTotalMb = g.memoryTotalMb;
        d.memoryUsedMb = g.memoryUsedMb;
        d.memoryFreeMb = g.memoryFreeMb;
        d.memoryUsagePercent = usagePercent(g.memoryUsedMb, g.memoryTotalMb).value_or(0);
        d.utilizationPercent = g.utilizationPercent;
        if (g.temperatureC)
            d.temperatureC = *g.temperatureC;
        d.powerDrawW = g.powerDrawW;
        d.powerLimitW = g.powerLimitW;
        b.gpus.append(d);
    }
    return b;
}

QByteArray writeSummary(const GpuSamples &gpus, const QByteArray &timestamp)
{
    JsonWriter w;
    w.beginObject();
    w.field("gpu_count", static_cast<qint64>(gpus.size()));
    w.field("total_memory_mb", totalMemory(gpus));
    w.field("total_used_memory_mb", totalUsed(gpus));
    w.key("average_utilization_percent");
    writePercent(w, meanUtilization(gpus));
    w.key("gpus_summary").beginArray();
    for (const GpuSample &g : gpus) {
        w.beginObject();
        w.field("gpu_id", g.index);
        w.field("name", g.name);
        w.key("memory_usage_percent");
        writePercent(w, usagePercent(g.memoryUsedMb, g.memoryTotalMb));
        w.field("utilization_percent", g.utilizationPercent);
        w.endObject();
    }
    w.endArray();
    if (!gpus.isEmpty()) {
        w.key("total_memory_usage_percent");
        writePercent(w, usagePercent(totalUsed(gpus), totalMemory(gpus)));
    }
    w.field("timestamp", QString::fromLatin1(timestamp));
    w.endObject();
    return w.take();
}

QByteArray writeStats(const GpuSamples &gpus, const QByteArray &timestamp)
{
    JsonWriter w;
    w.beginObject();
    w.field("gpu_count", static_cast<qint64>(gpus.size()));
    w.key("gpus").beginArray();
    for (const GpuSample &g : gpus) {
        w.beginObject();
        w.field("gpu_id", g.index);
        w.field("name", g.name);
        w.key("memory").beginObject();
        w.field("total_mb", g.memoryTotalMb);
        w.field("used_mb", g.memoryUsedMb);
        w.field("free_mb", g.memoryFreeMb);
        w.key("usage_percent");
        writePercent(w, usagePercent(g.memoryUsedMb, g.memoryTotalMb));
        w.endObject();
        w.field("utilization_percent", g.utilizationPercent);
        w.field("temperature_c", g.temperatureC);
        w.key("power").beginObject();
        w.field("draw_w", g.powerDrawW);
        w.field("limit_w", g.powerLimitW);
        w.endObject();
        w.endObject();
    }
    w.endArray();
    w.field("timestamp", QString::fromLatin1(timestamp));
    w.endObject();
    return w.take();
}

QByteArray writeCount(int gpuCount, const std::optional<QByteArray> &timestamp)
{
    JsonWriter w;
    w.beginObject().field("gpu_count", gpuCount);
    w.key("timestamp");
    if (timestamp)
        w.value(QString::fromLatin1(*timestamp));
    else
        w.null();
    w.endObject();
    return w.take();
}

QByteArray writeHealth(const HealthBody &h)
{
    JsonWriter w;
    w.beginObject()
        .field("status", h.status)
        .field("nvidia_smi_available", h.nvidiaSmiAvailable)
        .field("timestamp", h.timestamp)
        .endObject();
    return w.take();
}

QByteArray writeConfig(const ServerConfigBody &c)
{
    JsonWriter w;
    w.beginObject();
    w.key("server")
        .beginObject()
        .field("host", c.server.host)
        .field("port", c.server.port)
        .field("reload", c.server.reload)
        .field("log_level", c.server.logLevel)
        .field("access_log", c.server.accessLog)
        .field("workers", c.server.workers)
        .endObject();
    w.key("api")
        .beginObject()
        .field("title", c.api.title)
        .field("version", c.api.version)
        .field("docs_url", c.api.docsUrl)
        .field("redoc_url", c.api.redocUrl)
        .field("enable_cors", c.api.enableCors)
        .field("api_prefix", c.api.apiPrefix)
        .endObject();
    w.key("monitoring")
        .beginObject()
        .field("refresh_interval", c.monitoring.refreshInterval)
        .field("max_history", c.monitoring.maxHistory)
        .endObject();
    w.key("gpu_filtering").beginObject();
    w.field("cuda_visible_devices", c.gpuFiltering.cudaVisibleDevices);
    w.key("visible_gpu_ids");
    if (c.gpuFiltering.visibleGpuIds) {
        w.beginArray();
        for (int id : *c.gpuFiltering.visibleGpuIds)
            w.value(id);
        w.endArray();
    } else {
        w.null();
    }
    w.field("filtering_active", c.gpuFiltering.filteringActive)
        .field("total_system_gpus", c.gpuFiltering.totalSystemGpus)
        .field("visible_gpu_count", c.gpuFiltering.visibleGpuCount)
        .endObject();
    w.endObject();
    return w.take();
}

QByteArray writeRoot(const QString &message, const QString &version, const QList<QPair<QString, QString>> &endpoints)
{
    JsonWriter w;
    w.beginObject().field("message", message).field("version", version);
    w.key("endpoints").beginObject();
    for (const auto &[path, description] : endpoints)
        w.field(path.toLatin1().constData(), description);
    w.endObject().endObject();
    return w.take();
}

QByteArray writeErrorBody(const QString &message)
{
    JsonWriter w;
    w.beginObject().field("error", message).field("gpu_count", 0);
    w.key("gpus").beginArray().endArray();
    w.endObject();
    return w.take();
}

QByteArray writeDetail(const QString &detail)
{
    JsonWriter w;
    w.beginObject().field("detail", detail).endObject();
    return w.take();
}

QByteArray writeProcesses(const ProcessesBody &body)
{
    JsonWriter w;
    w.beginObject().key("processes").beginArray();
    for (const GpuProcess &p : body.processes) {
        w.beginObject()
            .field("pid", p.pid)
            .field("process_name", p.processName)
            .field("user", p.user)
            .field("pid_visible", p.pidVisible)
            .field("used_memory_mb", p.usedMemoryMb)
            .field("gpu_id", p.gpuIndex)
            .field("gpu_uuid", p.gpuUuid)
            .endObject();
    }
    w.endArray().field("timestamp", body.timestamp).endObject();
    return w.take();
}

} // namespace gpupool::stats
