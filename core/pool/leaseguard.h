#pragma once

#include "lease/lease.h"
#include "pool/poolerror.h"

#include <QPointer>

namespace gpupool::pool {

class Pool;

// Holds one lease and releases it when it goes out of scope (the
// predecessor's GPUContextManager). Move-only. Releases as a program: a lease
// that has already ended (expired, revoked) is only a warning. Safe when the
// Pool is destroyed first (then nothing happens).
class LeaseGuard
{
public:
    LeaseGuard() = default;
    LeaseGuard(Pool *pool, lease::Lease lease);
    ~LeaseGuard();
    LeaseGuard(LeaseGuard &&other) noexcept;
    LeaseGuard &operator=(LeaseGuard &&other) noexcept;
    LeaseGuard(const LeaseGuard &) = delete;
    LeaseGuard &operator=(const LeaseGuard &) = delete;

    bool isActive() const { return m_active; }
    const lease::Lease &lease() const { return m_lease; }
    QString gpuId() const; // display id in the pool's mode

    // Releases now; the guard is then empty. nullopt when released (or
    // already empty).
    Status release();
    // Gives up the lease without releasing it (the caller keeps it).
    lease::Lease dismiss();

private:
    QPointer<Pool> m_pool;
    lease::Lease m_lease;
    bool m_active = false;
};

} // namespace gpupool::pool
