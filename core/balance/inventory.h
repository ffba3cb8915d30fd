#pragma once

#include "balance/endpointview.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <vector>

// Which GPUs can be assigned right now (docs/behaviour.md "Availability and choice
// of GPU"): rules 1-3 evaluated once per change, not once per decision.
//
// A decision over 1,000 endpoints x 8 GPUs must stay within ~20 us, which
// leaves no room to look at every GPU (or hash every GPU id) each time. So the
// inventory keeps, per endpoint, how many of its GPUs are assignable and
// updates that count when a poll, a threshold or a lease changes it; a
// strategy then works on one number per endpoint.
namespace gpupool::balance {

struct GpuRef
{
    QString endpointId;
    int localId = 0;
    friend bool operator==(const GpuRef &, const GpuRef &) = default;
};

class Inventory
{
public:
    struct Endpoint
    {
        EndpointView view;
        std::vector<bool> leased; // parallel to view.gpus
        int assignable = 0; // GPUs passing rules 1-3, no filter
        int leaseCount = 0; // active leases here, reported GPUs or not
        // Changes whenever anything above changes, so that numbers derived
        // from one endpoint can be cached until it moves.
        quint64 revision = 0;
    };

    explicit Inventory(Thresholds thresholds = {});

    const Thresholds &thresholds() const { return m_thresholds; }
    void setThresholds(const Thresholds &thresholds);

    // Replaces every endpoint; the list's order is the configuration order
    // that strategies break ties by.
    void setEndpoints(const QList<EndpointView> &views);
    // One endpoint after a poll; an unknown id joins at the end.
    void updateEndpoint(const EndpointView &view);
    bool removeEndpoint(const QString &endpointId);

    // Leases are kept by GPU id even for GPUs no endpoint reports (yet): an
    // endpoint that comes back must not offer a GPU someone still holds.
    // Returns whether anything changed.
    bool setLeased(const QString &endpointId, int localId, bool leased);
    void replaceLeased(const QList<GpuRef> &leased);
    bool isLeased(const QString &endpointId, int localId) const;

    int endpointCount() const { return int(m_endpoints.size()); }
    const Endpoint &endpoint(int index) const { return m_endpoints[size_t(index)]; }
    // -1 when unknown.
    int indexOf(const QString &endpointId) const { return m_index.value(endpointId, -1); }
    // Grows whenever endpoints join, leave or move, so that per-endpoint state
    // kept elsewhere by position knows when to re-map itself by id.
    quint64 layoutVersion() const { return m_layoutVersion; }

    bool isAssignable(int endpoint, int gpuPosition, const GpuFilter *filter = nullptr) const;
    // Assignable GPUs of one endpoint; O(1) without a filter.
    int assignableCount(int endpoint, const GpuFilter *filter = nullptr) const;
    // docs/behaviour.md's available_gpus: drops with every grant, rises with every release.
    int totalAssignable() const { return m_totalAssignable; }
    int totalGpus() const;

    // Position in endpoint(i).view.gpus of the GPU to give out: lowest
    // memory% + utilization%, ties to the lowest local id. -1 when none.
    int bestGpu(int endpoint, const GpuFilter *filter = nullptr) const;

private:
    void recompute(Endpoint &e);
    void rebuildIndex();
    void recountTotal();

    Thresholds m_thresholds;
    std::vector<Endpoint> m_endpoints;
    QHash<QString, int> m_index;
    QHash<QString, QSet<int>> m_leased;
    quint64 m_layoutVersion = 0;
    quint64 m_revision = 0;
    int m_totalAssignable = 0;
};

} // namespace gpupool::balance
