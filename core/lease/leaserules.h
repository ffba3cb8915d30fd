#pragma once

#include "lease/lease.h"
#include "lease/leaseerror.h"

#include <QList>

// The rules every LeaseStore applies the same way (docs/behaviour.md "Leases"),
// kept apart from storage so the in-memory and SQLite stores cannot drift.
namespace gpupool::lease::rules {

// A batch to grant: not empty, each with an id, an owner and a positive
// duration, no GPU or id twice.
Status validate(const QList<GrantSpec> &specs);

Lease makeLease(const GrantSpec &spec, qint64 nowMs, quint64 fence);

// May `by` end this active lease for `reason`? Released needs the owner;
// Revoked is the operator's override and needs only a name; Expired is the
// store's own business (expireDue), never asked for.
Status checkEnd(const Lease &lease, const QString &by, EndReason reason);
// May `by` move this active, unexpired lease's expiry to newExpiresMs?
Status checkRenew(const Lease &lease, const QString &by, qint64 newExpiresMs, qint64 nowMs);

// The history record of a lease that ran out, noticed by `noticedBy`.
LeaseEnd expiredEnd(const Lease &lease, const QString &noticedBy);

LeaseError gpuTaken(const Lease &holder);
LeaseError unknownLease(const QString &leaseId);
LeaseError alreadyEnded(const LeaseEnd &end);
LeaseError leaseIdReused(const QString &leaseId);
// A grant's SettingUpdate found the setting changed: another program granted
// first (GpuTaken, so callers look again as for a taken GPU).
LeaseError settingChanged(const QString &name);

// A lease time for messages: local date and time to the second.
QString formatTime(qint64 msSinceEpoch);

} // namespace gpupool::lease::rules
