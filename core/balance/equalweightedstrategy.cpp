#include "balance/equalweightedstrategy.h"

namespace gpupool::balance {

QString EqualWeightedStrategy::name() const
{
    return QStringLiteral("equal_weighted");
}

qsizetype EqualWeightedStrategy::choose(std::span<const Candidate> candidates, const SelectionContext &context)
{
    qsizetype best = 0;
    quint64 bestCount = context.selections(candidates[0].endpoint);
    for (qsizetype i = 1; i < qsizetype(candidates.size()); ++i) {
        const quint64 count = context.selections(candidates[size_t(i)].endpoint);
        if (count < bestCount) {
            best = i;
            bestCount = count;
        }
    }
    return best;
}

} // namespace gpupool::balance
