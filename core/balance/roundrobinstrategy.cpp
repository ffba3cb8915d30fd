#include "balance/roundrobinstrategy.h"

namespace gpupool::balance {

QString RoundRobinStrategy::name() const
{
    return QStringLiteral("round_robin");
}

qsizetype RoundRobinStrategy::choose(std::span<const Candidate> candidates, const SelectionContext &context)
{
    const Inventory &inventory = context.inventory();
    int start = 0; // the first configuration position that may be chosen
    if (!m_lastId.isEmpty()) {
        const int last = inventory.indexOf(m_lastId);
        start = last >= 0 ? last + 1 : m_lastPosition;
    }
    qsizetype chosen = 0; // wrap around to the first candidate
    for (qsizetype i = 0; i < qsizetype(candidates.size()); ++i) {
        if (candidates[size_t(i)].endpoint >= start) {
            chosen = i;
            break;
        }
    }
    m_lastPosition = candidates[size_t(chosen)].endpoint;
    m_lastId = inventory.endpoint(m_lastPosition).view.id;
    return chosen;
}

} // namespace gpupool::balance
