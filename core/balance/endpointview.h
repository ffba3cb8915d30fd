#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// What the balancer needs to know about one endpoint, as the Pool sees it after
// a poll. Deliberately free of the endpoint engine's types: the Pool builds
// these views from its Endpoint objects, and tests build them by hand.
namespace gpupool::balance {

struct GpuView
{
    int localId = 0;
    QString name;
    double memoryPercent = 0;
    double utilizationPercent = 0;
    qint64 memoryTotalMb = 0; // 0 when the server did not say (summary only)

    friend bool operator==(const GpuView &, const GpuView &) = default;
};

struct EndpointView
{
    QString id;
    bool breakerClosed = true;
    bool dataFresh = true;   // younger than 3 polling intervals
    bool authFailed = false; // 401/403: a configuration problem, never chosen
    QList<GpuView> gpus;
    // EWMA of the poll response time; nullopt while never measured.
    std::optional<double> responseTimeMs;
    // The configured hourly price, when the operator gave one.
    std::optional<double> hourlyPrice;

    // Rule 1 of behaviour.md "Availability": may any GPU here be assigned?
    bool isUsable() const { return breakerClosed && dataFresh && !authFailed; }

    friend bool operator==(const EndpointView &, const EndpointView &) = default;
};

// Strict limits (behaviour.md): a GPU exactly at a threshold is not available.
struct Thresholds
{
    double memoryPercent = 80;
    double utilizationPercent = 90;

    bool admits(const GpuView &gpu) const
    {
        return gpu.memoryPercent < memoryPercent && gpu.utilizationPercent < utilizationPercent;
    }
    friend bool operator==(const Thresholds &, const Thresholds &) = default;
};

// The filters of "reserve N" (behaviour.md "Leases"). An empty filter admits
// every GPU.
struct GpuFilter
{
    qint64 minMemoryMb = 0;   // 0: no minimum
    QString nameContains;     // case-insensitive; empty: any name
    QStringList endpointIds;  // empty: any endpoint

    bool isEmpty() const { return minMemoryMb <= 0 && nameContains.isEmpty() && endpointIds.isEmpty(); }
    bool admitsEndpoint(const QString &endpointId) const
    {
        return endpointIds.isEmpty() || endpointIds.contains(endpointId);
    }
    bool admitsGpu(const GpuView &gpu) const
    {
        // A GPU whose size is unknown cannot prove it meets a minimum.
        if (minMemoryMb > 0 && gpu.memoryTotalMb < minMemoryMb)
            return false;
        return nameContains.isEmpty() || gpu.name.contains(nameContains, Qt::CaseInsensitive);
    }
};

} // namespace gpupool::balance
