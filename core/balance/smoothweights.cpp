#include "balance/smoothweights.h"

#include <QHash>
#include <QJsonObject>

namespace gpupool::balance {

qsizetype SmoothWeights::pick(std::span<const Candidate> candidates, std::span<const double> weights,
                              const Inventory &inventory)
{
    follow(inventory);
    double total = 0;
    qsizetype best = -1;
    for (qsizetype i = 0; i < qsizetype(candidates.size()); ++i) {
        const double w = weights[size_t(i)];
        if (w <= 0)
            continue;
        double &current = m_current[size_t(candidates[size_t(i)].endpoint)];
        current += w;
        total += w;
        if (best < 0 || current > m_current[size_t(candidates[size_t(best)].endpoint)])
            best = i;
    }
    if (best < 0)
        return 0; // nobody has weight: configuration order decides
    m_current[size_t(candidates[size_t(best)].endpoint)] -= total;
    return best;
}

QJsonValue SmoothWeights::save() const
{
    QJsonObject o;
    for (qsizetype i = 0; i < m_ids.size(); ++i)
        if (m_current[size_t(i)] != 0)
            o.insert(m_ids.at(i), m_current[size_t(i)]);
    return o;
}

void SmoothWeights::restore(const QJsonValue &state)
{
    const QJsonObject o = state.toObject();
    m_ids.clear();
    m_current.clear();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isDouble())
            continue;
        m_ids.append(it.key());
        m_current.push_back(it.value().toDouble());
    }
    m_mapped = false; // follow() places them by id
}

void SmoothWeights::follow(const Inventory &inventory)
{
    if (m_mapped && m_layoutVersion == inventory.layoutVersion())
        return;
    QHash<QString, double> byId;
    for (qsizetype i = 0; i < m_ids.size(); ++i)
        byId.insert(m_ids.at(i), m_current[size_t(i)]);
    const int n = inventory.endpointCount();
    m_ids.clear();
    m_ids.reserve(n);
    m_current.assign(size_t(n), 0.0);
    for (int i = 0; i < n; ++i) {
        const QString &id = inventory.endpoint(i).view.id;
        m_ids.append(id);
        m_current[size_t(i)] = byId.value(id, 0.0); // a newcomer starts at 0
    }
    m_layoutVersion = inventory.layoutVersion();
    m_mapped = true;
}

} // namespace gpupool::balance
