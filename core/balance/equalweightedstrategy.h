#pragma once

#include "balance/strategy.h"

namespace gpupool::balance {

// `equal_weighted`: fewest leases granted since start. The count is the
// balancer's (every strategy's choices together), so it survives switching.
class EqualWeightedStrategy final : public Strategy
{
public:
    QString name() const override;
    qsizetype choose(std::span<const Candidate> candidates, const SelectionContext &context) override;
};

} // namespace gpupool::balance
