// queue: every program's waiting requests on this store, oldest first;
// cancel ID: takes one of your own off it. Both need the store only.

#include "commands/commands.h"
#include "jsonout.h"
#include "run.h"
#include "views.h"

#include "cli/duration.h"
#include "cli/table.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Queue", text);
}

QJsonObject entryJson(const lease::QueueEntry &e, int position, qint64 now)
{
    QJsonArray endpoints;
    for (const QString &id : e.filter.endpointIds)
        endpoints.append(id);
    return { { QStringLiteral("id"), double(e.id) },
             { QStringLiteral("position"), position },
             { QStringLiteral("owner"), e.owner },
             { QStringLiteral("note"), e.note },
             { QStringLiteral("kind"), lease::kindName(e.kind) },
             { QStringLiteral("count"), e.count },
             { QStringLiteral("partial"), e.partial },
             { QStringLiteral("one_endpoint"), e.oneEndpoint },
             { QStringLiteral("min_memory_mib"), double(e.filter.minMemoryMb) },
             { QStringLiteral("name_contains"), e.filter.nameContains },
             { QStringLiteral("endpoints"), endpoints },
             { QStringLiteral("wants"), lease::queuerules::describeWants(e) },
             { QStringLiteral("created"), json::isoTime(e.createdMs) },
             { QStringLiteral("waited_seconds"), double(qMax<qint64>(0, now - e.createdMs)) / 1000.0 },
             { QStringLiteral("gives_up"),
               e.deadlineMs < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(json::isoTime(e.deadlineMs)) },
             { QStringLiteral("heartbeat"), json::isoTime(e.heartbeatMs) } };
}

} // namespace

void queue(Run &run)
{
    pool::Pool &pool = run.pool();
    if (const pool::Status s = pool.openStore())
        return run.fail(*s);
    const pool::Result<QList<lease::QueueEntry>> entries = pool.storeQueue();
    if (!entries)
        return run.fail(entries.error());
    const qint64 now = Run::nowMs();
    if (run.out().json()) {
        QJsonArray array;
        for (int i = 0; i < entries->size(); ++i)
            array.append(entryJson(entries->at(i), i + 1, now));
        run.out().printJson({ { QStringLiteral("store"), pool.storeInfo().url },
                              { QStringLiteral("owner"), pool.owner() },
                              { QStringLiteral("waiting"), array } });
        return run.finish(0);
    }
    if (entries->isEmpty()) {
        run.out().line(tr("Nobody is waiting for GPUs on %1.").arg(pool.storeInfo().url));
        return run.finish(0);
    }
    cli::Table table({ { tr("POS"), cli::Table::Align::Right },
                       { tr("ID"), cli::Table::Align::Right },
                       { tr("OWNER"), cli::Table::Align::Left, true },
                       { tr("WANTS"), cli::Table::Align::Left, true, 12 },
                       { tr("WAITING"), cli::Table::Align::Right },
                       { tr("GIVES UP"), cli::Table::Align::Right },
                       { tr("NOTE"), cli::Table::Align::Left, true } });
    for (int i = 0; i < entries->size(); ++i) {
        const lease::QueueEntry &e = entries->at(i);
        const bool mine = e.owner == pool.owner();
        table.addRow({ QString::number(i + 1), QString::number(e.id),
                       cli::Table::Cell(e.owner, mine ? cli::Style::Header : cli::Style::Plain),
                       lease::queuerules::describeWants(e), cli::formatDuration(qMax<qint64>(0, now - e.createdMs)),
                       e.deadlineMs < 0 ? tr("never") : views::in(e.deadlineMs - now), e.note });
    }
    run.out().table(table);
    run.finish(0);
}

void cancel(Run &run)
{
    bool ok = false;
    const QString text = run.invocation().positional.value(0);
    const quint64 id = text.toULongLong(&ok);
    if (!ok || id == 0)
        return run.usageError(
            tr("cancel: \"%1\" is not a waiting request's id (gpupoolctl queue lists them)").arg(text));
    pool::Pool &pool = run.pool();
    if (const pool::Status s = pool.openStore())
        return run.fail(*s);
    const pool::Result<bool> r = pool.cancelQueued(id);
    if (!r)
        return run.fail(r.error());
    if (!*r)
        return run.fail(cli::ExitStatus::Failure, QStringLiteral("not_waiting"),
                        tr("No request %1 is waiting on %2 (served, cancelled, or given up already).")
                            .arg(id)
                            .arg(pool.storeInfo().url));
    if (run.out().json())
        run.out().printJson({ { QStringLiteral("cancelled"), double(id) } });
    else
        run.out().line(tr("Cancelled waiting request %1; its program stops waiting.").arg(id));
    run.finish(0);
}

} // namespace gpupool::ctl::commands
