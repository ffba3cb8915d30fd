#pragma once

// What a Redis lease store holds after a contention run, read straight from
// the server (not through RedisLeaseStore, whose view is what is on trial):
// active leases, ended ones, and the last fence per GPU.
#include "lease/lease.h"
#include "lease/rediscodec.h"
#include "lease/redisconnection.h"
#include "lease/redisurl.h"

#include <QHash>
#include <QString>

namespace gpupool::testing {

struct StoreRecords
{
    QHash<QString, lease::Lease> active;
    QHash<QString, lease::LeaseEnd> ended;
    QHash<QString, quint64> fences;
};

inline QHash<QByteArray, QByteArray> redisHash(lease::RedisConnection &c, const QByteArray &key)
{
    using lease::RedisConnection;
    QString why;
    QHash<QByteArray, QByteArray> out;
    const lease::RedisReplyPtr r = c.command({ QByteArrayLiteral("HGETALL"), key }, &why);
    for (qsizetype i = 0; i + 1 < RedisConnection::size(r.get()); i += 2)
        out.insert(RedisConnection::string(RedisConnection::at(r.get(), i)),
                   RedisConnection::string(RedisConnection::at(r.get(), i + 1)));
    return out;
}

// False with `why` when the server cannot be reached or a record does not
// decode (either fails the test that asked).
inline bool readStoreRecords(const lease::RedisUrl &url, StoreRecords *out, QString *why)
{
    lease::RedisConnection c;
    if (!c.open(url, std::nullopt, why))
        return false;
    const QByteArray prefix = url.keyPrefix();
    for (const QByteArray &v : redisHash(c, prefix + "active")) {
        const auto l = lease::rediscodec::leaseFromBytes(v);
        if (!l) {
            *why = QStringLiteral("an active lease record does not decode: ") + QString::fromUtf8(v);
            return false;
        }
        out->active.insert(l->id, *l);
    }
    for (const QByteArray &v : redisHash(c, prefix + "ended")) {
        const auto e = lease::rediscodec::endFromBytes(v);
        if (!e) {
            *why = QStringLiteral("an ended lease record does not decode: ") + QString::fromUtf8(v);
            return false;
        }
        out->ended.insert(e->lease.id, *e);
    }
    const QHash<QByteArray, QByteArray> fences = redisHash(c, prefix + "fence");
    for (auto it = fences.cbegin(); it != fences.cend(); ++it)
        out->fences.insert(QString::fromUtf8(it.key()), it.value().toULongLong());
    return true;
}

} // namespace gpupool::testing
