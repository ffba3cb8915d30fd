#pragma once

#include "balance/strategy.h"

#include <QJsonValue>
#include <QStringList>
#include <vector>

// Smooth weighted round robin (nginx's): every candidate's current weight
// grows by its weight, the largest wins and gives back the sum of all weights.
// Over any window the choices follow the weights and the heavy endpoint's turns
// are spread out (5,1,1 gives a a b a c a a) instead of coming in a burst.
// Shared by `weighted` and `weighted_round_robin`, which differ only in weights.
namespace gpupool::balance {

class SmoothWeights
{
public:
    // `weights` is parallel to `candidates`; a weight <= 0 is never chosen
    // unless every weight is. Ties go to the lowest position.
    qsizetype pick(std::span<const Candidate> candidates, std::span<const double> weights, const Inventory &inventory);
    // Current weights by endpoint id, for Strategy::saveState().
    QJsonValue save() const;
    void restore(const QJsonValue &state);

private:
    // Current weights are kept per endpoint by inventory position; when
    // endpoints join or leave they are carried over by id, so an endpoint's
    // accumulated turn survives others coming and going.
    void follow(const Inventory &inventory);

    std::vector<double> m_current;
    QStringList m_ids;
    quint64 m_layoutVersion = 0;
    bool m_mapped = false;
};

} // namespace gpupool::balance
