#include "lease/lease.h"

#include "config/gpuid.h"

namespace gpupool::lease {

QString kindName(LeaseKind kind)
{
    switch (kind) {
    case LeaseKind::Interactive: return QStringLiteral("interactive");
    case LeaseKind::Programmatic: break;
    case LeaseKind::Job: return QStringLiteral("job");
    }
    return QStringLiteral("programmatic");
}

std::optional<LeaseKind> kindFromName(const QString &name)
{
    if (name == QLatin1String("interactive"))
        return LeaseKind::Interactive;
    if (name == QLatin1String("programmatic"))
        return LeaseKind::Programmatic;
    if (name == QLatin1String("job"))
        return LeaseKind::Job;
    return std::nullopt;
}

QString reasonName(EndReason reason)
{
    switch (reason) {
    case EndReason::Released: return QStringLiteral("released");
    case EndReason::Expired: return QStringLiteral("expired");
    case EndReason::Revoked: return QStringLiteral("revoked");
    }
    return QString();
}

std::optional<EndReason> reasonFromName(const QString &name)
{
    for (EndReason r : { EndReason::Released, EndReason::Expired, EndReason::Revoked })
        if (reasonName(r) == name)
            return r;
    return std::nullopt;
}

QString Lease::gpuId() const
{
    return config::formatGlobalGpuId(endpointId, localGpuId);
}

QString GrantSpec::gpuId() const
{
    return config::formatGlobalGpuId(endpointId, localGpuId);
}

} // namespace gpupool::lease
