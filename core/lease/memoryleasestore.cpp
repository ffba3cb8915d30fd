#include "lease/memoryleasestore.h"

#include "lease/leaserules.h"

#include <algorithm>

namespace gpupool::lease {

Result<QList<Lease>> MemoryLeaseStore::grant(const QList<GrantSpec> &specs, qint64 nowMs, const SettingUpdate *update,
                                             const QueueCheck *queue)
{
    if (Status invalid = rules::validate(specs))
        return *invalid;
    if (update && m_settings.value(update->name) != update->expected)
        return rules::settingChanged(update->name);
    if (queue && queue->expectedVersion != m_queueVersion)
        return queuerules::queueChanged();
    // Check everything before changing anything: all or nothing.
    QList<Lease> expired;
    for (const GrantSpec &s : specs) {
        if (m_active.contains(s.leaseId) || m_ended.contains(s.leaseId))
            return rules::leaseIdReused(s.leaseId);
        const auto holder = m_byGpu.constFind(s.gpuId());
        if (holder == m_byGpu.cend())
            continue;
        const Lease &held = m_active[*holder];
        if (!held.isExpiredAt(nowMs))
            return rules::gpuTaken(held);
        expired.append(held);
    }
    for (const Lease &l : expired)
        finish(rules::expiredEnd(l, specs.first().owner));
    QList<Lease> granted;
    for (const GrantSpec &s : specs) {
        quint64 &fence = m_fences[s.gpuId()];
        ++fence;
        const Lease l = rules::makeLease(s, nowMs, fence);
        m_active.insert(l.id, l);
        m_byGpu.insert(l.gpuId(), l.id);
        granted.append(l);
    }
    if (update)
        m_settings.insert(update->name, update->value);
    if (queue && queue->serves != 0 && m_queue.remove(queue->serves))
        ++m_queueVersion;
    return granted;
}

Result<LeaseEnd> MemoryLeaseStore::end(const QString &leaseId, const QString &by, EndReason reason, qint64 nowMs)
{
    const auto it = m_active.constFind(leaseId);
    if (it == m_active.cend())
        return notActive(leaseId);
    const Lease lease = *it;
    if (Status refused = rules::checkEnd(lease, by, reason))
        return *refused;
    if (lease.isExpiredAt(nowMs)) {
        const LeaseEnd e = rules::expiredEnd(lease, by);
        finish(e);
        return rules::alreadyEnded(e);
    }
    const LeaseEnd e { lease, reason, by, nowMs };
    finish(e);
    return e;
}

Result<Lease> MemoryLeaseStore::renew(const QString &leaseId, const QString &by, qint64 newExpiresMs, qint64 nowMs)
{
    const auto it = m_active.find(leaseId);
    if (it == m_active.end())
        return notActive(leaseId);
    if (Status refused = rules::checkRenew(*it, by, newExpiresMs, nowMs))
        return *refused;
    if (it->isExpiredAt(nowMs)) {
        const LeaseEnd e = rules::expiredEnd(*it, by);
        finish(e);
        return rules::alreadyEnded(e);
    }
    it->expiresMs = newExpiresMs;
    return *it;
}

Result<QList<LeaseEnd>> MemoryLeaseStore::expireDue(qint64 nowMs, const QString &noticedBy)
{
    QList<Lease> due;
    for (const Lease &l : std::as_const(m_active))
        if (l.isExpiredAt(nowMs))
            due.append(l);
    // The same order the SQLite store gives: by expiry, then id.
    std::sort(due.begin(), due.end(), [](const Lease &a, const Lease &b) {
        return a.expiresMs != b.expiresMs ? a.expiresMs < b.expiresMs : a.id < b.id;
    });
    QList<LeaseEnd> ends;
    for (const Lease &l : due) {
        ends.append(rules::expiredEnd(l, noticedBy));
        finish(ends.last());
    }
    return ends;
}

Result<QList<Lease>> MemoryLeaseStore::activeLeases()
{
    QList<Lease> all = m_active.values();
    std::sort(all.begin(), all.end(), [](const Lease &a, const Lease &b) { return a.gpuId() < b.gpuId(); });
    return all;
}

Result<QList<LeaseEnd>> MemoryLeaseStore::history(int limit)
{
    QList<LeaseEnd> newest;
    for (qsizetype i = m_history.size() - 1; i >= 0 && newest.size() < limit; --i)
        newest.append(m_history.at(i));
    return newest;
}

Result<quint64> MemoryLeaseStore::lastFence(const QString &gpuId)
{
    return m_fences.value(gpuId, 0);
}

void MemoryLeaseStore::finish(const LeaseEnd &end)
{
    m_active.remove(end.lease.id);
    m_byGpu.remove(end.lease.gpuId());
    m_ended.insert(end.lease.id, m_history.size());
    m_history.append(end);
}

LeaseError MemoryLeaseStore::notActive(const QString &leaseId) const
{
    const auto ended = m_ended.constFind(leaseId);
    if (ended != m_ended.cend())
        return rules::alreadyEnded(m_history.at(*ended));
    return rules::unknownLease(leaseId);
}

Result<QString> MemoryLeaseStore::poolSetting(const QString &name)
{
    return m_settings.value(name);
}

Status MemoryLeaseStore::setPoolSetting(const QString &name, const QString &value)
{
    m_settings.insert(name, value);
    return std::nullopt;
}

Result<QueueEntry> MemoryLeaseStore::enqueue(const QueueEntry &entry, qint64 nowMs)
{
    if (Status invalid = queuerules::validate(entry))
        return *invalid;
    QueueEntry e = entry;
    e.id = m_nextQueueId++;
    e.createdMs = nowMs;
    e.heartbeatMs = nowMs;
    m_queue.insert(e.id, e);
    ++m_queueVersion;
    return e;
}

Result<QueueSnapshot> MemoryLeaseStore::queue(qint64 nowMs)
{
    QueueSnapshot snapshot;
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        if (it->isStaleAt(nowMs)) {
            it = m_queue.erase(it);
            ++m_queueVersion;
        } else {
            snapshot.entries.append(*it++);
        }
    }
    snapshot.version = m_queueVersion;
    return snapshot;
}

Status MemoryLeaseStore::heartbeat(const QList<quint64> &ids, qint64 nowMs)
{
    for (quint64 id : ids) {
        const auto it = m_queue.find(id);
        if (it != m_queue.end())
            it->heartbeatMs = nowMs;
    }
    return std::nullopt;
}

Result<bool> MemoryLeaseStore::dequeue(quint64 id, const QString &by)
{
    const auto it = m_queue.constFind(id);
    if (it == m_queue.cend())
        return false;
    if (it->owner != by)
        return queuerules::notYours(*it, by);
    m_queue.erase(it);
    ++m_queueVersion;
    return true;
}

} // namespace gpupool::lease
