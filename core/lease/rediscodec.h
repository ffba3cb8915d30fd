#pragma once

#include "lease/lease.h"
#include "lease/leaseerror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <optional>

// Leases as the Redis store keeps them (compact JSON, see redisscript.h) and
// the script's answers as the lease layer's results. Pure functions.
namespace gpupool::lease::rediscodec {

// The grant script's batch: id, endpoint, local id, GPU id, owner, note,
// kind and duration of each spec.
QByteArray encodeSpecs(const QList<GrantSpec> &specs);

std::optional<Lease> leaseFromJson(const QJsonObject &o);
std::optional<LeaseEnd> endFromJson(const QJsonObject &o);
std::optional<Lease> leaseFromBytes(const QByteArray &json);
std::optional<LeaseEnd> endFromBytes(const QByteArray &json);

// A script answer: {"ok": ...} or {"err": ...}. nullopt for anything else
// (a damaged store or a script of another version).
std::optional<QJsonObject> parseAnswer(const QByteArray &json);

// The error for an {"err": ...} answer, worded by the same rules the other
// stores use. `by`, `reason` and the times say what was asked, for
// refusals whose wording depends on it.
LeaseError errorFromAnswer(const QJsonObject &answer, const QString &leaseId, const QString &by,
                           std::optional<EndReason> reason, qint64 newExpiresMs, qint64 nowMs);

// A store whose data this version cannot read: one line, naming what.
LeaseError damaged(const QString &what);

} // namespace gpupool::lease::rediscodec
