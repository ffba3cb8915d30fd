#include "balance/inventory.h"

namespace gpupool::balance {

Inventory::Inventory(Thresholds thresholds) : m_thresholds(thresholds) {}

void Inventory::setThresholds(const Thresholds &thresholds)
{
    if (thresholds == m_thresholds)
        return;
    m_thresholds = thresholds;
    for (Endpoint &e : m_endpoints)
        recompute(e);
    recountTotal();
}

void Inventory::setEndpoints(const QList<EndpointView> &views)
{
    bool sameLayout = qsizetype(m_endpoints.size()) == views.size();
    std::vector<Endpoint> endpoints;
    endpoints.reserve(size_t(views.size()));
    for (qsizetype i = 0; i < views.size(); ++i) {
        if (sameLayout && m_endpoints[size_t(i)].view.id != views.at(i).id)
            sameLayout = false;
        Endpoint e;
        e.view = views.at(i);
        recompute(e);
        endpoints.push_back(std::move(e));
    }
    m_endpoints = std::move(endpoints);
    if (!sameLayout) {
        rebuildIndex();
        ++m_layoutVersion;
    }
    recountTotal();
}

void Inventory::updateEndpoint(const EndpointView &view)
{
    const int i = indexOf(view.id);
    if (i < 0) {
        Endpoint e;
        e.view = view;
        recompute(e);
        m_totalAssignable += e.assignable;
        m_index.insert(view.id, int(m_endpoints.size()));
        m_endpoints.push_back(std::move(e));
        ++m_layoutVersion;
        return;
    }
    Endpoint &e = m_endpoints[size_t(i)];
    m_totalAssignable -= e.assignable;
    e.view = view;
    recompute(e);
    m_totalAssignable += e.assignable;
}

bool Inventory::removeEndpoint(const QString &endpointId)
{
    const int i = indexOf(endpointId);
    if (i < 0)
        return false;
    m_totalAssignable -= m_endpoints[size_t(i)].assignable;
    m_endpoints.erase(m_endpoints.begin() + i);
    rebuildIndex();
    ++m_layoutVersion;
    return true;
}

bool Inventory::setLeased(const QString &endpointId, int localId, bool leased)
{
    if (leased) {
        QSet<int> &set = m_leased[endpointId];
        if (set.contains(localId))
            return false;
        set.insert(localId);
    } else {
        auto it = m_leased.find(endpointId);
        if (it == m_leased.end() || !it->remove(localId))
            return false;
        if (it->isEmpty())
            m_leased.erase(it);
    }
    const int i = indexOf(endpointId);
    if (i < 0)
        return true;
    // Only this endpoint's numbers move: O(GPUs of one endpoint).
    Endpoint &e = m_endpoints[size_t(i)];
    m_totalAssignable -= e.assignable;
    recompute(e);
    m_totalAssignable += e.assignable;
    return true;
}

void Inventory::replaceLeased(const QList<GpuRef> &leased)
{
    m_leased.clear();
    for (const GpuRef &ref : leased)
        m_leased[ref.endpointId].insert(ref.localId);
    for (Endpoint &e : m_endpoints)
        recompute(e);
    recountTotal();
}

bool Inventory::isLeased(const QString &endpointId, int localId) const
{
    const auto it = m_leased.constFind(endpointId);
    return it != m_leased.cend() && it->contains(localId);
}

bool Inventory::isAssignable(int endpoint, int gpuPosition, const GpuFilter *filter) const
{
    const Endpoint &e = m_endpoints[size_t(endpoint)];
    if (!e.view.isUsable() || e.leased[size_t(gpuPosition)])
        return false;
    const GpuView &gpu = e.view.gpus.at(gpuPosition);
    if (!m_thresholds.admits(gpu))
        return false;
    return !filter || (filter->admitsEndpoint(e.view.id) && filter->admitsGpu(gpu));
}

int Inventory::assignableCount(int endpoint, const GpuFilter *filter) const
{
    const Endpoint &e = m_endpoints[size_t(endpoint)];
    if (!filter || filter->isEmpty() || e.assignable == 0)
        return e.assignable;
    if (!filter->admitsEndpoint(e.view.id))
        return 0;
    int n = 0;
    for (int g = 0; g < e.view.gpus.size(); ++g)
        n += isAssignable(endpoint, g, filter) ? 1 : 0;
    return n;
}

int Inventory::totalGpus() const
{
    int n = 0;
    for (const Endpoint &e : m_endpoints)
        n += int(e.view.gpus.size());
    return n;
}

int Inventory::bestGpu(int endpoint, const GpuFilter *filter) const
{
    const Endpoint &e = m_endpoints[size_t(endpoint)];
    if (e.assignable == 0)
        return -1;
    int best = -1;
    double bestLoad = 0;
    for (int g = 0; g < e.view.gpus.size(); ++g) {
        if (!isAssignable(endpoint, g, filter))
            continue;
        const GpuView &gpu = e.view.gpus.at(g);
        const double load = gpu.memoryPercent + gpu.utilizationPercent;
        // Servers list GPUs in index order, but nothing promises it: the tie
        // goes to the lowest local id, not to the first position.
        if (best < 0 || load < bestLoad || (load == bestLoad && gpu.localId < e.view.gpus.at(best).localId)) {
            best = g;
            bestLoad = load;
        }
    }
    return best;
}

void Inventory::recompute(Endpoint &e)
{
    e.revision = ++m_revision;
    const auto leasedIt = m_leased.constFind(e.view.id);
    const QSet<int> *leased = leasedIt == m_leased.cend() ? nullptr : &*leasedIt;
    e.leaseCount = leased ? int(leased->size()) : 0;
    e.leased.assign(size_t(e.view.gpus.size()), false);
    e.assignable = 0;
    const bool usable = e.view.isUsable();
    for (qsizetype g = 0; g < e.view.gpus.size(); ++g) {
        const GpuView &gpu = e.view.gpus.at(g);
        const bool isLeased = leased && leased->contains(gpu.localId);
        e.leased[size_t(g)] = isLeased;
        if (usable && !isLeased && m_thresholds.admits(gpu))
            ++e.assignable;
    }
}

void Inventory::rebuildIndex()
{
    m_index.clear();
    m_index.reserve(qsizetype(m_endpoints.size()));
    for (size_t i = 0; i < m_endpoints.size(); ++i)
        m_index.insert(m_endpoints[i].view.id, int(i));
}

void Inventory::recountTotal()
{
    m_totalAssignable = 0;
    for (const Endpoint &e : m_endpoints)
        m_totalAssignable += e.assignable;
}

} // namespace gpupool::balance
