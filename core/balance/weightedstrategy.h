#pragma once

#include "balance/smoothweights.h"

#include <vector>

namespace gpupool::balance {

// `weighted`: smooth weighted round robin, weight = the endpoint's total GPU
// count (assignable or not: a big machine stays big while partly busy).
class WeightedStrategy final : public Strategy
{
public:
    QString name() const override;
    qsizetype choose(std::span<const Candidate> candidates, const SelectionContext &context) override;
    QJsonValue saveState() const override { return m_weights.save(); }
    void restoreState(const QJsonValue &state) override { m_weights.restore(state); }

private:
    SmoothWeights m_weights;
    std::vector<double> m_scratch;
};

} // namespace gpupool::balance
