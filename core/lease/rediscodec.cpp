#include "lease/rediscodec.h"

#include "lease/leaserules.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <climits>

namespace gpupool::lease::rediscodec {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::RedisLeaseStore", text);
}

// JSON numbers are doubles; lease times and fences are integers well below
// 2^53, so the conversion is exact. Anything else is damage.
std::optional<qint64> integer(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (d < 0 || d > 9007199254740992.0 || d != double(qint64(d)))
        return std::nullopt;
    return qint64(d);
}

} // namespace

QByteArray encodeSpecs(const QList<GrantSpec> &specs)
{
    QJsonArray a;
    for (const GrantSpec &s : specs) {
        QJsonObject o;
        o.insert(QLatin1String("id"), s.leaseId);
        o.insert(QLatin1String("ep"), s.endpointId);
        o.insert(QLatin1String("n"), s.localGpuId);
        o.insert(QLatin1String("g"), s.gpuId());
        o.insert(QLatin1String("owner"), s.owner);
        o.insert(QLatin1String("note"), s.note);
        o.insert(QLatin1String("kind"), kindName(s.kind));
        o.insert(QLatin1String("dur"), double(s.durationMs));
        a.append(o);
    }
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

std::optional<Lease> leaseFromJson(const QJsonObject &o)
{
    Lease l;
    l.id = o.value(QLatin1String("id")).toString();
    l.endpointId = o.value(QLatin1String("ep")).toString();
    l.owner = o.value(QLatin1String("owner")).toString();
    l.note = o.value(QLatin1String("note")).toString();
    const std::optional<LeaseKind> kind = kindFromName(o.value(QLatin1String("kind")).toString());
    const std::optional<qint64> n = integer(o, QLatin1String("n"));
    const std::optional<qint64> created = integer(o, QLatin1String("created"));
    const std::optional<qint64> expires = integer(o, QLatin1String("expires"));
    const std::optional<qint64> fence = integer(o, QLatin1String("fence"));
    if (l.id.isEmpty() || l.endpointId.isEmpty() || !kind || !n || *n > INT_MAX || !created || !expires || !fence)
        return std::nullopt;
    l.kind = *kind;
    l.localGpuId = int(*n);
    l.createdMs = *created;
    l.expiresMs = *expires;
    l.fence = quint64(*fence);
    return l;
}

std::optional<LeaseEnd> endFromJson(const QJsonObject &o)
{
    const std::optional<Lease> lease = leaseFromJson(o.value(QLatin1String("lease")).toObject());
    const std::optional<EndReason> reason = reasonFromName(o.value(QLatin1String("reason")).toString());
    const std::optional<qint64> at = integer(o, QLatin1String("at"));
    if (!lease || !reason || !at)
        return std::nullopt;
    return LeaseEnd { *lease, *reason, o.value(QLatin1String("by")).toString(), *at };
}

std::optional<Lease> leaseFromBytes(const QByteArray &json)
{
    const QJsonDocument d = QJsonDocument::fromJson(json);
    return d.isObject() ? leaseFromJson(d.object()) : std::nullopt;
}

std::optional<LeaseEnd> endFromBytes(const QByteArray &json)
{
    const QJsonDocument d = QJsonDocument::fromJson(json);
    return d.isObject() ? endFromJson(d.object()) : std::nullopt;
}

std::optional<QJsonObject> parseAnswer(const QByteArray &json)
{
    const QJsonDocument d = QJsonDocument::fromJson(json);
    if (!d.isObject())
        return std::nullopt;
    const QJsonObject o = d.object();
    if (!o.value(QLatin1String("ok")).isString() && !o.value(QLatin1String("err")).isString())
        return std::nullopt;
    return o;
}

LeaseError errorFromAnswer(const QJsonObject &answer, const QString &leaseId, const QString &by,
                           std::optional<EndReason> reason, qint64 newExpiresMs, qint64 nowMs)
{
    const QString code = answer.value(QLatin1String("err")).toString();
    if (code == QLatin1String("unknown"))
        return rules::unknownLease(leaseId);
    if (code == QLatin1String("reused"))
        return rules::leaseIdReused(answer.value(QLatin1String("id")).toString());
    if (code == QLatin1String("setting"))
        return rules::settingChanged(answer.value(QLatin1String("name")).toString());
    if (code == QLatin1String("ended")) {
        const std::optional<LeaseEnd> e = endFromJson(answer.value(QLatin1String("end")).toObject());
        return e ? rules::alreadyEnded(*e) : damaged(tr("an ended lease"));
    }
    const std::optional<Lease> lease = leaseFromJson(answer.value(QLatin1String("lease")).toObject());
    if (!lease)
        return damaged(tr("a lease"));
    if (code == QLatin1String("taken"))
        return rules::gpuTaken(*lease);
    if (code == QLatin1String("refused")) {
        // The script applied the same rules; let them word the refusal.
        const Status s
            = reason ? rules::checkEnd(*lease, by, *reason) : rules::checkRenew(*lease, by, newExpiresMs, nowMs);
        if (s)
            return *s;
        return { ErrorCode::InvalidArgument,
                 tr("The shared lease store refused the change to lease %1.").arg(lease->id) };
    }
    return damaged(tr("an answer (\"%1\")").arg(code));
}

LeaseError damaged(const QString &what)
{
    return {
        ErrorCode::StoreCorrupt,
        tr("The shared lease store holds %1 that this version of gpupool cannot read; nothing was changed.").arg(what)
    };
}

} // namespace gpupool::lease::rediscodec
