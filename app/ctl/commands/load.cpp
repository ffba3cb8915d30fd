// load: per endpoint what the pool's balancer works from, as the GPU proxy's
// load view showed it: active leases, grants in total (every program's: the
// balancer's counts live in the store), response time, GPUs, last grant.

#include "commands/commands.h"
#include "jsonout.h"
#include "run.h"
#include "views.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Load", text);
}

// When each endpoint was last given a GPU: the newest lease there, active or
// ended (the history the store keeps).
QHash<QString, qint64> lastGrants(pool::Pool &pool)
{
    QHash<QString, qint64> last;
    const auto note = [&last](const lease::Lease &l) {
        qint64 &at = last[l.endpointId];
        at = qMax(at, l.createdMs);
    };
    for (const lease::Lease &l : pool.activeLeases())
        note(l);
    if (const auto ended = pool.leaseHistory(1000))
        for (const lease::LeaseEnd &e : *ended)
            note(e.lease);
    return last;
}

} // namespace

void load(Run &run)
{
    run.refresh([&run](const pool::RefreshResult &result) {
        pool::Pool &pool = run.pool();
        const QList<pool::EndpointInfo> list = pool.poolStatus().endpoints;
        const QHash<QString, quint64> &grants = pool.balancerMetrics().selectionsPerEndpoint;
        const QHash<QString, qint64> last = lastGrants(pool);
        const qint64 now = Run::nowMs();
        if (run.out().json()) {
            QJsonArray array;
            for (const pool::EndpointInfo &e : list) {
                const qint64 at = last.value(e.id, 0);
                array.append(QJsonObject {
                    { QStringLiteral("id"), e.id },
                    { QStringLiteral("active_leases"), e.activeLeases },
                    { QStringLiteral("total_grants"), double(grants.value(e.id)) },
                    { QStringLiteral("response_time_ms"),
                      e.responseTimeMs ? QJsonValue(*e.responseTimeMs) : QJsonValue() },
                    { QStringLiteral("gpus_total"), e.totalGpus },
                    { QStringLiteral("gpus_available"), e.availableGpus },
                    { QStringLiteral("last_used"), at > 0 ? QJsonValue(json::isoTime(at)) : QJsonValue() } });
            }
            run.out().printJson(
                { { QStringLiteral("strategy"), pool.strategy() }, { QStringLiteral("endpoints"), array } });
        } else {
            using Cell = cli::Table::Cell;
            using Align = cli::Table::Align;
            cli::Table table({ { tr("ENDPOINT"), Align::Left, true, 8 },
                               { tr("ACTIVE"), Align::Right },
                               { tr("GRANTS"), Align::Right },
                               { tr("RESPONSE"), Align::Right },
                               { tr("GPUS"), Align::Right },
                               { tr("LAST USED") } });
            for (const pool::EndpointInfo &e : list) {
                const qint64 at = last.value(e.id, 0);
                table.addRow(
                    { Cell(e.id), Cell(QString::number(e.activeLeases)), Cell(QString::number(grants.value(e.id))),
                      Cell(e.responseTimeMs ? tr("%1 ms").arg(std::lround(*e.responseTimeMs)) : QStringLiteral("-")),
                      Cell(tr("%1/%2").arg(e.availableGpus).arg(e.totalGpus)),
                      Cell(at > 0 ? views::ago(now - at) : QStringLiteral("-")) });
            }
            run.out().line(tr("Strategy: %1 (grants: every program's on this store)").arg(pool.strategy()));
            run.out().table(table);
        }
        run.finishAfterReport(result);
    });
}

} // namespace gpupool::ctl::commands
