#pragma once

#include "balance/strategy.h"

namespace gpupool::balance {

// `least_response_time`: lowest smoothed (EWMA) poll response time; an
// endpoint never measured goes first, so that it gets measured.
class LeastResponseTimeStrategy final : public Strategy
{
public:
    QString name() const override;
    qsizetype choose(std::span<const Candidate> candidates, const SelectionContext &context) override;
};

} // namespace gpupool::balance
