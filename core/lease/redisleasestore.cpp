// RedisLeaseStore's operations: each is one run of the lease script
// (redisscript.h), whose JSON answer is turned into the lease layer's results
// with the same rules and wording as the other stores.
#include "lease/redisleasestore.h"

#include "lease/leaserules.h"
#include "lease/rediscodec.h"
#include "lease/redisscript.h"
#include "lease/redissubscriber.h"
#include "util/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <hiredis/hiredis.h>

namespace gpupool::lease {

namespace {

QByteArray utf8(const QString &s)
{
    return s.toUtf8();
}

// Answers that say the server cannot serve now (restarting, read-only
// replica, a script running too long), as opposed to a refusal.
bool isTransient(const QByteArray &error)
{
    for (const char *p : { "LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN" })
        if (error.startsWith(p))
            return true;
    return false;
}

} // namespace

RedisReplyPtr RedisLeaseStore::send(QList<QByteArray> command, Retry retry, QString *error)
{
    RedisReplyPtr reply = m_conn.command(command, error);
    if (reply && RedisConnection::isError(reply.get()) && RedisConnection::string(reply.get()).startsWith("NOSCRIPT")
        && command.first() == "EVALSHA") {
        // A restarted server has forgotten the script: send it whole once.
        command[0] = QByteArrayLiteral("EVAL");
        command[1] = redisscript::source();
        reply = m_conn.command(command, error);
    }
    if (reply)
        return reply;
    if (retry == Retry::No || m_connecting) {
        lose(*error);
        return nullptr;
    }
    // One dropped connection (an idle time-out, a restart) is common: try once
    // more on a fresh one before telling anyone. A change whose answer was
    // lost may have happened: Resume asks the script to recognise it.
    qCInfo(lcRedis).noquote() << "connection lost (" << *error << "), reconnecting once";
    const QString first = *error;
    if (!connectNow()) {
        *error = m_lastError.isEmpty() ? first : m_lastError;
        return nullptr;
    }
    if (retry == Retry::Resume)
        command.last() = QByteArrayLiteral("1");
    return send(command, Retry::No, error);
}

RedisReplyPtr RedisLeaseStore::eval(const QList<QByteArray> &args, Retry retry, QString *error)
{
    qCDebug(lcRedis).noquote() << "script" << args.first();
    QList<QByteArray> cmd { QByteArrayLiteral("EVALSHA"), redisscript::sha1(), QByteArray::number(m_keys.size()) };
    cmd += m_keys;
    cmd += { args.first(), m_channel, m_origin, QByteArray::number(qMax(1, m_options.historyKept)) };
    cmd += args.mid(1);
    return send(cmd, retry, error);
}

LeaseError RedisLeaseStore::failed(const QString &doing, const QString &why) const
{
    return { ErrorCode::StoreFailed,
             tr("Lost the shared lease store %1 while trying to %2 (%3). No GPU is granted until it is back; "
                "a change that reached it shows up when it is.")
                 .arg(m_url.toDisplayString(), doing, why) };
}

Result<QJsonObject> RedisLeaseStore::change(const QList<QByteArray> &args, Retry retry, const QString &doing)
{
    if (!reconnectIfDue())
        return unavailable();
    QString why;
    const RedisReplyPtr reply = eval(args, retry, &why);
    if (!reply)
        return failed(doing, why);
    const QByteArray text = RedisConnection::string(reply.get());
    if (RedisConnection::isError(reply.get())) {
        qCWarning(lcRedis) << "script error:" << text;
        if (isTransient(text))
            return LeaseError { ErrorCode::StoreUnavailable,
                                tr("The shared lease store %1 cannot serve now (%2); try again shortly.")
                                    .arg(m_url.toDisplayString(), QString::fromUtf8(text)) };
        return LeaseError { ErrorCode::StoreFailed,
                            tr("The shared lease store %1 refused to %2: %3")
                                .arg(m_url.toDisplayString(), doing, QString::fromUtf8(text)) };
    }
    const std::optional<QJsonObject> answer = rediscodec::parseAnswer(text);
    if (!answer)
        return rediscodec::damaged(tr("an answer"));
    if (answer->contains(QLatin1String("version")))
        sawVersion(answer->value(QLatin1String("version")).toInteger(), true);
    else if (answer->contains(QLatin1String("seen")))
        sawVersion(answer->value(QLatin1String("seen")).toInteger(), false);
    if (answer->contains(QLatin1String("now")))
        m_clockOffsetMs = answer->value(QLatin1String("now")).toInteger() - QDateTime::currentMSecsSinceEpoch();
    return *answer;
}

void RedisLeaseStore::sawVersion(qint64 version, bool ownChange)
{
    if (m_seenVersion >= 0) {
        if (version < m_seenVersion) {
            reportDataLoss(tr("its change counter went back from %1 to %2").arg(m_seenVersion).arg(version));
            m_seenVersion = version;
            return;
        }
        if (version != m_seenVersion + (ownChange ? 1 : 0))
            m_dirty = true;
    }
    m_seenVersion = version;
}

void RedisLeaseStore::forgetEnded(const QJsonValue &ends)
{
    for (const QJsonValue &v : ends.toArray())
        m_known.remove(v.toObject().value(QLatin1String("lease")).toObject().value(QLatin1String("id")).toString());
}

Result<QList<Lease>> RedisLeaseStore::grant(const QList<GrantSpec> &specs, qint64 nowMs, const SettingUpdate *update,
                                            const QueueCheck *queue)
{
    Q_UNUSED(nowMs) // the server's clock decides
    return grantOrResume(specs, update, queue, false);
}

Result<QList<Lease>> RedisLeaseStore::resumeGrant(const QList<GrantSpec> &specs, const SettingUpdate *update,
                                                  const QueueCheck *queue)
{
    return grantOrResume(specs, update, queue, true);
}

Result<QList<Lease>> RedisLeaseStore::grantOrResume(const QList<GrantSpec> &specs, const SettingUpdate *update,
                                                    const QueueCheck *queue, bool resume)
{
    if (Status invalid = rules::validate(specs))
        return *invalid;
    // The resume flag stays last: send() sets it when it tries again.
    QByteArray setting;
    if (update)
        setting = QJsonDocument(QJsonObject { { QStringLiteral("name"), update->name },
                                              { QStringLiteral("expected"), update->expected },
                                              { QStringLiteral("value"), update->value } })
                      .toJson(QJsonDocument::Compact);
    QByteArray check;
    if (queue)
        check = QJsonDocument(QJsonObject { { QStringLiteral("expected"), double(queue->expectedVersion) },
                                            { QStringLiteral("serves"), double(queue->serves) } })
                    .toJson(QJsonDocument::Compact);
    const Result<QJsonObject> r
        = change({ QByteArrayLiteral("grant"), rediscodec::encodeSpecs(specs), utf8(specs.first().owner), setting,
                   check, resume ? QByteArrayLiteral("1") : QByteArrayLiteral("0") },
                 Retry::Resume, tr("grant a lease"));
    if (!r)
        return r.error();
    if (r->value(QLatin1String("err")).toString() == QLatin1String("queue"))
        return queuerules::queueChanged();
    // Also on a refusal: a resumed grant that had run out is ended there.
    forgetEnded(r->value(QLatin1String("ended")));
    if (r->contains(QLatin1String("err")))
        return rediscodec::errorFromAnswer(*r, specs.first().leaseId, QString(), std::nullopt, 0, 0);
    QList<Lease> granted;
    for (const QJsonValue &v : r->value(QLatin1String("leases")).toArray()) {
        const std::optional<Lease> l = rediscodec::leaseFromJson(v.toObject());
        if (!l)
            return rediscodec::damaged(tr("a granted lease"));
        m_known.insert(l->id, *l);
        granted.append(*l);
    }
    if (granted.size() != specs.size())
        return rediscodec::damaged(tr("a grant's answer"));
    return granted;
}

Result<LeaseEnd> RedisLeaseStore::end(const QString &leaseId, const QString &by, EndReason reason, qint64 nowMs)
{
    Q_UNUSED(nowMs)
    const Result<QJsonObject> r = change(
        { QByteArrayLiteral("end"), utf8(leaseId), utf8(by), utf8(reasonName(reason)), QByteArrayLiteral("0") },
        Retry::Resume, tr("end lease %1").arg(leaseId));
    if (!r)
        return r.error();
    if (r->contains(QLatin1String("end")))
        m_known.remove(leaseId);
    if (r->contains(QLatin1String("err")))
        return rediscodec::errorFromAnswer(*r, leaseId, by, reason, 0, 0);
    const std::optional<LeaseEnd> e = rediscodec::endFromJson(r->value(QLatin1String("end")).toObject());
    if (!e)
        return rediscodec::damaged(tr("an ended lease"));
    return *e;
}

Result<Lease> RedisLeaseStore::renew(const QString &leaseId, const QString &by, qint64 newExpiresMs, qint64 nowMs)
{
    // The interface speaks in absolute times on the caller's clock; what the
    // caller means is "this much longer from now", on the server's clock.
    const qint64 durationMs = newExpiresMs - nowMs;
    const Result<QJsonObject> r
        = change({ QByteArrayLiteral("renew"), utf8(leaseId), utf8(by), QByteArray::number(durationMs) }, Retry::Plain,
                 tr("renew lease %1").arg(leaseId));
    if (!r)
        return r.error();
    if (r->contains(QLatin1String("end")))
        m_known.remove(leaseId);
    if (r->contains(QLatin1String("err")))
        return rediscodec::errorFromAnswer(*r, leaseId, by, std::nullopt, newExpiresMs, nowMs);
    const std::optional<Lease> l = rediscodec::leaseFromJson(r->value(QLatin1String("lease")).toObject());
    if (!l)
        return rediscodec::damaged(tr("a renewed lease"));
    m_known.insert(l->id, *l);
    return *l;
}

Result<QList<LeaseEnd>> RedisLeaseStore::expireDue(qint64 nowMs, const QString &noticedBy)
{
    Q_UNUSED(nowMs)
    const Result<QJsonObject> r
        = change({ QByteArrayLiteral("expire"), utf8(noticedBy) }, Retry::Plain, tr("end expired leases"));
    if (!r)
        return r.error();
    QList<LeaseEnd> ends;
    for (const QJsonValue &v : r->value(QLatin1String("ends")).toArray()) {
        const std::optional<LeaseEnd> e = rediscodec::endFromJson(v.toObject());
        if (!e)
            return rediscodec::damaged(tr("an expired lease"));
        m_known.remove(e->lease.id);
        ends.append(*e);
    }
    return ends;
}

Result<QList<Lease>> RedisLeaseStore::activeLeases()
{
    return readSnapshot(true);
}

Result<QList<Lease>> RedisLeaseStore::readSnapshot(bool forCaller)
{
    if (!m_connecting && !reconnectIfDue())
        return unavailable();
    QString why;
    const RedisReplyPtr reply = eval({ QByteArrayLiteral("snapshot") }, Retry::Plain, &why);
    if (!reply)
        return failed(tr("read the active leases"), why);
    if (RedisConnection::isError(reply.get()) || RedisConnection::size(reply.get()) < 2)
        return LeaseError { ErrorCode::StoreFailed,
                            tr("The shared lease store %1 could not be read: %2")
                                .arg(m_url.toDisplayString(),
                                     QString::fromUtf8(RedisConnection::string(reply.get()))) };
    QHash<QString, Lease> known;
    for (qsizetype i = 2; i < RedisConnection::size(reply.get()); ++i) {
        const std::optional<Lease> l
            = rediscodec::leaseFromBytes(RedisConnection::string(RedisConnection::at(reply.get(), i)));
        if (!l)
            return rediscodec::damaged(tr("an active lease"));
        known.insert(l->id, *l);
    }
    sawVersion(RedisConnection::integer(RedisConnection::at(reply.get(), 0)), false);
    m_clockOffsetMs
        = RedisConnection::integer(RedisConnection::at(reply.get(), 1)) - QDateTime::currentMSecsSinceEpoch();
    m_known = known;
    if (forCaller)
        m_dirty = false;
    return knownLeases();
}

Result<QList<LeaseEnd>> RedisLeaseStore::history(int limit)
{
    if (!reconnectIfDue())
        return unavailable();
    QString why;
    const RedisReplyPtr reply = eval({ QByteArrayLiteral("history"), QByteArray::number(limit) }, Retry::Plain, &why);
    if (!reply)
        return failed(tr("read the lease history"), why);
    if (RedisConnection::isError(reply.get()))
        return LeaseError { ErrorCode::StoreFailed,
                            tr("The shared lease store %1 could not be read: %2")
                                .arg(m_url.toDisplayString(),
                                     QString::fromUtf8(RedisConnection::string(reply.get()))) };
    QList<LeaseEnd> ends;
    for (qsizetype i = 0; i < RedisConnection::size(reply.get()); ++i) {
        const std::optional<LeaseEnd> e
            = rediscodec::endFromBytes(RedisConnection::string(RedisConnection::at(reply.get(), i)));
        if (!e)
            return rediscodec::damaged(tr("an ended lease"));
        ends.append(*e);
    }
    return ends;
}

Result<quint64> RedisLeaseStore::lastFence(const QString &gpuId)
{
    if (!reconnectIfDue())
        return unavailable();
    QString why;
    const RedisReplyPtr reply = send({ QByteArrayLiteral("HGET"), m_keys.at(2), utf8(gpuId) }, Retry::Plain, &why);
    if (!reply)
        return failed(tr("read a fence number"), why);
    if (RedisConnection::isError(reply.get()))
        return LeaseError { ErrorCode::StoreFailed, QString::fromUtf8(RedisConnection::string(reply.get())) };
    return quint64(qMax<qint64>(0, RedisConnection::integer(reply.get())));
}

Result<QString> RedisLeaseStore::poolSetting(const QString &name)
{
    if (!reconnectIfDue())
        return unavailable();
    QString why;
    const RedisReplyPtr reply = send({ QByteArrayLiteral("HGET"), m_keys.at(7), utf8(name) }, Retry::Plain, &why);
    if (!reply)
        return failed(tr("read a pool setting"), why);
    if (RedisConnection::isError(reply.get()))
        return LeaseError { ErrorCode::StoreFailed, QString::fromUtf8(RedisConnection::string(reply.get())) };
    return QString::fromUtf8(RedisConnection::string(reply.get()));
}

Status RedisLeaseStore::setPoolSetting(const QString &name, const QString &value)
{
    const Result<QJsonObject> r
        = change({ QByteArrayLiteral("setting"), utf8(name), utf8(value) }, Retry::Plain, tr("change a pool setting"));
    if (!r)
        return r.error();
    return std::nullopt;
}

bool RedisLeaseStore::changedElsewhere()
{
    if (!reconnectIfDue())
        return false; // nothing can be re-read; the leases stay unverified
    if (!m_subscriber || !m_subscriber->isSubscribed()) {
        // No live channel (a command line, or while it reconnects): ask.
        QString why;
        const RedisReplyPtr reply = send({ QByteArrayLiteral("GET"), m_keys.at(6) }, Retry::Plain, &why);
        if (!reply || RedisConnection::isError(reply.get()))
            return m_dirty;
        sawVersion(RedisConnection::integer(reply.get()), false);
    }
    const bool changed = m_dirty;
    m_dirty = false;
    return changed;
}

Result<QueueEntry> RedisLeaseStore::enqueue(const QueueEntry &entry, qint64 nowMs)
{
    Q_UNUSED(nowMs) // the server's clock decides
    if (Status invalid = queuerules::validate(entry))
        return *invalid;
    const Result<QJsonObject> r
        = change({ QByteArrayLiteral("enqueue"), queuerules::encode(entry) }, Retry::Plain, tr("join the wait queue"));
    if (!r)
        return r.error();
    const std::optional<QueueEntry> e
        = queuerules::decode(QJsonDocument(r->value(QLatin1String("entry")).toObject()).toJson(QJsonDocument::Compact));
    if (!e)
        return rediscodec::damaged(tr("a waiting request"));
    return *e;
}

Result<QueueSnapshot> RedisLeaseStore::queue(qint64 nowMs)
{
    Q_UNUSED(nowMs)
    if (!reconnectIfDue())
        return unavailable();
    // Plain reads, the version first (an entry added between the two then
    // fails the grant's QueueCheck instead of being missed): cheaper than a
    // script, and reads go on while the server refuses writes. Only an
    // entry that looks stale needs the script, which removes it if it is.
    QString why;
    const RedisReplyPtr version
        = send({ QByteArrayLiteral("HGET"), m_keys.at(7), QByteArrayLiteral("queue.version") }, Retry::Plain, &why);
    const RedisReplyPtr all
        = version ? send({ QByteArrayLiteral("HGETALL"), m_keys.at(8) }, Retry::Plain, &why) : nullptr;
    if (!version || !all)
        return failed(tr("read the wait queue"), why);
    if (RedisConnection::isError(version.get()) || RedisConnection::isError(all.get()))
        return LeaseError { ErrorCode::StoreFailed,
                            tr("The shared lease store %1 could not be read: %2")
                                .arg(m_url.toDisplayString(),
                                     QString::fromUtf8(RedisConnection::string(
                                         RedisConnection::isError(all.get()) ? all.get() : version.get()))) };
    QueueSnapshot snapshot;
    snapshot.version = RedisConnection::string(version.get()).toULongLong();
    QList<QByteArray> records;
    for (qsizetype i = 1; i < RedisConnection::size(all.get()); i += 2)
        records.append(RedisConnection::string(RedisConnection::at(all.get(), i)));
    const qint64 serverNow = m_serverClock.msSinceEpoch();
    bool stale = false;
    for (const QByteArray &raw : records) {
        const std::optional<QueueEntry> e = queuerules::decode(raw);
        if (!e)
            return rediscodec::damaged(tr("a waiting request"));
        stale = stale || e->isStaleAt(serverNow);
        snapshot.entries.append(*e);
    }
    if (stale) {
        const RedisReplyPtr reply = eval({ QByteArrayLiteral("queue") }, Retry::Plain, &why);
        if (!reply)
            return failed(tr("read the wait queue"), why);
        if (RedisConnection::isError(reply.get()) || RedisConnection::size(reply.get()) < 4)
            return LeaseError { ErrorCode::StoreFailed,
                                tr("The shared lease store %1 could not be read: %2")
                                    .arg(m_url.toDisplayString(),
                                         QString::fromUtf8(RedisConnection::string(reply.get()))) };
        const auto field
            = [&reply](qsizetype i) { return RedisConnection::string(RedisConnection::at(reply.get(), i)); };
        snapshot = {};
        snapshot.version = field(2).toULongLong();
        for (qsizetype i = 4; i < RedisConnection::size(reply.get()); ++i) {
            const std::optional<QueueEntry> e = queuerules::decode(field(i));
            if (!e)
                return rediscodec::damaged(tr("a waiting request"));
            snapshot.entries.append(*e);
        }
        sawVersion(field(0).toLongLong(), field(3) == "1");
        m_clockOffsetMs = field(1).toLongLong() - QDateTime::currentMSecsSinceEpoch();
    }
    std::sort(snapshot.entries.begin(), snapshot.entries.end(),
              [](const QueueEntry &a, const QueueEntry &b) { return a.id < b.id; });
    return snapshot;
}

Status RedisLeaseStore::heartbeat(const QList<quint64> &ids, qint64 nowMs)
{
    Q_UNUSED(nowMs)
    if (ids.isEmpty())
        return std::nullopt;
    QByteArrayList list;
    for (quint64 id : ids)
        list.append(QByteArray::number(id));
    const Result<QJsonObject> r
        = change({ QByteArrayLiteral("heartbeat"), list.join(',') }, Retry::Plain, tr("renew waiting requests"));
    return r ? Status() : Status(r.error());
}

Result<bool> RedisLeaseStore::dequeue(quint64 id, const QString &by)
{
    const Result<QJsonObject> r = change({ QByteArrayLiteral("dequeue"), QByteArray::number(id), utf8(by) },
                                         Retry::Plain, tr("leave the wait queue"));
    if (!r)
        return r.error();
    if (r->contains(QLatin1String("err"))) {
        const std::optional<QueueEntry> e = queuerules::decode(r->value(QLatin1String("entry")).toString().toUtf8());
        if (!e)
            return rediscodec::damaged(tr("a waiting request"));
        return queuerules::notYours(*e, by);
    }
    return r->value(QLatin1String("ok")).toString() == QLatin1String("dequeued");
}

} // namespace gpupool::lease
