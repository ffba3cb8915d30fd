#include "pool/leaseguard.h"

#include "pool/pool.h"

namespace gpupool::pool {

LeaseGuard::LeaseGuard(Pool *pool, lease::Lease lease) : m_pool(pool), m_lease(std::move(lease)), m_active(true) {}

LeaseGuard::~LeaseGuard()
{
    release();
}

LeaseGuard::LeaseGuard(LeaseGuard &&other) noexcept
    : m_pool(std::move(other.m_pool))
    , m_lease(std::move(other.m_lease))
    , m_active(other.m_active)
{
    other.m_active = false;
}

LeaseGuard &LeaseGuard::operator=(LeaseGuard &&other) noexcept
{
    if (this != &other) {
        release();
        m_pool = std::move(other.m_pool);
        m_lease = std::move(other.m_lease);
        m_active = other.m_active;
        other.m_active = false;
    }
    return *this;
}

QString LeaseGuard::gpuId() const
{
    return m_pool ? m_pool->displayGpuId(m_lease) : m_lease.gpuId();
}

Status LeaseGuard::release()
{
    if (!m_active)
        return std::nullopt;
    m_active = false;
    if (!m_pool)
        return std::nullopt;
    ReleaseOptions options;
    options.by = m_lease.owner;
    options.asProgram = true;
    const Result<lease::LeaseEnd> r = m_pool->releaseGpu(m_lease.id, options);
    if (r)
        return std::nullopt;
    return r.error();
}

lease::Lease LeaseGuard::dismiss()
{
    m_active = false;
    return m_lease;
}

} // namespace gpupool::pool
