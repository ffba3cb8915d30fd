#include "lease/leaserules.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>

namespace gpupool::lease::rules {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::Rules", text);
}

LeaseError invalid(const QString &message)
{
    return { ErrorCode::InvalidArgument, message };
}

} // namespace

Status validate(const QList<GrantSpec> &specs)
{
    if (specs.isEmpty())
        return invalid(tr("No GPU to lease was given."));
    QSet<QString> gpus;
    QSet<QString> ids;
    for (const GrantSpec &s : specs) {
        if (s.leaseId.isEmpty())
            return invalid(tr("A lease needs an id."));
        if (s.owner.trimmed().isEmpty())
            return invalid(tr("A lease needs an owner (user@host or a worker id)."));
        if (s.endpointId.isEmpty() || s.localGpuId < 0)
            return invalid(tr("A lease needs a GPU; got \"%1\".").arg(s.gpuId()));
        if (s.durationMs <= 0)
            return invalid(tr("A lease must last longer than 0 ms; got %1 ms.").arg(s.durationMs));
        if (gpus.contains(s.gpuId()))
            return invalid(tr("GPU %1 was asked for twice in one request.").arg(s.gpuId()));
        if (ids.contains(s.leaseId))
            return invalid(tr("Lease id %1 was given twice in one request.").arg(s.leaseId));
        gpus.insert(s.gpuId());
        ids.insert(s.leaseId);
    }
    return std::nullopt;
}

Lease makeLease(const GrantSpec &spec, qint64 nowMs, quint64 fence)
{
    Lease l;
    l.id = spec.leaseId;
    l.endpointId = spec.endpointId;
    l.localGpuId = spec.localGpuId;
    l.owner = spec.owner;
    l.note = spec.note;
    l.kind = spec.kind;
    l.createdMs = nowMs;
    l.expiresMs = nowMs + spec.durationMs;
    l.fence = fence;
    return l;
}

Status checkEnd(const Lease &lease, const QString &by, EndReason reason)
{
    switch (reason) {
    case EndReason::Released:
        if (by != lease.owner)
            return LeaseError { ErrorCode::NotOwner,
                                tr("Lease %1 on GPU %2 belongs to %3, not to %4; it was not released.")
                                    .arg(lease.id, lease.gpuId(), lease.owner, by) };
        return std::nullopt;
    case EndReason::Revoked:
        if (by.trimmed().isEmpty())
            return invalid(tr("Revoking lease %1 needs the name of who revokes it.").arg(lease.id));
        return std::nullopt;
    case EndReason::Expired: break;
    }
    return invalid(tr("Lease %1 cannot be ended as expired on request; it expires at %2.")
                       .arg(lease.id, formatTime(lease.expiresMs)));
}

Status checkRenew(const Lease &lease, const QString &by, qint64 newExpiresMs, qint64 nowMs)
{
    if (by != lease.owner)
        return LeaseError { ErrorCode::NotOwner,
                            tr("Lease %1 on GPU %2 belongs to %3, not to %4; it was not renewed.")
                                .arg(lease.id, lease.gpuId(), lease.owner, by) };
    if (newExpiresMs <= nowMs)
        return invalid(tr("A renewed lease must end in the future; asked for %1.").arg(formatTime(newExpiresMs)));
    return std::nullopt;
}

LeaseEnd expiredEnd(const Lease &lease, const QString &noticedBy)
{
    return { lease, EndReason::Expired, noticedBy, lease.expiresMs };
}

LeaseError gpuTaken(const Lease &holder)
{
    return { ErrorCode::GpuTaken,
             tr("GPU %1 is already leased to %2 (lease %3, until %4).")
                 .arg(holder.gpuId(), holder.owner, holder.id, formatTime(holder.expiresMs)) };
}

LeaseError unknownLease(const QString &leaseId)
{
    return { ErrorCode::UnknownLease, tr("There is no lease with id \"%1\".").arg(leaseId) };
}

LeaseError alreadyEnded(const LeaseEnd &end)
{
    QString how;
    switch (end.reason) {
    case EndReason::Released: how = tr("released by %1 at %2"); break;
    case EndReason::Expired: how = tr("expired (noticed by %1) at %2"); break;
    case EndReason::Revoked: how = tr("revoked by %1 at %2"); break;
    }
    return { ErrorCode::AlreadyEnded,
             tr("Lease %1 on GPU %2 has already ended: %3.")
                 .arg(end.lease.id, end.lease.gpuId(), how.arg(end.endedBy, formatTime(end.endedMs))) };
}

LeaseError leaseIdReused(const QString &leaseId)
{
    return invalid(tr("Lease id %1 was used before; lease ids are never reused.").arg(leaseId));
}

LeaseError settingChanged(const QString &name)
{
    return {
        ErrorCode::GpuTaken,
        tr("Another program granted GPUs meanwhile (the pool setting \"%1\" changed); nothing was granted.").arg(name)
    };
}

QString formatTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace gpupool::lease::rules
