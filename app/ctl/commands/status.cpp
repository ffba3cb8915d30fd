// status, endpoints, gpus: poll once, print what the Pool sees. They print
// what they know even when no endpoint answered, and then end with status 5.

#include "commands/commands.h"
#include "jsonout.h"
#include "reservation.h"
#include "run.h"
#include "views.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace gpupool::ctl::commands {

namespace {

int myLeaseCount(pool::Pool &pool)
{
    int mine = 0;
    for (const lease::Lease &l : pool.activeLeases())
        if (l.owner == pool.owner())
            ++mine;
    return mine;
}

// gpus --free, --name, --endpoint, --min-memory: the request's own filter
// (balance::GpuFilter), so what gpus lists is what request would consider.
bool shown(const pool::GpuInfo &g, const balance::GpuFilter &filter, bool freeOnly)
{
    if (freeOnly && !g.available())
        return false;
    if (!filter.admitsEndpoint(g.endpointId))
        return false;
    balance::GpuView view;
    view.localId = g.localId;
    view.name = g.name;
    view.memoryTotalMb = g.memoryTotalMb;
    return filter.admitsGpu(view);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Status", text);
}

} // namespace

void status(Run &run)
{
    run.refresh([&run](const pool::RefreshResult &result) {
        pool::Pool &pool = run.pool();
        const pool::PoolStatus s = pool.poolStatus();
        if (run.out().json())
            run.out().printJson(json::status(s, myLeaseCount(pool)));
        else
            run.out().lines(views::statusLines(s, myLeaseCount(pool), run.out()));
        run.finishAfterReport(result);
    });
}

void endpoints(Run &run)
{
    run.refresh([&run](const pool::RefreshResult &result) {
        // poolStatus() lists the endpoint in single-endpoint mode too.
        const QList<pool::EndpointInfo> list = run.pool().poolStatus().endpoints;
        if (run.out().json()) {
            QJsonArray array;
            for (const pool::EndpointInfo &e : list)
                array.append(json::endpoint(e));
            run.out().printJson({ { QStringLiteral("endpoints"), array } });
        } else {
            run.out().table(views::endpointsTable(list));
        }
        run.finishAfterReport(result);
    });
}

void gpus(Run &run)
{
    balance::GpuFilter filter;
    if (!parseGpuFilter(run, &filter))
        return;
    const bool freeOnly = run.invocation().isSet(QStringLiteral("free"));
    if (run.invocation().isSet(QStringLiteral("processes")))
        run.pool().setProcessesWanted(true);
    run.refresh([&run, filter, freeOnly](const pool::RefreshResult &result) {
        pool::Pool &pool = run.pool();
        QList<pool::GpuInfo> list;
        for (const pool::GpuInfo &g : pool.gpus())
            if (shown(g, filter, freeOnly))
                list.append(g);
        const QList<pool::EndpointInfo> endpoints = pool.poolStatus().endpoints;
        const qint64 now = Run::nowMs();
        if (run.out().json()) {
            QJsonArray array;
            for (const pool::GpuInfo &g : list)
                array.append(json::gpu(g,
                                       views::whyNotAvailable(g, views::findEndpoint(endpoints, g.endpointId),
                                                              pool.thresholds(), pool.owner()),
                                       now));
            run.out().printJson({ { QStringLiteral("gpus"), array } });
        } else if (list.isEmpty() && (freeOnly || !filter.isEmpty())) {
            run.out().line(freeOnly ? tr("No GPU that matches is free now.") : tr("No GPU matches."));
        } else {
            run.out().table(views::gpusTable(list, endpoints, pool.thresholds(), pool.owner()));
        }
        run.finishAfterReport(result);
    });
}

void ps(Run &run)
{
    const QString only = run.invocation().positional.value(0);
    if (!only.isEmpty() && !run.pool().endpointIds().contains(only))
        return run.fail(cli::ExitStatus::Failure, QStringLiteral("unknown_endpoint"),
                        tr("Endpoint %1 is not known to the pool").arg(only));
    run.pool().setProcessesWanted(true);
    run.refresh([&run, only](const pool::RefreshResult &result) {
        pool::Pool &pool = run.pool();
        QList<pool::GpuInfo> list;
        QStringList silent; // answered, but list no processes (a predecessor server)
        for (const pool::GpuInfo &g : pool.gpus()) {
            if (!only.isEmpty() && g.endpointId != only)
                continue;
            list.append(g);
            if (!g.processes && !silent.contains(g.endpointId))
                silent.append(g.endpointId);
        }
        if (run.out().json()) {
            QJsonArray processes;
            for (const pool::GpuInfo &g : list)
                for (const stats::GpuProcess &p : g.processes.value_or(QList<stats::GpuProcess>()))
                    processes.append(json::process(p, g));
            run.out().printJson(
                { { QStringLiteral("processes"), processes },
                  { QStringLiteral("endpoints_without_processes"), QJsonArray::fromStringList(silent) } });
        } else {
            const cli::Table table = views::processesTable(list);
            if (table.rowCount() == 0)
                run.out().line(tr("No process runs on a GPU."));
            else
                run.out().table(table);
            for (const QString &id : std::as_const(silent))
                run.out().line(
                    tr("%1 lists no processes (its server has no /gpu/processes, or did not answer).").arg(id));
        }
        run.finishAfterReport(result);
    });
}

} // namespace gpupool::ctl::commands
