#include "lease/leasetable.h"

#include <algorithm>

namespace gpupool::lease {

void LeaseTable::insert(const Lease &lease)
{
    remove(lease.id);
    m_byId.insert(lease.id, lease);
    m_idByGpu.insert(lease.gpuId(), lease.id);
    m_byExpiry.emplace(lease.expiresMs, lease.id);
}

bool LeaseTable::remove(const QString &leaseId)
{
    const auto it = m_byId.constFind(leaseId);
    if (it == m_byId.cend())
        return false;
    m_byExpiry.erase({ it->expiresMs, it->id });
    const QString gpu = it->gpuId();
    if (m_idByGpu.value(gpu) == leaseId)
        m_idByGpu.remove(gpu);
    m_byId.erase(it);
    return true;
}

void LeaseTable::clear()
{
    m_byId.clear();
    m_idByGpu.clear();
    m_byExpiry.clear();
}

LeaseTable::Diff LeaseTable::replaceAll(const QList<Lease> &leases)
{
    Diff diff;
    QHash<QString, Lease> next;
    next.reserve(leases.size());
    for (const Lease &l : leases) {
        next.insert(l.id, l);
        const Lease *old = find(l.id);
        if (!old)
            diff.added.append(l);
        else if (!(*old == l))
            diff.changed.append(l);
    }
    for (const Lease &l : std::as_const(m_byId))
        if (!next.contains(l.id))
            diff.removed.append(l);
    clear();
    for (const Lease &l : leases)
        insert(l);
    return diff;
}

const Lease *LeaseTable::find(const QString &leaseId) const
{
    const auto it = m_byId.constFind(leaseId);
    return it == m_byId.cend() ? nullptr : &*it;
}

const Lease *LeaseTable::findByGpu(const QString &gpuId) const
{
    const auto it = m_idByGpu.constFind(gpuId);
    return it == m_idByGpu.cend() ? nullptr : find(*it);
}

QList<Lease> LeaseTable::all() const
{
    QList<Lease> list = m_byId.values();
    std::sort(list.begin(), list.end(), [](const Lease &a, const Lease &b) { return a.gpuId() < b.gpuId(); });
    return list;
}

qint64 LeaseTable::nextExpiryMs() const
{
    return m_byExpiry.empty() ? -1 : m_byExpiry.begin()->first;
}

} // namespace gpupool::lease
