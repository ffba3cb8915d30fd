#include "balance/weightedstrategy.h"

namespace gpupool::balance {

QString WeightedStrategy::name() const
{
    return QStringLiteral("weighted");
}

qsizetype WeightedStrategy::choose(std::span<const Candidate> candidates, const SelectionContext &context)
{
    const Inventory &inventory = context.inventory();
    m_scratch.resize(candidates.size());
    for (size_t i = 0; i < candidates.size(); ++i)
        m_scratch[i] = double(inventory.endpoint(candidates[i].endpoint).view.gpus.size());
    return m_weights.pick(candidates, m_scratch, inventory);
}

} // namespace gpupool::balance
