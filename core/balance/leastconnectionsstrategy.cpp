#include "balance/leastconnectionsstrategy.h"

namespace gpupool::balance {

QString LeastConnectionsStrategy::name() const
{
    return QStringLiteral("least_connections");
}

qsizetype LeastConnectionsStrategy::choose(std::span<const Candidate> candidates, const SelectionContext &context)
{
    const Inventory &inventory = context.inventory();
    qsizetype best = 0;
    int bestLeases = inventory.endpoint(candidates[0].endpoint).leaseCount;
    for (qsizetype i = 1; i < qsizetype(candidates.size()); ++i) {
        const int leases = inventory.endpoint(candidates[size_t(i)].endpoint).leaseCount;
        if (leases < bestLeases) {
            best = i;
            bestLeases = leases;
        }
    }
    return best;
}

} // namespace gpupool::balance
