#include "config/strategynames.h"

#include <QCoreApplication>

namespace gpupool::config {

const QStringList &strategyNames()
{
    static const QStringList names {
        QStringLiteral("availability"),
        QStringLiteral("round_robin"),
        QStringLiteral("weighted"),
        QStringLiteral("least_connections"),
        QStringLiteral("least_response_time"),
        QStringLiteral("equal_weighted"),
        QStringLiteral("weighted_round_robin"),
    };
    return names;
}

bool isKnownStrategy(QStringView name)
{
    // Exact match: the predecessor compared names exactly, and a case-folded
    // match would make "Availability" valid here but not in its documentation.
    for (const QString &known : strategyNames())
        if (known == name)
            return true;
    return false;
}

QString unknownStrategyMessage(const QString &name)
{
    return QCoreApplication::translate("gpupool::config::Strategies",
                                       "Unknown load balancing strategy: %1. Available strategies: %2")
            .arg(name, strategyNames().join(QStringLiteral(", ")));
}

} // namespace gpupool::config
