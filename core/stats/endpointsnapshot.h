#pragma once

#include "stats/bodies.h"

#include <optional>

namespace gpupool::stats {

// What a client knows about one endpoint after a successful poll: the summary
// (every server has it), the details where the server answers /gpu/stats, and
// when it arrived on the client's monotonic clock (for freshness checks).
struct EndpointSnapshot
{
    SummaryBody summary;
    std::optional<StatsBody> details;
    qint64 receivedAtMs = 0;

    int gpuCount() const { return summary.gpuCount; }
    // The details of one GPU, when the server gave them.
    const StatsGpu *detailsFor(int gpuId) const
    {
        if (!details)
            return nullptr;
        for (const StatsGpu &g : details->gpus)
            if (g.gpuId == gpuId)
                return &g;
        return nullptr;
    }
};

} // namespace gpupool::stats
