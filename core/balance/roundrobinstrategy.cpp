#include "balance/roundrobinstrategy.h"

#include <QJsonObject>

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

QJsonValue RoundRobinStrategy::saveState() const
{
    if (m_lastId.isEmpty())
        return {};
    return QJsonObject { { QStringLiteral("last"), m_lastId }, { QStringLiteral("position"), m_lastPosition } };
}

void RoundRobinStrategy::restoreState(const QJsonValue &state)
{
    const QJsonObject o = state.toObject();
    m_lastId = o.value(QLatin1String("last")).toString();
    m_lastPosition = m_lastId.isEmpty() ? -1 : o.value(QLatin1String("position")).toInt(-1);
}

} // namespace gpupool::balance
