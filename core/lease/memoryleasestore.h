#pragma once

#include "lease/leasestore.h"

#include <QHash>
#include <QMap>

// A LeaseStore in memory: for tests and for a Pool asked not to persist.
namespace gpupool::lease {

class MemoryLeaseStore final : public LeaseStore
{
public:
    Result<QList<Lease>> grant(const QList<GrantSpec> &specs, qint64 nowMs, const SettingUpdate *update = nullptr,
                               const QueueCheck *queue = nullptr) override;
    Result<LeaseEnd> end(const QString &leaseId, const QString &by, EndReason reason, qint64 nowMs) override;
    Result<Lease> renew(const QString &leaseId, const QString &by, qint64 newExpiresMs, qint64 nowMs) override;
    Result<QList<LeaseEnd>> expireDue(qint64 nowMs, const QString &noticedBy) override;
    Result<QList<Lease>> activeLeases() override;
    Result<QList<LeaseEnd>> history(int limit) override;
    Result<quint64> lastFence(const QString &gpuId) override;
    Result<QString> poolSetting(const QString &name) override;
    Status setPoolSetting(const QString &name, const QString &value) override;
    Result<QueueEntry> enqueue(const QueueEntry &entry, qint64 nowMs) override;
    Result<QueueSnapshot> queue(qint64 nowMs) override;
    Status heartbeat(const QList<quint64> &ids, qint64 nowMs) override;
    Result<bool> dequeue(quint64 id, const QString &by) override;
    bool changedElsewhere() override { return false; }

private:
    void finish(const LeaseEnd &end);
    // The error for a lease id that is not active: ended before, or unknown.
    LeaseError notActive(const QString &leaseId) const;

    QHash<QString, Lease> m_active; // by lease id
    QHash<QString, QString> m_byGpu; // GPU id -> lease id
    QHash<QString, quint64> m_fences; // GPU id -> last fence
    QList<LeaseEnd> m_history; // oldest first
    QHash<QString, qsizetype> m_ended; // lease id -> position in m_history
    QHash<QString, QString> m_settings; // pool settings by name
    QMap<quint64, QueueEntry> m_queue; // by id: oldest first
    quint64 m_nextQueueId = 1;
    quint64 m_queueVersion = 0;
};

} // namespace gpupool::lease
