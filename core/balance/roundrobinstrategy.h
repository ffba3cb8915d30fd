#pragma once

#include "balance/strategy.h"

namespace gpupool::balance {

// `round_robin`: the next endpoint after the one chosen last, in configuration
// order, skipping endpoints without an assignable GPU.
class RoundRobinStrategy final : public Strategy
{
public:
    QString name() const override;
    qsizetype choose(std::span<const Candidate> candidates, const SelectionContext &context) override;
    QJsonValue saveState() const override;
    void restoreState(const QJsonValue &state) override;

private:
    // Kept by id, not by position: an endpoint joining or leaving before the
    // last one chosen must not make the rotation skip or repeat anyone. The
    // position is the fallback when the last one itself has left: whoever now
    // stands where it stood is the one after it.
    QString m_lastId;
    int m_lastPosition = -1;
};

} // namespace gpupool::balance
