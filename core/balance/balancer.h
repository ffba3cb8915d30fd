#pragma once

#include "balance/inventory.h"
#include "balance/strategy.h"
#include "util/clock.h"

#include <QHash>
#include <QList>
#include <QString>
#include <map>
#include <memory>
#include <optional>
#include <vector>

// The load balancer: the current strategy picks the endpoint, the inventory
// picks the GPU inside it, and the counters live here rather than in the
// strategies so that switching strategy at run time keeps every one of them.
namespace gpupool::balance {

struct Selection
{
    int endpoint = -1; // inventory position
    int gpuPosition = -1; // position in that endpoint's view.gpus
    QString endpointId;
    int localGpuId = 0;
};

struct SelectionRecord
{
    QString endpointId;
    int localGpuId = 0;
    QString strategy;
    qint64 atMs = 0; // the balancer's monotonic clock
};

struct BalancerMetrics
{
    quint64 requests = 0; // select() calls
    quint64 successful = 0; // ... that chose a GPU
    quint64 failed = 0; // ... that found nothing assignable
    QHash<QString, quint64> selectionsPerEndpoint;
    QList<SelectionRecord> lastSelections; // oldest first, at most Balancer::LastSelections
};

class Balancer
{
public:
    static constexpr int LastSelections = 100;

    explicit Balancer(const gpupool::MonotonicClock &clock);
    ~Balancer();
    Balancer(const Balancer &) = delete;
    Balancer &operator=(const Balancer &) = delete;

    // Refuses an unknown name with StrategyRegistry::unknownStrategyMessage and
    // keeps the current strategy. A strategy used before comes back with its
    // own position (round robin's turn, the smooth weights) as it was left.
    bool setStrategy(const QString &name, QString *error = nullptr);
    QString strategyName() const;

    // The GPU to give out next, or nullopt when nothing is assignable (under
    // the filter). Does not lease it: the caller does, through the inventory.
    std::optional<Selection> select(const Inventory &inventory, const GpuFilter *filter = nullptr);

    const BalancerMetrics &metrics() const { return m_metrics; }

    // What the balancer remembers across decisions - each strategy's turn
    // and the selections per endpoint - as compact JSON text, so that every
    // program on one store balances as one balancer would (the Allocator
    // keeps it in the store, written in the same step as each grant).
    // importState() replaces what is remembered here; text it cannot read
    // (empty, another version's) counts as a fresh start for what it lacks.
    QString exportState() const;
    void importState(const QString &text);

private:
    Strategy *strategyFor(const QString &name);
    void followLayout(const Inventory &inventory);

    const gpupool::MonotonicClock &m_clock;
    std::map<QString, std::unique_ptr<Strategy>> m_strategies; // every one used so far
    Strategy *m_current = nullptr;
    BalancerMetrics m_metrics;
    // selectionsPerEndpoint again, by inventory position: equal_weighted reads
    // it for every candidate, and a hash lookup per endpoint per decision
    // would cost more than the rest of the decision.
    std::vector<quint64> m_selectionsByPosition;
    quint64 m_layoutVersion = 0;
    bool m_layoutKnown = false;
    std::vector<Candidate> m_candidates; // reused: no allocation per decision
};

} // namespace gpupool::balance
