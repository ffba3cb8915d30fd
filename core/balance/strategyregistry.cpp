#include "balance/strategyregistry.h"

#include "balance/availabilitystrategy.h"
#include "balance/equalweightedstrategy.h"
#include "balance/leastconnectionsstrategy.h"
#include "balance/leastresponsetimestrategy.h"
#include "balance/roundrobinstrategy.h"
#include "balance/weightedroundrobinstrategy.h"
#include "balance/weightedstrategy.h"

#include <QCoreApplication>

namespace gpupool::balance {

namespace {

using Factory = std::unique_ptr<Strategy> (*)();

template<typename T>
std::unique_ptr<Strategy> make()
{
    return std::make_unique<T>();
}

struct Entry
{
    QString name;
    Factory factory;
};

// The one list: names() and create() both read it, so a strategy cannot be
// creatable yet missing from the error message, or the other way round.
const QList<Entry> &entries()
{
    static const QList<Entry> list {
        { QStringLiteral("availability"), &make<AvailabilityStrategy> },
        { QStringLiteral("round_robin"), &make<RoundRobinStrategy> },
        { QStringLiteral("weighted"), &make<WeightedStrategy> },
        { QStringLiteral("least_connections"), &make<LeastConnectionsStrategy> },
        { QStringLiteral("least_response_time"), &make<LeastResponseTimeStrategy> },
        { QStringLiteral("equal_weighted"), &make<EqualWeightedStrategy> },
        { QStringLiteral("weighted_round_robin"), &make<WeightedRoundRobinStrategy> },
    };
    return list;
}

} // namespace

const QStringList &StrategyRegistry::names()
{
    static const QStringList list = [] {
        QStringList n;
        for (const Entry &e : entries())
            n.append(e.name);
        return n;
    }();
    return list;
}

bool StrategyRegistry::contains(const QString &name)
{
    return names().contains(name);
}

std::unique_ptr<Strategy> StrategyRegistry::create(const QString &name)
{
    // Exact match, as the predecessor compared: "Availability" is not a name.
    for (const Entry &e : entries())
        if (e.name == name)
            return e.factory();
    return nullptr;
}

QString StrategyRegistry::unknownStrategyMessage(const QString &name)
{
    return QCoreApplication::translate("gpupool::balance::StrategyRegistry",
                                       "Unknown load balancing strategy: %1. Available strategies: %2")
        .arg(name, names().join(QStringLiteral(", ")));
}

} // namespace gpupool::balance
