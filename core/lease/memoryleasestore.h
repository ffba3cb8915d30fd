#pragma once

#include "lease/leasestore.h"

#include <QHash>

// A LeaseStore in memory: for tests and for a Pool asked not to persist.
namespace gpupool::lease {

class MemoryLeaseStore final : public LeaseStore
{
public:
    Result<QList<Lease>> grant(const QList<GrantSpec> &specs, qint64 nowMs,
                               const SettingUpdate *update = nullptr) override;
    Result<LeaseEnd> end(const QString &leaseId, const QString &by, EndReason reason, qint64 nowMs) override;
    Result<Lease> renew(const QString &leaseId, const QString &by, qint64 newExpiresMs, qint64 nowMs) override;
    Result<QList<LeaseEnd>> expireDue(qint64 nowMs, const QString &noticedBy) override;
    Result<QList<Lease>> activeLeases() override;
    Result<QList<LeaseEnd>> history(int limit) override;
    Result<quint64> lastFence(const QString &gpuId) override;
    Result<QString> poolSetting(const QString &name) override;
    Status setPoolSetting(const QString &name, const QString &value) override;
    bool changedElsewhere() override { return false; }

private:
    void finish(const LeaseEnd &end);
    // The error for a lease id that is not active: ended before, or unknown.
    LeaseError notActive(const QString &leaseId) const;

    QHash<QString, Lease> m_active;      // by lease id
    QHash<QString, QString> m_byGpu;     // GPU id -> lease id
    QHash<QString, quint64> m_fences;    // GPU id -> last fence
    QList<LeaseEnd> m_history;           // oldest first
    QHash<QString, qsizetype> m_ended;   // lease id -> position in m_history
    QHash<QString, QString> m_settings;  // pool settings by name
};

} // namespace gpupool::lease
