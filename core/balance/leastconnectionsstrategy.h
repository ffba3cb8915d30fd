#pragma once

#include "balance/strategy.h"

namespace gpupool::balance {

// `least_connections`: fewest active leases on the endpoint.
class LeastConnectionsStrategy final : public Strategy
{
public:
    QString name() const override;
    qsizetype choose(std::span<const Candidate> candidates, const SelectionContext &context) override;
};

} // namespace gpupool::balance
