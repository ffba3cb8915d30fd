#pragma once

#include <cmath>

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
    bool dataFresh = true; // younger than 3 polling intervals
    bool authFailed = false; // 401/403: a configuration problem, never chosen
    QList<GpuView> gpus;
    // EWMA of the poll response time; nullopt while never measured.
    std::optional<double> responseTimeMs;
    // The configured hourly price, when the operator gave one.
    std::optional<double> hourlyPrice;

    // Rule 1 of docs/behaviour.md "Availability": may any GPU here be assigned?
    bool isUsable() const { return breakerClosed && dataFresh && !authFailed; }

    friend bool operator==(const EndpointView &, const EndpointView &) = default;
};

// Strict limits (docs/behaviour.md): a GPU exactly at a threshold is not available.
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

// Memory sizes as people give them: decimal gigabytes (10^9 bytes) of the
// binary MiB that nvidia-smi reports. Cards are sold by a nominal size that
// their reported total falls a little short of in GiB (an "80 GB" H100
// reports 81559 MiB, 79.6 GiB; a "24 GB" RTX 4090 24564 MiB, 23.99 GiB), but
// not in decimal GB (85.5, 25.8): so a card sold as N GB passes a minimum of
// N GB. weighted_round_robin's memory classes read sizes the same way.
inline qint64 mibForDecimalGb(double gb)
{
    return qint64(std::ceil(gb * 1e9 / 1048576.0));
}
inline double decimalGbOfMib(qint64 mib)
{
    return double(mib) * 1048576.0 / 1e9;
}

// The filters of "reserve N" (docs/behaviour.md "Leases"). An empty filter admits
// every GPU.
struct GpuFilter
{
    qint64 minMemoryMb = 0; // MiB; 0: no minimum (mibForDecimalGb() for "N GB")
    QString nameContains; // case-insensitive; empty: any name
    QStringList endpointIds; // empty: any endpoint

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
