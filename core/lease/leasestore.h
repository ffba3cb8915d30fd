#pragma once

#include "lease/lease.h"
#include "lease/leaseerror.h"
#include "lease/queueentry.h"

#include <QList>
#include <QString>

// Where leases live. The store, not any one process's memory, decides who
// holds a GPU: every operation is atomic in the store, so two programs that
// share a store (the console and the command line on one file, or several
// workstations on one Redis) can never both hold the same GPU.
//
// Every store keeps:
//  - active leases, at most one per GPU;
//  - per GPU the last fence number given out, which only grows;
//  - the history: how every lease ended (released, expired, revoked), by whom
//    and when.
// Times are passed in (ms since the epoch) so the rules are testable.
namespace gpupool::lease {

// The pool settings (LeaseStore::poolSetting) and who writes them.
namespace poolsettings {
inline constexpr char Strategy[] = "strategy"; // the Pool: the balancing strategy's name
inline constexpr char Balancer[] = "balancer"; // the Allocator, with each grant: Balancer::exportState()
} // namespace poolsettings

// A pool setting written by a grant, in the same atomic step, and only when
// it still holds `expected` (nobody changed it since it was read): the
// balancer's turn, so that any mix of programs rotates as one balancer
// would. When it changed, the grant fails with GpuTaken (another program
// granted first) and nothing is written; the caller reads again.
struct SettingUpdate
{
    QString name;
    QString expected; // the value as read; empty: unset
    QString value;
};

class LeaseStore
{
public:
    virtual ~LeaseStore() = default;

    // Grants every spec or none. A GPU whose lease has run out by nowMs is
    // freed first (recorded as expired, noticed by the spec's owner); one
    // still held fails the whole batch with GpuTaken. Fences are assigned
    // here. With `update`, the setting is checked and written in the same
    // step (see SettingUpdate); with `queue`, the queue is checked (and the
    // entry it serves removed) in the same step (see QueueCheck).
    virtual Result<QList<Lease>> grant(const QList<GrantSpec> &specs, qint64 nowMs,
                                       const SettingUpdate *update = nullptr, const QueueCheck *queue = nullptr)
        = 0;

    // Ends an active lease as Released (owner only) or Revoked. An unknown or
    // already ended lease, or someone else's, is an error and changes nothing;
    // a lease found already past its expiry is recorded as expired and
    // reported as AlreadyEnded.
    virtual Result<LeaseEnd> end(const QString &leaseId, const QString &by, EndReason reason, qint64 nowMs) = 0;

    // Moves an active lease's expiry (owner only).
    virtual Result<Lease> renew(const QString &leaseId, const QString &by, qint64 newExpiresMs, qint64 nowMs) = 0;

    // Ends every lease whose expiry is <= nowMs; returns them.
    virtual Result<QList<LeaseEnd>> expireDue(qint64 nowMs, const QString &noticedBy) = 0;

    virtual Result<QList<Lease>> activeLeases() = 0;
    // Newest first, at most `limit`.
    virtual Result<QList<LeaseEnd>> history(int limit) = 0;
    // 0 when the GPU was never leased.
    virtual Result<quint64> lastFence(const QString &gpuId) = 0;

    // Settings that belong to the pool, not to one program (the balancing
    // strategy): every program on the store reads the same value, and a
    // change counts as a change for changedElsewhere(). An unset name reads
    // as an empty string. Names and values are short plain text.
    virtual Result<QString> poolSetting(const QString &name) = 0;
    virtual Status setPoolSetting(const QString &name, const QString &value) = 0;

    // The wait queue (queueentry.h). enqueue() gives the entry its id and
    // times (created and heartbeat: now) and puts it last. queue() reads it
    // oldest first, removing entries whose heartbeat went stale on the way.
    // heartbeat() renews the given entries (unknown ones are skipped: they
    // left). dequeue() removes one: true if it was there, NotOwner if it is
    // someone else's. A Redis store uses its server's clock, not nowMs.
    virtual Result<QueueEntry> enqueue(const QueueEntry &entry, qint64 nowMs) = 0;
    virtual Result<QueueSnapshot> queue(qint64 nowMs) = 0;
    virtual Status heartbeat(const QList<quint64> &ids, qint64 nowMs) = 0;
    virtual Result<bool> dequeue(quint64 id, const QString &by) = 0;

    // Cheap: may someone else have changed the store since the last call?
    // (A store nobody else can reach answers false.)
    virtual bool changedElsewhere() = 0;
};

} // namespace gpupool::lease
