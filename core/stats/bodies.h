#pragma once

#include <QList>
#include <QString>
#include <optional>

// The bodies of the GPU statistics server protocol (docs/wire-format.md)
// as a client reads them. Numbers are doubles where a server may send either an
// integer or a float; the writer decides the wire type, not these structs.
namespace gpupool::stats {

struct SummaryGpu
{
    int gpuId = 0;
    QString name;
    double memoryUsagePercent = 0;
    double utilizationPercent = 0;

    friend bool operator==(const SummaryGpu &, const SummaryGpu &) = default;
};

// GET /gpu/summary: what clients poll.
struct SummaryBody
{
    int gpuCount = 0;
    qint64 totalMemoryMb = 0;
    qint64 totalUsedMemoryMb = 0;
    double averageUtilizationPercent = 0;
    QList<SummaryGpu> gpus;
    std::optional<double> totalMemoryUsagePercent; // absent with zero GPUs
    QString timestamp; // as the server wrote it

    friend bool operator==(const SummaryBody &, const SummaryBody &) = default;
};

struct StatsGpu
{
    int gpuId = 0;
    QString name;
    qint64 memoryTotalMb = 0;
    qint64 memoryUsedMb = 0;
    qint64 memoryFreeMb = 0;
    double memoryUsagePercent = 0;
    double utilizationPercent = 0;
    std::optional<double> temperatureC;
    std::optional<double> powerDrawW;
    std::optional<double> powerLimitW;

    friend bool operator==(const StatsGpu &, const StatsGpu &) = default;
};

// GET /gpu/stats: the details the summary lacks.
struct StatsBody
{
    int gpuCount = 0;
    QList<StatsGpu> gpus;
    QString timestamp;

    friend bool operator==(const StatsBody &, const StatsBody &) = default;
};

// GET /gpu/count
struct CountBody
{
    int gpuCount = 0;
    std::optional<QString> timestamp; // the predecessor may send null

    friend bool operator==(const CountBody &, const CountBody &) = default;
};

// GET /health
struct HealthBody
{
    QString status; // "healthy" / "unhealthy"
    bool nvidiaSmiAvailable = false;
    QString timestamp;

    friend bool operator==(const HealthBody &, const HealthBody &) = default;
};

// GET /config: the server's own configuration, in the predecessor's shape.
struct ServerConfigBody
{
    struct Server
    {
        QString host = QStringLiteral("0.0.0.0");
        int port = 8000;
        bool reload = false;
        QString logLevel = QStringLiteral("info");
        bool accessLog = true;
        int workers = 1;
        friend bool operator==(const Server &, const Server &) = default;
    } server;
    struct Api
    {
        QString title = QStringLiteral("GPU Statistics Server");
        QString version = QStringLiteral("1.0.0");
        QString docsUrl = QStringLiteral("/docs");
        QString redocUrl = QStringLiteral("/redoc");
        bool enableCors = true;
        QString apiPrefix;
        friend bool operator==(const Api &, const Api &) = default;
    } api;
    struct Monitoring
    {
        double refreshInterval = 1.0;
        int maxHistory = 100;
        friend bool operator==(const Monitoring &, const Monitoring &) = default;
    } monitoring;
    struct GpuFiltering
    {
        std::optional<QString> cudaVisibleDevices; // the raw variable, null when unset
        std::optional<QList<int>> visibleGpuIds; // null when not filtering
        bool filteringActive = false;
        int totalSystemGpus = 0;
        int visibleGpuCount = 0;
        friend bool operator==(const GpuFiltering &, const GpuFiltering &) = default;
    } gpuFiltering;

    friend bool operator==(const ServerConfigBody &, const ServerConfigBody &) = default;
};

// One process using a GPU: an entry of GET /gpu/processes (gpupool-statd
// only; docs/wire-format.md "Extensions").
struct GpuProcess
{
    qint64 pid = 0;
    QString processName;
    std::optional<qint64> usedMemoryMb; // unknown without permission to see it
    QString gpuUuid;
    std::optional<int> gpuIndex; // unknown when the uuid matches no GPU
    std::optional<QString> user; // unknown when the pid is not visible on the host
    // False when the pid lives in another pid namespace (a container): nvidia-smi
    // sees it, the host's /proc does not. Such a process is shown, not dropped.
    bool pidVisible = true;

    friend bool operator==(const GpuProcess &, const GpuProcess &) = default;
};

// GET /gpu/processes
struct ProcessesBody
{
    QList<GpuProcess> processes;
    QString timestamp;

    friend bool operator==(const ProcessesBody &, const ProcessesBody &) = default;
};

} // namespace gpupool::stats
