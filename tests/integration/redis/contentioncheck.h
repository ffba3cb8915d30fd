#pragma once

#include "lease/lease.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>
#include <algorithm>
#include <limits>
#include <optional>

// The contention test's judge. From the store's own records (every lease it
// ever granted: active, or ended with how and when) and from every client's
// log (contender.h) it proves that
//  1. fences: per GPU exactly 1..last, once each, in the order of grants;
//  2. the store never had two active leases on one GPU: each lease ended
//     before the next one on that GPU was created;
//  3. no acknowledged lease was lost: every G a client saw is in the store
//     with that GPU, fence and owner; every acknowledged release is recorded
//     as released by its owner;
//  4. no two clients ever believed they held one GPU at the same time:
//     from its acknowledgement until it started to release (or the lease
//     ran out), no other client's belief overlaps.
//
// A long run outgrows the store's history (historyKept ended leases, the
// oldest dropped first). Then each GPU's records start at some fence F > 1:
// they must still run F..last without a gap, and only with the history
// full. A client's lease that is not in the store counts as forgotten, not
// lost, when it is older than the GPU's oldest record: by its fence, or,
// for a client not told its fence, by its acknowledgement, which came
// before it released, so before the next lease on the GPU was created.
//
// How 4 is judged. A belief runs from the client's acknowledgement (G) to
// the moment it stops using the GPU (Q), cut at the lease's expiry on the
// server's clock (a client that believes past expiry holds nothing: the
// server may grant the GPU again then, and says so). Times are whole
// milliseconds of one clock (clients and server share the machine), so
// beliefs that touch in one millisecond are the normal case: a client that
// acknowledges, stops and releases within millisecond m, followed by another
// granted and acknowledged in m, gives [m, m] and [m, ...]. Sorting by start
// alone and sweeping then depends on how std::sort orders that tie: it put
// the later lease first and called the pair a double grant (1 run in 60,
// 11 in 80 on a busy machine; once both leases were one client's), while
// the store's own records showed them strictly one after the other.
// So beliefs are taken in the order the server granted them, by fence, and
// each must start no earlier than every belief before it ended. That is
// causal, not a heuristic: the previous holder's Q precedes its release
// (or its `to` is its expiry), which precedes the next grant on the server,
// which precedes the next acknowledgement; floor to milliseconds keeps <=.
// It is stricter than the overlap test it replaces: every overlap of two
// beliefs breaks it, and so does a belief acknowledged before an earlier
// lease's belief ended even where the two intervals do not overlap.
//
// checkQueueOrder() judges the shared wait queue (lease/queueentry.h) in the
// one setting where its rules fix the order completely: one GPU, and every
// waiter wants it. A client logs "W <queue id> <ms>" when its request joins
// the store's queue and the G of the grant that serves it after it. The
// oldest waiter holds the GPU whenever it is free, so no younger waiter can
// be granted before it: in fence order, the served waiters' queue ids rise.
// (A waiter that left - timed out, cancelled, died - has no G and is not
// judged: by then it holds nothing.)
namespace gpupool::testing {

struct ClientLog
{
    QString owner;
    QList<QByteArray> lines;
};

struct ContentionReport
{
    QStringList problems;
    int acknowledgedGrants = 0;
    int refusals = 0; // GPU taken: there was contention
    int storeFailures = 0; // the store was away
    int releases = 0;
    int recordedLeases = 0;
    int forgotten = 0; // acknowledged, older than the store's history
};

inline ContentionReport checkContention(const QList<ClientLog> &logs, const QHash<QString, lease::Lease> &active,
                                        const QHash<QString, lease::LeaseEnd> &ended,
                                        const QHash<QString, quint64> &lastFences, int historyKept = 10000)
{
    ContentionReport report;
    auto problem = [&](const QString &text) {
        if (report.problems.size() < 20)
            report.problems.append(text);
    };

    // 1 + 2: the store's own records.
    QHash<QString, QList<lease::Lease>> byGpu;
    for (const lease::Lease &l : active)
        byGpu[l.gpuId()].append(l);
    for (const lease::LeaseEnd &e : ended)
        byGpu[e.lease.gpuId()].append(e.lease);
    QHash<QString, quint64> firstFence; // per GPU, the oldest record's
    QHash<QString, qint64> firstCreated;
    for (auto it = byGpu.begin(); it != byGpu.end(); ++it) {
        QList<lease::Lease> &leases = *it;
        std::sort(leases.begin(), leases.end(), [](const auto &a, const auto &b) { return a.fence < b.fence; });
        report.recordedLeases += int(leases.size());
        const quint64 first = leases.isEmpty() ? 1 : leases.first().fence;
        firstFence[it.key()] = first;
        firstCreated[it.key()] = leases.isEmpty() ? 0 : leases.first().createdMs;
        if (first > 1 && ended.size() < historyKept)
            problem(QStringLiteral("%1: fences 1 to %2 are gone while the history holds only %3 of %4")
                        .arg(it.key())
                        .arg(first - 1)
                        .arg(ended.size())
                        .arg(historyKept));
        if (quint64(leases.size()) != lastFences.value(it.key()) - (first - 1))
            problem(QStringLiteral("%1: %2 leases recorded from fence %3, last fence %4")
                        .arg(it.key())
                        .arg(leases.size())
                        .arg(first)
                        .arg(lastFences.value(it.key())));
        for (qsizetype i = 0; i < leases.size(); ++i) {
            if (leases[i].fence != first + quint64(i)) {
                problem(QStringLiteral("%1: fence %2 where %3 was due")
                            .arg(it.key())
                            .arg(leases[i].fence)
                            .arg(first + quint64(i)));
                break;
            }
            if (i == 0)
                continue;
            const lease::Lease &prev = leases[i - 1];
            if (!ended.contains(prev.id)) {
                problem(QStringLiteral("%1: %2 (fence %3) still active when %4 was granted")
                            .arg(it.key(), prev.id)
                            .arg(prev.fence)
                            .arg(leases[i].id));
                continue;
            }
            if (ended[prev.id].endedMs > leases[i].createdMs)
                problem(QStringLiteral("%1: %2 ended at %3, after %4 was created at %5")
                            .arg(it.key(), prev.id)
                            .arg(ended[prev.id].endedMs)
                            .arg(leases[i].id)
                            .arg(leases[i].createdMs));
        }
    }

    // 3 + 4: what the clients were told.
    struct Belief
    {
        QString id;
        quint64 fence; // the store's, checked against the client's above
        qint64 from;
        qint64 to;
    };
    QHash<QString, QList<Belief>> beliefs; // by GPU
    for (const ClientLog &log : logs) {
        QHash<QString, qsizetype> open; // lease id -> index in beliefs[gpu]
        QHash<QString, QString> gpuOf;
        QSet<QString> forgotten; // older than the store's history
        for (const QByteArray &line : log.lines) {
            const QList<QByteArray> f = line.split(' ');
            const QString id = QString::fromUtf8(f.value(1));
            if (f[0] == "G" && f.size() == 5) {
                ++report.acknowledgedGrants;
                const QString gpu = QString::fromUtf8(f[2]);
                const auto a = active.constFind(id);
                const auto e = ended.constFind(id);
                const lease::Lease *rec = a != active.cend() ? &*a : e != ended.cend() ? &e->lease : nullptr;
                if (!rec) {
                    const quint64 oldest = firstFence.value(gpu, 1);
                    const bool older
                        = f[3] != "-" ? f[3].toULongLong() < oldest : f[4].toLongLong() < firstCreated.value(gpu);
                    if (oldest > 1 && older) {
                        forgotten.insert(id);
                        ++report.forgotten;
                        continue;
                    }
                    problem(QStringLiteral("acknowledged lease %1 of %2 is not in the store").arg(id, log.owner));
                    continue;
                }
                // "-": a client that is not told its fence (gpupoolctl run's command).
                if (rec->gpuId() != gpu || (f[3] != "-" && rec->fence != f[3].toULongLong()) || rec->owner != log.owner)
                    problem(QStringLiteral("acknowledged lease %1 differs in the store").arg(id));
                gpuOf[id] = gpu;
                open[id] = beliefs[gpu].size();
                beliefs[gpu].append({ id, rec->fence, f[4].toLongLong(), rec->expiresMs });
            } else if (f[0] == "Q" && gpuOf.contains(id)) {
                Belief &b = beliefs[gpuOf[id]][open[id]];
                b.to = qMin(b.to, f[2].toLongLong());
            } else if (f[0] == "R") {
                ++report.releases;
                if (forgotten.contains(id))
                    continue;
                if (!ended.contains(id) || ended[id].reason != lease::EndReason::Released
                    || ended[id].endedBy != log.owner)
                    problem(QStringLiteral("acknowledged release of %1 is not recorded as such").arg(id));
            } else if (f[0] == "RE" && !forgotten.contains(id)) {
                // Only "it had ended already": by its owner (a retried
                // release whose first answer was lost) or by expiry.
                if (!ended.contains(id)
                    || (ended[id].reason == lease::EndReason::Released && ended[id].endedBy != log.owner)
                    || ended[id].reason == lease::EndReason::Revoked)
                    problem(QStringLiteral("release of %1 refused: %2").arg(id, QString::fromUtf8(f.value(2))));
            } else if (f[0] == "X") {
                ++report.refusals;
            } else if (f[0] == "E") {
                ++report.storeFailures;
            }
        }
    }
    for (auto it = beliefs.begin(); it != beliefs.end(); ++it) {
        QList<Belief> &list = *it;
        // In the order the server granted them (see the top of this file).
        std::sort(list.begin(), list.end(), [](const Belief &a, const Belief &b) { return a.fence < b.fence; });
        qint64 heldUntil = std::numeric_limits<qint64>::min();
        QString holder;
        quint64 holderFence = 0;
        qint64 holderFrom = 0;
        auto describe = [&](const QString &id) {
            if (active.contains(id))
                return QStringLiteral("active, created %1, expires %2")
                    .arg(active[id].createdMs)
                    .arg(active[id].expiresMs);
            if (ended.contains(id))
                return QStringLiteral("%1 by %2 at %3, created %4, expires %5")
                    .arg(lease::reasonName(ended[id].reason), ended[id].endedBy)
                    .arg(ended[id].endedMs)
                    .arg(ended[id].lease.createdMs)
                    .arg(ended[id].lease.expiresMs);
            return QStringLiteral("not in the store");
        };
        for (const Belief &b : list) {
            if (b.from < heldUntil)
                problem(QStringLiteral("%1: %2 (fence %3, believed from %4 to %5; %6) and %7 (fence %8, from %9 to "
                                       "%10; %11) both believed they held it at %12")
                            .arg(it.key(), holder)
                            .arg(holderFence)
                            .arg(holderFrom)
                            .arg(heldUntil)
                            .arg(describe(holder), b.id)
                            .arg(b.fence)
                            .arg(b.from)
                            .arg(b.to)
                            .arg(describe(b.id))
                            .arg(b.from));
            if (b.to > heldUntil) {
                heldUntil = b.to;
                holder = b.id;
                holderFence = b.fence;
                holderFrom = b.from;
            }
        }
    }
    return report;
}

struct QueueOrderReport
{
    QStringList problems;
    int servedWaiters = 0;
};

inline QueueOrderReport checkQueueOrder(const QList<ClientLog> &logs)
{
    struct Served
    {
        quint64 queueId;
        quint64 fence;
        QString owner;
    };
    QueueOrderReport report;
    QList<Served> served;
    QSet<quint64> seen;
    for (const ClientLog &log : logs) {
        std::optional<quint64> waiting;
        for (const QByteArray &line : log.lines) {
            const QList<QByteArray> f = line.split(' ');
            if (f[0] == "W" && f.size() == 3) {
                waiting = f[1].toULongLong();
                if (seen.contains(*waiting))
                    report.problems.append(
                        QStringLiteral("queue id %1 given twice (again to %2)").arg(*waiting).arg(log.owner));
                seen.insert(*waiting);
            } else if (f[0] == "G" && f.size() == 5 && waiting) {
                served.append({ *waiting, f[3].toULongLong(), log.owner });
                waiting.reset();
            }
        }
    }
    std::sort(served.begin(), served.end(), [](const Served &a, const Served &b) { return a.fence < b.fence; });
    report.servedWaiters = int(served.size());
    for (qsizetype i = 1; i < served.size(); ++i)
        if (served[i].queueId < served[i - 1].queueId)
            report.problems.append(QStringLiteral("%1 (queue id %2) was served with fence %3, after %4 (queue id %5, "
                                                  "younger) with fence %6")
                                       .arg(served[i].owner)
                                       .arg(served[i].queueId)
                                       .arg(served[i].fence)
                                       .arg(served[i - 1].owner)
                                       .arg(served[i - 1].queueId)
                                       .arg(served[i - 1].fence));
    return report;
}

} // namespace gpupool::testing
