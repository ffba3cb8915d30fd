#include "balance/weightedroundrobinstrategy.h"

namespace gpupool::balance {

double memoryClassWeight(qint64 memoryTotalMb)
{
    // In decimal GB (endpointview.h) every common card lands in its nominal
    // class, while GiB would drop the H100 and the A10 a class.
    const double gb = decimalGbOfMib(memoryTotalMb);
    if (gb >= 80)
        return 3.0;
    if (gb >= 40)
        return 2.0;
    if (gb >= 24)
        return 1.5;
    return 1.0;
}

double endpointWeight(const Inventory &inventory, int endpoint, const GpuFilter *filter)
{
    const Inventory::Endpoint &e = inventory.endpoint(endpoint);
    double weight = 0;
    for (int g = 0; g < e.view.gpus.size(); ++g)
        if (inventory.isAssignable(endpoint, g, filter))
            weight += memoryClassWeight(e.view.gpus.at(g).memoryTotalMb);
    if (e.view.hourlyPrice && *e.view.hourlyPrice < 1.0)
        weight *= 1.2;
    return weight;
}

QString WeightedRoundRobinStrategy::name() const
{
    return QStringLiteral("weighted_round_robin");
}

qsizetype WeightedRoundRobinStrategy::choose(std::span<const Candidate> candidates, const SelectionContext &context)
{
    const Inventory &inventory = context.inventory();
    const GpuFilter *filter = context.filter();
    const bool cacheable = !filter || filter->isEmpty();
    if (m_cache.size() < size_t(inventory.endpointCount()))
        m_cache.resize(size_t(inventory.endpointCount()));
    m_scratch.resize(candidates.size());
    for (size_t i = 0; i < candidates.size(); ++i) {
        const int e = candidates[i].endpoint;
        if (!cacheable) {
            m_scratch[i] = endpointWeight(inventory, e, filter);
            continue;
        }
        Cached &cached = m_cache[size_t(e)];
        const quint64 revision = inventory.endpoint(e).revision;
        if (cached.revision != revision)
            cached = { revision, endpointWeight(inventory, e) };
        m_scratch[i] = cached.weight;
    }
    return m_weights.pick(candidates, m_scratch, inventory);
}

} // namespace gpupool::balance
