#pragma once

#include <QString>
#include <QtGlobal>
#include <optional>

// A lease (docs/behaviour.md "Leases"): every assignment of a GPU, interactive or
// programmatic, with an owner, an expiry and a fence number. Times are
// milliseconds since the epoch (see WallClock in util/clock.h for why not monotonic).
namespace gpupool::lease {

// Job: held by `gpupoolctl run` for the life of one command, on a short
// expiry that its heartbeat keeps moving.
enum class LeaseKind : quint8 { Interactive, Programmatic, Job };
enum class EndReason : quint8 { Released, Expired, Revoked };

QString kindName(LeaseKind kind); // "interactive", "programmatic", "job"
std::optional<LeaseKind> kindFromName(const QString &name);
QString reasonName(EndReason reason); // "released", "expired", "revoked"
std::optional<EndReason> reasonFromName(const QString &name);

// docs/behaviour.md: 4 h for a person at the console, 1 h for a program (which is
// expected to renew, and whose crash should not hold a GPU for half a day).
inline constexpr qint64 DefaultInteractiveMs = 4 * 3600 * 1000;
inline constexpr qint64 DefaultProgrammaticMs = 1 * 3600 * 1000;
inline qint64 defaultDurationMs(LeaseKind kind)
{
    return kind == LeaseKind::Interactive ? DefaultInteractiveMs : DefaultProgrammaticMs;
}

struct Lease
{
    QString id;
    QString endpointId;
    int localGpuId = 0;
    QString owner; // user@host or a worker id
    QString note;
    LeaseKind kind = LeaseKind::Programmatic;
    qint64 createdMs = 0;
    qint64 expiresMs = 0;
    // Grows by one with every grant of this GPU, never reused (also across
    // restarts): a worker can hand it to whatever it writes so that a late
    // write from a previous holder can be told apart.
    quint64 fence = 0;

    // "<endpoint_id>:<local_gpu_id>", the key leases are exclusive on.
    QString gpuId() const;
    bool isExpiredAt(qint64 nowMs) const { return expiresMs <= nowMs; }

    friend bool operator==(const Lease &, const Lease &) = default;
};

// How a lease ended, as the history keeps it.
struct LeaseEnd
{
    Lease lease;
    EndReason reason = EndReason::Released;
    // Who ended it: the releasing owner, the revoking operator, or for an
    // expiry the program that noticed it.
    QString endedBy;
    // When it ended; for an expiry the moment it expired, not when it was
    // noticed (nobody may have been running at the time).
    qint64 endedMs = 0;

    friend bool operator==(const LeaseEnd &, const LeaseEnd &) = default;
};

// What a store needs to grant one lease; the store adds times and the fence.
struct GrantSpec
{
    QString leaseId;
    QString endpointId;
    int localGpuId = 0;
    QString owner;
    QString note;
    LeaseKind kind = LeaseKind::Programmatic;
    qint64 durationMs = 0;

    QString gpuId() const;
};

} // namespace gpupool::lease
