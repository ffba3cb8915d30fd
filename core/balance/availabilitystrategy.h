#pragma once

#include "balance/strategy.h"

namespace gpupool::balance {

// `availability` (the default): highest share of assignable GPUs, then most
// assignable GPUs, then lowest response time (never measured counts as
// fastest, as in least_response_time), then configuration order.
class AvailabilityStrategy final : public Strategy
{
public:
    QString name() const override;
    qsizetype choose(std::span<const Candidate> candidates, const SelectionContext &context) override;
};

} // namespace gpupool::balance
