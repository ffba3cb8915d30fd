#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

// The load-balancing strategy names users may configure (docs/behaviour.md
// "Strategies"). The strategies themselves live in core/balance; the names live
// here so that configuration can be checked before any strategy exists.
namespace gpupool::config {

// In the spec's order, which is also the order the error message lists them in.
const QStringList &strategyNames();

bool isKnownStrategy(QStringView name);

// Exactly "Unknown load balancing strategy: X. Available strategies: a, b, ...":
// the text the spec fixes, used both at start-up and when switching at run time.
QString unknownStrategyMessage(const QString &name);

} // namespace gpupool::config
