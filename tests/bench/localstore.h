#pragma once

#include "lease/leasestore.h"

#include <QString>

namespace gpupool::bench {

// A store that keeps no pool settings and no queue: the allocator then keeps
// the balancer's turn and its waiters to itself, as every program did before
// the pool was one. What sharing costs is measured against it.
class LocalBalancerStore final : public lease::LeaseStore
{
    static lease::LeaseError none() { return { lease::ErrorCode::StoreFailed, QStringLiteral("not kept here") }; }

public:
    explicit LocalBalancerStore(lease::LeaseStore &inner) : m_inner(inner) {}
    lease::Result<QList<lease::Lease>> grant(const QList<lease::GrantSpec> &specs, qint64 nowMs,
                                             const lease::SettingUpdate *update = nullptr,
                                             const lease::QueueCheck * = nullptr) override
    {
        return m_inner.grant(specs, nowMs, update);
    }
    lease::Result<lease::LeaseEnd> end(const QString &id, const QString &by, lease::EndReason reason,
                                       qint64 nowMs) override
    {
        return m_inner.end(id, by, reason, nowMs);
    }
    lease::Result<lease::Lease> renew(const QString &id, const QString &by, qint64 expiresMs, qint64 nowMs) override
    {
        return m_inner.renew(id, by, expiresMs, nowMs);
    }
    lease::Result<QList<lease::LeaseEnd>> expireDue(qint64 nowMs, const QString &by) override
    {
        return m_inner.expireDue(nowMs, by);
    }
    lease::Result<QList<lease::Lease>> activeLeases() override { return m_inner.activeLeases(); }
    lease::Result<QList<lease::LeaseEnd>> history(int limit) override { return m_inner.history(limit); }
    lease::Result<quint64> lastFence(const QString &gpuId) override { return m_inner.lastFence(gpuId); }
    lease::Result<QString> poolSetting(const QString &) override
    {
        return lease::LeaseError { lease::ErrorCode::StoreFailed, QStringLiteral("no pool settings here") };
    }
    lease::Status setPoolSetting(const QString &, const QString &) override { return std::nullopt; }
    // Nor a shared queue: each program waits in its own.
    lease::Result<lease::QueueEntry> enqueue(const lease::QueueEntry &, qint64) override { return none(); }
    lease::Result<lease::QueueSnapshot> queue(qint64) override { return none(); }
    lease::Status heartbeat(const QList<quint64> &, qint64) override { return none(); }
    lease::Result<bool> dequeue(quint64, const QString &) override { return none(); }
    bool changedElsewhere() override { return m_inner.changedElsewhere(); }

private:
    lease::LeaseStore &m_inner;
};

} // namespace gpupool::bench
