#pragma once

#include "balance/endpointview.h"
#include "lease/lease.h"
#include "lease/leaseerror.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

// The wait queue as the store keeps it (docs/behaviour.md "Leases": FIFO), so that
// every program on one store - consoles, gpupoolctl processes, workstations on
// one Redis - waits in one line. A waiting request is a record: who, what it
// wants, since when, and a heartbeat; the program that made it serves it
// (it holds the callback), every other program respects what it holds
// (lease/allocator.h, "Waiting").
namespace gpupool::lease {

struct QueueEntry
{
    quint64 id = 0; // given by the store, from 1, never reused: the order
    QString owner;
    QString note;
    LeaseKind kind = LeaseKind::Programmatic;
    int count = 1;
    bool partial = false;
    bool oneEndpoint = false;
    balance::GpuFilter filter;
    qint64 createdMs = 0; // wall time, as the store's clock has it
    qint64 heartbeatMs = 0; // when its program last said it still waits
    // The program's promise: it beats at least this often, so an entry whose
    // heartbeat is older is a program that died (killed, crashed, its
    // workstation gone) and holds nothing any more.
    qint64 staleAfterMs = 0;
    qint64 deadlineMs = -1; // wall; -1: no timeout. Its program enforces it.

    bool isStaleAt(qint64 nowMs) const { return heartbeatMs + staleAfterMs < nowMs; }
};

// What a program read: the entries oldest first, and the queue's version,
// which every enqueue, dequeue and serve moves (heartbeats do not).
struct QueueSnapshot
{
    quint64 version = 0;
    QList<QueueEntry> entries;
};

// Given with a grant: the grant was decided on the queue at
// `expectedVersion`; if the queue changed since, nothing is granted
// (GpuTaken: look again). With `serves`, that entry leaves the queue in the
// same step, and the version moves by exactly one.
struct QueueCheck
{
    quint64 expectedVersion = 0;
    quint64 serves = 0;
};

namespace queuerules {

// How the stores write an entry (the SQLite column, the Redis hash value).
QByteArray encode(const QueueEntry &entry);
std::optional<QueueEntry> decode(const QByteArray &json);

// Entries a store takes: an owner, a count of at least one.
Status validate(const QueueEntry &entry);
// dequeue() of someone else's entry.
LeaseError notYours(const QueueEntry &entry, const QString &by);
// A grant's QueueCheck found the queue changed.
LeaseError queueChanged();

// "2 GPUs, >= 24 GB, name ~ A100, on a,b (one endpoint)": what it waits for.
QString describeWants(const QueueEntry &entry);

} // namespace queuerules

} // namespace gpupool::lease
