// The operations of the SQLite lease store, the wait queue's included;
// opening, errors and pool settings are in sqlitefile.cpp. Each change is one BEGIN IMMEDIATE transaction, so it
// either happens whole or not at all, whoever else uses the file.
#include "lease/sqliteleasestore_p.h"

#include "lease/leaserules.h"
#include "lease/sqliteschema.h"

#include <QCoreApplication>
#include <QVariant>

namespace gpupool::lease {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::SqliteLeaseStore", text);
}

Lease leaseFromRow(const QSqlQuery &q)
{
    Lease l;
    l.id = q.value(0).toString();
    l.endpointId = q.value(1).toString();
    l.localGpuId = q.value(2).toInt();
    l.owner = q.value(3).toString();
    l.note = q.value(4).toString();
    l.kind = kindFromName(q.value(5).toString()).value_or(LeaseKind::Programmatic);
    l.createdMs = q.value(6).toLongLong();
    l.expiresMs = q.value(7).toLongLong();
    l.fence = q.value(8).toULongLong();
    return l;
}

LeaseEnd endFromRow(const QSqlQuery &q)
{
    LeaseEnd e;
    e.lease = leaseFromRow(q);
    e.reason = reasonFromName(q.value(9).toString()).value_or(EndReason::Released);
    e.endedBy = q.value(10).toString();
    e.endedMs = q.value(11).toLongLong();
    return e;
}

// A null QString binds as SQL NULL, which the NOT NULL columns refuse; an
// empty note is text like any other.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

void bindLease(QSqlQuery &q, const Lease &l)
{
    q.addBindValue(l.gpuId());
    q.addBindValue(l.id);
    q.addBindValue(l.endpointId);
    q.addBindValue(l.localGpuId);
    q.addBindValue(l.owner);
    q.addBindValue(text(l.note));
    q.addBindValue(kindName(l.kind));
    q.addBindValue(l.createdMs);
    q.addBindValue(l.expiresMs);
    q.addBindValue(l.fence);
}

} // namespace

Result<QList<Lease>> SqliteLeaseStore::grant(const QList<GrantSpec> &specs, qint64 nowMs, const SettingUpdate *update,
                                             const QueueCheck *queue)
{
    if (Status invalid = rules::validate(specs))
        return *invalid;
    Transaction tx(*this);
    if (Status s = tx.begin())
        return *s;
    if (update) {
        // Inside the write lock: nobody can change it between this read and
        // the commit.
        const Result<QString> current = poolSetting(update->name);
        if (!current)
            return current.error();
        if (*current != update->expected)
            return rules::settingChanged(update->name);
    }
    if (queue) {
        const Result<quint64> version = counter(sqliteschema::QueueVersion);
        if (!version)
            return version.error();
        if (*version != queue->expectedVersion)
            return queuerules::queueChanged();
    }
    for (const GrantSpec &spec : specs) {
        const Result<std::optional<Lease>> sameId = activeById(spec.leaseId);
        if (!sameId)
            return sameId.error();
        const Result<std::optional<LeaseEnd>> endedId = endedById(spec.leaseId);
        if (!endedId)
            return endedId.error();
        if (*sameId || *endedId)
            return rules::leaseIdReused(spec.leaseId);
        const Result<std::optional<Lease>> holder = activeByGpu(spec.gpuId());
        if (!holder)
            return holder.error();
        if (!*holder)
            continue;
        if (!(*holder)->isExpiredAt(nowMs))
            return rules::gpuTaken(**holder); // the transaction rolls back
        if (Status s = finish(rules::expiredEnd(**holder, spec.owner)))
            return *s;
    }
    QList<Lease> granted;
    for (const GrantSpec &spec : specs) {
        const Result<quint64> last = fenceOf(spec.gpuId());
        if (!last)
            return last.error();
        const Lease lease = rules::makeLease(spec, nowMs, *last + 1);
        m_sql->setFence.addBindValue(lease.gpuId());
        m_sql->setFence.addBindValue(lease.fence);
        if (Status s = run(m_sql->setFence, "record a fence number"))
            return *s;
        bindLease(m_sql->insertLease, lease);
        if (Status s = run(m_sql->insertLease, "record a lease"))
            return *s;
        granted.append(lease);
    }
    if (update) {
        if (Status s = writeSetting(update->name, update->value))
            return *s;
    }
    if (queue && queue->serves != 0) {
        m_sql->queueDelete.addBindValue(queue->serves);
        if (Status s = run(m_sql->queueDelete, "take a served request off the wait queue"))
            return *s;
        const bool removed = m_sql->queueDelete.numRowsAffected() > 0;
        if (removed) {
            if (const Result<quint64> v = bump(sqliteschema::QueueVersion); !v)
                return v.error();
        }
    }
    if (Status s = tx.commit())
        return *s;
    return granted;
}

Result<LeaseEnd> SqliteLeaseStore::end(const QString &leaseId, const QString &by, EndReason reason, qint64 nowMs)
{
    Transaction tx(*this);
    if (Status s = tx.begin())
        return *s;
    const Result<std::optional<Lease>> active = activeById(leaseId);
    if (!active)
        return active.error();
    if (!*active)
        return notActive(leaseId);
    if (Status refused = rules::checkEnd(**active, by, reason))
        return *refused;
    const bool expired = (*active)->isExpiredAt(nowMs);
    const LeaseEnd e = expired ? rules::expiredEnd(**active, by) : LeaseEnd { **active, reason, by, nowMs };
    if (Status s = finish(e))
        return *s;
    if (Status s = tx.commit())
        return *s;
    if (expired)
        return rules::alreadyEnded(e);
    return e;
}

Result<Lease> SqliteLeaseStore::renew(const QString &leaseId, const QString &by, qint64 newExpiresMs, qint64 nowMs)
{
    Transaction tx(*this);
    if (Status s = tx.begin())
        return *s;
    const Result<std::optional<Lease>> active = activeById(leaseId);
    if (!active)
        return active.error();
    if (!*active)
        return notActive(leaseId);
    Lease lease = **active;
    if (Status refused = rules::checkRenew(lease, by, newExpiresMs, nowMs))
        return *refused;
    if (lease.isExpiredAt(nowMs)) {
        const LeaseEnd e = rules::expiredEnd(lease, by);
        if (Status s = finish(e))
            return *s;
        if (Status s = tx.commit())
            return *s;
        return rules::alreadyEnded(e);
    }
    m_sql->setExpiry.addBindValue(newExpiresMs);
    m_sql->setExpiry.addBindValue(leaseId);
    if (Status s = run(m_sql->setExpiry, "renew a lease"))
        return *s;
    if (Status s = tx.commit())
        return *s;
    lease.expiresMs = newExpiresMs;
    return lease;
}

Result<QList<LeaseEnd>> SqliteLeaseStore::expireDue(qint64 nowMs, const QString &noticedBy)
{
    // Every program calls this on every tick: look first without the write
    // lock, so that a quiet file is never locked for nothing.
    m_sql->activeDue.addBindValue(nowMs);
    const Result<QList<Lease>> seen = leases(m_sql->activeDue, "find expired leases");
    if (!seen)
        return seen.error();
    if (seen->isEmpty())
        return QList<LeaseEnd>();

    Transaction tx(*this);
    if (Status s = tx.begin())
        return *s;
    // Again under the lock: another program may have ended some meanwhile.
    m_sql->activeDue.addBindValue(nowMs);
    const Result<QList<Lease>> due = leases(m_sql->activeDue, "find expired leases");
    if (!due)
        return due.error();
    QList<LeaseEnd> ends;
    for (const Lease &l : *due) {
        ends.append(rules::expiredEnd(l, noticedBy));
        if (Status s = finish(ends.last()))
            return *s;
    }
    if (Status s = tx.commit())
        return *s;
    return ends;
}

Result<QList<Lease>> SqliteLeaseStore::activeLeases()
{
    return leases(m_sql->activeAll, "read the active leases");
}

Result<QList<LeaseEnd>> SqliteLeaseStore::history(int limit)
{
    QSqlQuery &q = m_sql->historyNewest;
    q.addBindValue(limit);
    if (Status s = run(q, "read the lease history"))
        return *s;
    QList<LeaseEnd> ends;
    while (q.next())
        ends.append(endFromRow(q));
    q.finish();
    return ends;
}

Result<quint64> SqliteLeaseStore::lastFence(const QString &gpuId)
{
    return fenceOf(gpuId);
}

bool SqliteLeaseStore::changedElsewhere()
{
    // data_version moves when another connection commits, never for our own
    // commits: exactly "someone else changed the file".
    QSqlQuery &q = m_sql->dataVersion;
    if (!q.exec() || !q.next())
        return true; // cannot tell: assume it did, the caller re-reads
    const qint64 version = q.value(0).toLongLong();
    q.finish();
    const bool changed = m_dataVersion >= 0 && version != m_dataVersion;
    m_dataVersion = version;
    return changed;
}

Result<std::optional<Lease>> SqliteLeaseStore::activeById(const QString &leaseId)
{
    m_sql->activeById.addBindValue(leaseId);
    const Result<QList<Lease>> found = leases(m_sql->activeById, "look up a lease");
    if (!found)
        return found.error();
    return found->isEmpty() ? std::nullopt : std::optional<Lease>(found->first());
}

Result<std::optional<Lease>> SqliteLeaseStore::activeByGpu(const QString &gpuId)
{
    m_sql->activeByGpu.addBindValue(gpuId);
    const Result<QList<Lease>> found = leases(m_sql->activeByGpu, "look up a GPU's lease");
    if (!found)
        return found.error();
    return found->isEmpty() ? std::nullopt : std::optional<Lease>(found->first());
}

Result<std::optional<LeaseEnd>> SqliteLeaseStore::endedById(const QString &leaseId)
{
    QSqlQuery &q = m_sql->endedById;
    q.addBindValue(leaseId);
    if (Status s = run(q, "look up an ended lease"))
        return *s;
    std::optional<LeaseEnd> found;
    if (q.next())
        found = endFromRow(q);
    q.finish();
    return found;
}

Result<quint64> SqliteLeaseStore::fenceOf(const QString &gpuId)
{
    QSqlQuery &q = m_sql->fence;
    q.addBindValue(gpuId);
    if (Status s = run(q, "read a fence number"))
        return *s;
    const quint64 fence = q.next() ? q.value(0).toULongLong() : 0;
    q.finish();
    return fence;
}

Status SqliteLeaseStore::finish(const LeaseEnd &end)
{
    QSqlQuery &h = m_sql->insertHistory;
    bindLease(h, end.lease);
    h.addBindValue(reasonName(end.reason));
    h.addBindValue(text(end.endedBy));
    h.addBindValue(end.endedMs);
    if (Status s = run(h, "record the end of a lease"))
        return s;
    m_sql->deleteLease.addBindValue(end.lease.id);
    return run(m_sql->deleteLease, "remove an ended lease");
}

LeaseError SqliteLeaseStore::notActive(const QString &leaseId)
{
    const Result<std::optional<LeaseEnd>> ended = endedById(leaseId);
    if (!ended)
        return ended.error();
    return *ended ? rules::alreadyEnded(**ended) : rules::unknownLease(leaseId);
}

Result<QList<Lease>> SqliteLeaseStore::leases(QSqlQuery &query, const char *doing)
{
    if (Status s = run(query, doing))
        return *s;
    QList<Lease> found;
    while (query.next())
        found.append(leaseFromRow(query));
    query.finish();
    return found;
}

Result<QueueEntry> SqliteLeaseStore::enqueue(const QueueEntry &entry, qint64 nowMs)
{
    if (Status invalid = queuerules::validate(entry))
        return *invalid;
    Transaction tx(*this);
    if (Status s = tx.begin())
        return *s;
    const Result<quint64> id = bump(sqliteschema::QueueLastId);
    if (!id)
        return id.error();
    QueueEntry e = entry;
    e.id = *id;
    e.createdMs = nowMs;
    e.heartbeatMs = nowMs;
    QSqlQuery &q = m_sql->queueInsert;
    q.addBindValue(e.id);
    q.addBindValue(e.owner);
    q.addBindValue(e.heartbeatMs);
    q.addBindValue(e.staleAfterMs);
    q.addBindValue(QString::fromUtf8(queuerules::encode(e)));
    if (Status s = run(q, "add a request to the wait queue"))
        return *s;
    if (const Result<quint64> v = bump(sqliteschema::QueueVersion); !v)
        return v.error();
    if (Status s = tx.commit())
        return *s;
    return e;
}

Result<QueueSnapshot> SqliteLeaseStore::queue(qint64 nowMs)
{
    // The version first: an entry added between the two reads then makes a
    // grant's QueueCheck fail (and look again) instead of being missed.
    QueueSnapshot snapshot;
    const Result<quint64> version = counter(sqliteschema::QueueVersion);
    if (!version)
        return version.error();
    snapshot.version = *version;
    QSqlQuery &q = m_sql->queueAll;
    if (Status s = run(q, "read the wait queue"))
        return *s;
    bool stale = false;
    while (q.next()) {
        std::optional<QueueEntry> e = queuerules::decode(q.value(2).toString().toUtf8());
        if (!e) {
            const QString id = q.value(0).toString();
            q.finish();
            return LeaseError { ErrorCode::StoreCorrupt,
                                tr("The lease database %1 holds a damaged wait-queue "
                                   "entry (id %2); it was left as it is.")
                                    .arg(m_path, id) };
        }
        e->id = q.value(0).toULongLong();
        e->heartbeatMs = q.value(1).toLongLong();
        stale = stale || e->isStaleAt(nowMs);
        snapshot.entries.append(*e);
    }
    q.finish();
    if (!stale)
        return snapshot;
    // Their programs died waiting: what they held is free again.
    Transaction tx(*this);
    if (Status s = tx.begin())
        return *s;
    m_sql->queueDeleteStale.addBindValue(nowMs);
    if (Status s = run(m_sql->queueDeleteStale, "remove stale requests from the wait queue"))
        return *s;
    if (m_sql->queueDeleteStale.numRowsAffected() > 0) {
        if (const Result<quint64> v = bump(sqliteschema::QueueVersion); !v)
            return v.error();
    }
    if (Status s = tx.commit())
        return *s;
    return queue(nowMs); // nothing is stale at nowMs any more
}

Status SqliteLeaseStore::heartbeat(const QList<quint64> &ids, qint64 nowMs)
{
    if (ids.isEmpty())
        return std::nullopt;
    Transaction tx(*this);
    if (Status s = tx.begin())
        return s;
    for (quint64 id : ids) {
        m_sql->queueBeat.addBindValue(nowMs);
        m_sql->queueBeat.addBindValue(id);
        if (Status s = run(m_sql->queueBeat, "renew a waiting request"))
            return s;
    }
    return tx.commit();
}

Result<bool> SqliteLeaseStore::dequeue(quint64 id, const QString &by)
{
    Transaction tx(*this);
    if (Status s = tx.begin())
        return *s;
    QSqlQuery &q = m_sql->queueOwner;
    q.addBindValue(id);
    if (Status s = run(q, "look up a waiting request"))
        return *s;
    const std::optional<QueueEntry> e = q.next() ? queuerules::decode(q.value(0).toString().toUtf8()) : std::nullopt;
    const bool found = q.isValid();
    q.finish();
    if (!found)
        return false;
    if (e && e->owner != by)
        return queuerules::notYours(*e, by);
    m_sql->queueDelete.addBindValue(id);
    if (Status s = run(m_sql->queueDelete, "take a request off the wait queue"))
        return *s;
    if (const Result<quint64> v = bump(sqliteschema::QueueVersion); !v)
        return v.error();
    if (Status s = tx.commit())
        return *s;
    return true;
}

} // namespace gpupool::lease
