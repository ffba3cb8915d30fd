#pragma once

#include "balance/smoothweights.h"

#include <vector>

namespace gpupool::balance {

// Memory-class weight of one GPU: >= 80 GB: 3.0, >= 40 GB: 2.0, >= 24 GB: 1.5,
// else (or unknown) 1.0.
double memoryClassWeight(qint64 memoryTotalMb);

// An endpoint's weight for `weighted_round_robin`: the memory-class weights of
// its assignable GPUs (under the filter), x 1.2 when its configured hourly
// price is below 1.0.
double endpointWeight(const Inventory &inventory, int endpoint, const GpuFilter *filter = nullptr);

// `weighted_round_robin`: smooth weighted round robin on endpointWeight().
class WeightedRoundRobinStrategy final : public Strategy
{
public:
    QString name() const override;
    qsizetype choose(std::span<const Candidate> candidates, const SelectionContext &context) override;
    QJsonValue saveState() const override { return m_weights.save(); }
    void restoreState(const QJsonValue &state) override { m_weights.restore(state); }

private:
    struct Cached
    {
        quint64 revision = 0; // Inventory revisions start at 1
        double weight = 0;
    };

    SmoothWeights m_weights;
    std::vector<double> m_scratch;
    // By inventory position. A revision names one state of one endpoint, so a
    // hit is right even after endpoints moved; no invalidation needed.
    std::vector<Cached> m_cache;
};

} // namespace gpupool::balance
