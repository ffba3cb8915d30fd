#include "balance/availabilitystrategy.h"

namespace gpupool::balance {

namespace {

// Response time with "never measured" first.
double responseKey(const EndpointView &view)
{
    return view.responseTimeMs.value_or(-1.0);
}

} // namespace

QString AvailabilityStrategy::name() const
{
    return QStringLiteral("availability");
}

qsizetype AvailabilityStrategy::choose(std::span<const Candidate> candidates, const SelectionContext &context)
{
    const Inventory &inventory = context.inventory();
    qsizetype best = 0;
    for (qsizetype i = 1; i < qsizetype(candidates.size()); ++i) {
        const Candidate &c = candidates[size_t(i)];
        const Candidate &b = candidates[size_t(best)];
        const EndpointView &cv = inventory.endpoint(c.endpoint).view;
        const EndpointView &bv = inventory.endpoint(b.endpoint).view;
        // Shares compared as cross products: 1/2 and 4/8 must tie exactly,
        // which divided doubles do not promise.
        const qint64 lhs = qint64(c.assignable) * bv.gpus.size();
        const qint64 rhs = qint64(b.assignable) * cv.gpus.size();
        if (lhs != rhs) {
            if (lhs > rhs)
                best = i;
            continue;
        }
        if (c.assignable != b.assignable) {
            if (c.assignable > b.assignable)
                best = i;
            continue;
        }
        if (responseKey(cv) < responseKey(bv))
            best = i;
    }
    return best;
}

} // namespace gpupool::balance
