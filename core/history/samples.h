#pragma once

#include <QtGlobal>
#include <cmath>
#include <optional>

// The compact encodings of the history: what one poll adds per endpoint and
// per GPU. One hour at 1 Hz for 1000 endpoints of 8 GPUs is 29 M GPU points,
// so a GPU point is two bytes and an endpoint point eight. An endpoint point
// keeps what a chart draws (utilization) and what marks its gaps and outages
// (a failed poll, the endpoint's health), nothing else.
namespace gpupool::history {

// A percentage in half-percent steps: 0..200; kMissing when there is no value
// (the GPU was absent from that poll, or the poll failed).
constexpr quint8 kMissing = 0xFF;

constexpr quint8 encodePercent(std::optional<double> percent)
{
    if (!percent || !(*percent == *percent)) // absent or NaN
        return kMissing;
    const double clamped = *percent < 0 ? 0 : (*percent > 100 ? 100 : *percent);
    return quint8(clamped * 2.0 + 0.5);
}

constexpr std::optional<double> decodePercent(quint8 code)
{
    if (code == kMissing)
        return std::nullopt;
    return double(code) / 2.0;
}

struct GpuPoint
{
    quint8 memoryPercent = kMissing;
    quint8 utilizationPercent = kMissing;
};
static_assert(sizeof(GpuPoint) == 2);

// Response times saturate at 65.534 s; kNoResponse marks a failed poll.
constexpr quint16 kNoResponse = 0xFFFF;

struct EndpointPoint
{
    quint32 offsetMs = 0; // since the history's base time
    quint16 responseMs = kNoResponse;
    quint8 health = 0; // the caller's health code (endpoint::Health)
    quint8 averageUtilization = kMissing;
};
static_assert(sizeof(EndpointPoint) == 8);

// What one poll contributes for an endpoint, before encoding.
struct EndpointSample
{
    qint64 atMs = 0; // monotonic
    std::optional<qint64> responseMs; // none when the poll failed
    int health = 0;
    std::optional<double> averageUtilization;
};

// One GPU's percentages as one poll read them, before encoding (not
// stats::GpuSample, which is a server's reading of the GPU itself).
struct GpuLoad
{
    int gpuId = 0;
    std::optional<double> memoryPercent;
    std::optional<double> utilizationPercent;
};

} // namespace gpupool::history
