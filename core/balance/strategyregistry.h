#pragma once

#include "balance/strategy.h"

#include <QString>
#include <QStringList>
#include <memory>

// The strategies by name (docs/behaviour.md "Strategies").
namespace gpupool::balance {

class StrategyRegistry
{
public:
    // In the spec's order, which is also the order the error message lists.
    static const QStringList &names();
    static bool contains(const QString &name);
    // nullptr for an unknown name.
    static std::unique_ptr<Strategy> create(const QString &name);
    // Exactly "Unknown load balancing strategy: X. Available strategies: a, b, ...".
    static QString unknownStrategyMessage(const QString &name);
    static QString defaultName() { return QStringLiteral("availability"); }
};

} // namespace gpupool::balance
