#include "balance/leastresponsetimestrategy.h"

namespace gpupool::balance {

QString LeastResponseTimeStrategy::name() const
{
    return QStringLiteral("least_response_time");
}

qsizetype LeastResponseTimeStrategy::choose(std::span<const Candidate> candidates, const SelectionContext &context)
{
    const Inventory &inventory = context.inventory();
    qsizetype best = -1;
    double bestMs = 0;
    for (qsizetype i = 0; i < qsizetype(candidates.size()); ++i) {
        const std::optional<double> &ms = inventory.endpoint(candidates[size_t(i)].endpoint).view.responseTimeMs;
        if (!ms)
            return i; // the first one never measured
        if (best < 0 || *ms < bestMs) {
            best = i;
            bestMs = *ms;
        }
    }
    return best;
}

} // namespace gpupool::balance
