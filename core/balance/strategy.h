#pragma once

#include "balance/inventory.h"

#include <QJsonValue>
#include <QString>
#include <span>

// One load-balancing rule of docs/behaviour.md "Strategies": given the endpoints
// that have at least one assignable GPU, pick one. The GPU inside it is not the
// strategy's business (Inventory::bestGpu), nor are counters (Balancer), so a
// strategy is a few lines and switching strategies loses nothing.
namespace gpupool::balance {

// An endpoint with at least one assignable GPU (under the request's filter).
struct Candidate
{
    int endpoint = 0; // index in the Inventory, i.e. configuration order
    int assignable = 0; // > 0
};

class SelectionContext
{
public:
    SelectionContext(const Inventory &inventory, const GpuFilter *filter, std::span<const quint64> selections)
        : m_inventory(inventory)
        , m_filter(filter)
        , m_selections(selections)
    {
    }

    const Inventory &inventory() const { return m_inventory; }
    // nullptr when the request has no filter.
    const GpuFilter *filter() const { return m_filter; }
    // How often the balancer chose this endpoint since start (every strategy
    // together), i.e. the leases granted there.
    quint64 selections(int endpoint) const
    {
        return size_t(endpoint) < m_selections.size() ? m_selections[size_t(endpoint)] : 0;
    }

private:
    const Inventory &m_inventory;
    const GpuFilter *m_filter;
    std::span<const quint64> m_selections;
};

class Strategy
{
public:
    virtual ~Strategy() = default;
    virtual QString name() const = 0;
    // `candidates` is non-empty and in configuration order. Returns a position
    // in it. Ties fall to configuration order, i.e. the lowest position.
    virtual qsizetype choose(std::span<const Candidate> candidates, const SelectionContext &context) = 0;

    // What the strategy remembers between decisions (whose turn it is), so
    // that every program on one store continues one rotation: the Balancer
    // keeps it in the store with each grant. Null: nothing to remember.
    // restoreState() takes what saveState() gave, possibly from another
    // program or version: anything it does not understand is ignored.
    virtual QJsonValue saveState() const { return {}; }
    virtual void restoreState(const QJsonValue &) {}
};

} // namespace gpupool::balance
