#include "lease/queueentry.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gpupool::lease::queuerules {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::WaitQueue", text);
}

// Short names: the Redis script reads and writes "id", "owner", "hb" and
// "stale" itself.
constexpr QLatin1StringView Id("id"), Owner("owner"), Note("note"), Kind("kind"), Count("count"), Partial("partial"),
    OneEndpoint("one_endpoint"), MinMemory("min_memory_mb"), Name("name"), Endpoints("endpoints"), Created("created"),
    Heartbeat("hb"), Stale("stale"), Deadline("deadline");

} // namespace

QByteArray encode(const QueueEntry &e)
{
    QJsonObject o { { Id, double(e.id) },
                    { Owner, e.owner },
                    { Kind, kindName(e.kind) },
                    { Count, e.count },
                    { Created, double(e.createdMs) },
                    { Heartbeat, double(e.heartbeatMs) },
                    { Stale, double(e.staleAfterMs) },
                    { Deadline, double(e.deadlineMs) } };
    if (!e.note.isEmpty())
        o.insert(Note, e.note);
    if (e.partial)
        o.insert(Partial, true);
    if (e.oneEndpoint)
        o.insert(OneEndpoint, true);
    if (e.filter.minMemoryMb > 0)
        o.insert(MinMemory, double(e.filter.minMemoryMb));
    if (!e.filter.nameContains.isEmpty())
        o.insert(Name, e.filter.nameContains);
    if (!e.filter.endpointIds.isEmpty())
        o.insert(Endpoints, QJsonArray::fromStringList(e.filter.endpointIds));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<QueueEntry> decode(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    QueueEntry e;
    const double id = o.value(Id).toDouble(-1);
    e.owner = o.value(Owner).toString();
    e.count = o.value(Count).toInt(0);
    const std::optional<LeaseKind> kind = kindFromName(o.value(Kind).toString());
    if (id < 1 || e.owner.isEmpty() || e.count < 1 || !kind || !o.value(Heartbeat).isDouble()
        || !o.value(Stale).isDouble())
        return std::nullopt;
    e.id = quint64(id);
    e.kind = *kind;
    e.note = o.value(Note).toString();
    e.partial = o.value(Partial).toBool();
    e.oneEndpoint = o.value(OneEndpoint).toBool();
    e.filter.minMemoryMb = qint64(o.value(MinMemory).toDouble(0));
    e.filter.nameContains = o.value(Name).toString();
    for (const QJsonValue &v : o.value(Endpoints).toArray())
        e.filter.endpointIds.append(v.toString());
    e.createdMs = qint64(o.value(Created).toDouble());
    e.heartbeatMs = qint64(o.value(Heartbeat).toDouble());
    e.staleAfterMs = qint64(o.value(Stale).toDouble());
    e.deadlineMs = qint64(o.value(Deadline).toDouble(-1));
    return e;
}

Status validate(const QueueEntry &entry)
{
    if (entry.owner.trimmed().isEmpty())
        return LeaseError { ErrorCode::InvalidArgument, tr("A waiting request needs an owner.") };
    if (entry.count < 1)
        return LeaseError { ErrorCode::InvalidArgument,
                            tr("A waiting request needs a count of at least 1; got %1.").arg(entry.count) };
    if (entry.staleAfterMs <= 0)
        return LeaseError { ErrorCode::InvalidArgument, tr("A waiting request needs a heartbeat period.") };
    return std::nullopt;
}

LeaseError notYours(const QueueEntry &entry, const QString &by)
{
    return {
        ErrorCode::NotOwner,
        tr("Waiting request %1 belongs to %2, not to %3; it was left waiting.").arg(entry.id).arg(entry.owner, by)
    };
}

LeaseError queueChanged()
{
    return { ErrorCode::GpuTaken,
             tr("The wait queue changed meanwhile (another program joined or left it); "
                "nothing was granted.") };
}

QString describeWants(const QueueEntry &e)
{
    QStringList parts;
    parts << (e.count == 1 ? tr("1 GPU") : tr("%1 GPUs").arg(e.count));
    if (e.partial)
        parts << tr("or fewer");
    if (e.filter.minMemoryMb > 0)
        parts << tr(">= %1 GB").arg(balance::decimalGbOfMib(e.filter.minMemoryMb), 0, 'f', 0);
    if (!e.filter.nameContains.isEmpty())
        parts << tr("name ~ %1").arg(e.filter.nameContains);
    if (!e.filter.endpointIds.isEmpty())
        parts << tr("on %1").arg(e.filter.endpointIds.join(QLatin1Char(',')));
    if (e.oneEndpoint && e.count > 1)
        parts << tr("(one endpoint)");
    return parts.join(QLatin1Char(' '));
}

} // namespace gpupool::lease::queuerules
