#include "views.h"

#include "cli/duration.h"
#include "endpoint/circuitbreaker.h"
#include "endpoint/endpoint.h"
#include "pool/pool.h"

#include <QCoreApplication>
#include <QDateTime>
#include <cmath>

namespace gpupool::ctl::views {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Views", text);
}

using cli::Style;
using Cell = cli::Table::Cell;
using Align = cli::Table::Align;

const QString none = QStringLiteral("—");

Style breakerStyle(const pool::EndpointInfo &info)
{
    switch (info.breaker) {
    case endpoint::BreakerState::Closed: return info.healthy ? Style::Good : Style::Warn;
    case endpoint::BreakerState::HalfOpen: return Style::Warn;
    case endpoint::BreakerState::Open: break;
    }
    return Style::Bad;
}

} // namespace

QString in(qint64 ms)
{
    return ms <= 0 ? tr("now") : tr("in %1").arg(cli::formatDuration(ms));
}

QString ago(qint64 ms)
{
    if (ms < 0)
        return tr("never");
    return ms < cli::msPerSecond ? tr("now") : tr("%1 ago").arg(cli::formatDuration(ms));
}

QString localTime(qint64 msSinceEpoch, qint64 nowMs)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(msSinceEpoch);
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
    return at.toString(at.date() == now.date() ? QStringLiteral("HH:mm") : QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString percent(double value)
{
    return QString::number(value, 'f', 1);
}

const pool::EndpointInfo *findEndpoint(const QList<pool::EndpointInfo> &endpoints, const QString &id)
{
    for (const pool::EndpointInfo &e : endpoints)
        if (e.id == id)
            return &e;
    return nullptr;
}

QStringList statusLines(const pool::PoolStatus &s, int myLeases, const Output &out)
{
    const auto row = [](const QString &key, const QString &value) -> QString {
        return QString(key + QLatin1Char(':')).leftJustified(12) + value;
    };
    QStringList lines;
    lines << row(tr("Mode"), s.multiEndpoint ? tr("multi-endpoint") : tr("single-endpoint"));
    lines << row(tr("Strategy"), s.strategy);
    const Style endpointStyle = s.healthyEndpoints == s.totalEndpoints ? Style::Good
        : s.healthyEndpoints == 0                                      ? Style::Bad
                                                                       : Style::Warn;
    lines << row(tr("Endpoints"),
                 out.paint(endpointStyle, tr("%1 healthy of %2").arg(s.healthyEndpoints).arg(s.totalEndpoints)));
    lines << row(tr("GPUs"),
                 out.paint(s.availableGpus > 0 ? Style::Good : Style::Warn,
                           tr("%1 available of %2").arg(s.availableGpus).arg(s.totalGpus)));
    lines << row(tr("Leases"), tr("%1 active, %2 yours").arg(s.activeLeases).arg(myLeases));
    lines << row(tr("Waiting"), s.blockedRequests == 1 ? tr("1 request") : tr("%1 requests").arg(s.blockedRequests));
    QString store = s.store.url;
    if (s.store.state != pool::StoreState::Ready)
        store += QLatin1String(" (") + pool::storeStateName(s.store.state) + QLatin1Char(')');
    lines << row(tr("Store"), store);
    if (!s.store.message.isEmpty())
        lines << out.paint(Style::Warn, s.store.message);
    // Also on standard error once; here they stay in view (watch redraws).
    for (const QString &warning : s.store.warnings)
        lines << out.paint(Style::Warn, warning);
    if (s.looksOffline)
        lines << out.paint(Style::Bad,
                           tr("This machine looks offline: most endpoints fail with local network errors."));
    else if (s.fullyDegraded && s.totalEndpoints > 0)
        lines << out.paint(Style::Bad, tr("Fully degraded: no endpoint is healthy; requests wait until one recovers."));
    return lines;
}

cli::Table endpointsTable(const QList<pool::EndpointInfo> &endpoints)
{
    cli::Table table({ { tr("ID") },
                       { tr("URL"), Align::Left, true, 12 },
                       { tr("STATE") },
                       { tr("GPUS"), Align::Right },
                       { tr("RESPONSE"), Align::Right },
                       { tr("LAST SEEN"), Align::Right },
                       { tr("REASON"), Align::Left, true, 8 } });
    for (const pool::EndpointInfo &e : endpoints) {
        const QString response = e.responseTimeMs ? tr("%1 ms").arg(std::lround(*e.responseTimeMs)) : none;
        const Style gpuStyle = e.availableGpus > 0 ? Style::Good : Style::Plain;
        table.addRow({ Cell(e.id), Cell(e.url.toString()), Cell(endpoint::stateName(e.breaker), breakerStyle(e)),
                       Cell(QStringLiteral("%1/%2").arg(e.availableGpus).arg(e.totalGpus), gpuStyle), Cell(response),
                       Cell(ago(e.lastSeenAgeMs)), Cell(e.healthy ? QString() : e.reason, Style::Dim) });
    }
    return table;
}

QString whyNotAvailable(const pool::GpuInfo &gpu, const pool::EndpointInfo *endpoint,
                        const balance::Thresholds &thresholds, const QString &me)
{
    if (gpu.available())
        return {};
    if (!gpu.unleasedUsers.isEmpty())
        return tr("in use without a lease (%1)").arg(gpu.unleasedUsers.join(QLatin1String(", ")));
    if (gpu.heldForWaiter)
        return tr("held for a waiting request");
    if (gpu.lease)
        return gpu.lease->owner == me ? tr("leased by you") : tr("leased");
    if (endpoint && !endpoint->usable) {
        // Why the balancer passes the endpoint by (EndpointInfo::usable).
        if (endpoint->misconfigured)
            return tr("endpoint misconfigured");
        if (endpoint->breaker != endpoint::BreakerState::Closed || !endpoint->healthy)
            return tr("endpoint %1").arg(endpoint::healthName(endpoint->health));
        return tr("stale data");
    }
    QStringList busy;
    if (gpu.memoryPercent >= thresholds.memoryPercent)
        busy << tr("memory %1% ≥ %2%")
                    .arg(QString::number(gpu.memoryPercent), QString::number(thresholds.memoryPercent));
    if (gpu.utilizationPercent >= thresholds.utilizationPercent)
        busy << tr("util %1% ≥ %2%")
                    .arg(QString::number(gpu.utilizationPercent), QString::number(thresholds.utilizationPercent));
    if (!busy.isEmpty())
        return tr("busy: %1").arg(busy.join(QLatin1String(", ")));
    return tr("not assignable");
}

cli::Table gpusTable(const QList<pool::GpuInfo> &gpus, const QList<pool::EndpointInfo> &endpoints,
                     const balance::Thresholds &thresholds, const QString &me)
{
    cli::Table table({ { tr("GPU") },
                       { tr("NAME"), Align::Left, true, 8 },
                       { tr("MEM %"), Align::Right },
                       { tr("UTIL %"), Align::Right },
                       { tr("MEMORY"), Align::Right },
                       { tr("STATE"), Align::Left, true, 10 },
                       { tr("HOLDER"), Align::Left, true, 8 } });
    for (const pool::GpuInfo &g : gpus) {
        const QString why = whyNotAvailable(g, findEndpoint(endpoints, g.endpointId), thresholds, me);
        const Cell state
            = why.isEmpty() ? Cell(tr("available"), Style::Good) : Cell(why, g.lease ? Style::Warn : Style::Dim);
        const QString memory = g.memoryTotalMb > 0 ? tr("%1 GiB").arg(std::lround(g.memoryTotalMb / 1024.0)) : none;
        // The holder only: `leases --all` tells when it ends. Who else runs
        // there follows in brackets, where the processes were read.
        QString holder = g.lease ? g.lease->owner : QString();
        if (const QStringList others = g.usersBesideHolder(); !others.isEmpty())
            holder += (holder.isEmpty() ? QString() : QStringLiteral(" ")) + QStringLiteral("(")
                + others.join(QLatin1String(", ")) + QStringLiteral(")");
        table.addRow({ Cell(g.gpuId), Cell(g.name), Cell(percent(g.memoryPercent)), Cell(percent(g.utilizationPercent)),
                       Cell(memory), state, Cell(holder) });
    }
    return table;
}

cli::Table processesTable(const QList<pool::GpuInfo> &gpus)
{
    cli::Table table({ { tr("GPU") },
                       { tr("PID"), Align::Right },
                       { tr("USER"), Align::Left, true, 6 },
                       { tr("PROCESS"), Align::Left, true, 8 },
                       { tr("MEMORY"), Align::Right },
                       { tr("LEASE"), Align::Left, true, 8 } });
    for (const pool::GpuInfo &g : gpus) {
        if (!g.processes)
            continue;
        for (const stats::GpuProcess &p : *g.processes) {
            const bool without = g.isUseWithoutLease(p);
            const QString lease = without ? tr("none: in use without a lease") : g.lease ? g.lease->owner : QString();
            table.addRow({ Cell(g.gpuId), Cell(QString::number(p.pid)), Cell(p.user.value_or(none)),
                           Cell(p.processName), Cell(p.usedMemoryMb ? tr("%1 MiB").arg(*p.usedMemoryMb) : none),
                           Cell(lease, without ? Style::Warn : Style::Plain) });
        }
    }
    return table;
}

cli::Table leasesTable(const QList<lease::Lease> &leases, const pool::Pool &pool, bool withOwner, qint64 nowMs)
{
    QList<cli::Table::Column> columns { { tr("LEASE") }, { tr("GPU") } };
    if (withOwner)
        columns.append({ tr("OWNER"), Align::Left, true, 10 });
    columns.append({ tr("KIND"), Align::Left });
    columns.append({ tr("EXPIRES"), Align::Left });
    columns.append({ tr("NOTE"), Align::Left, true, 6 });
    cli::Table table(columns);
    for (const lease::Lease &l : leases) {
        const qint64 left = l.expiresMs - nowMs;
        QList<Cell> row { Cell(l.id), Cell(pool.displayGpuId(l)) };
        if (withOwner)
            row.append(Cell(l.owner));
        row.append(Cell(lease::kindName(l.kind)));
        // A job's expiry is always near: its heartbeat keeps moving it.
        const bool soon = l.kind != lease::LeaseKind::Job && left < 15 * cli::msPerMinute;
        row.append(Cell(tr("%1 (%2)").arg(in(left), localTime(l.expiresMs, nowMs)), soon ? Style::Warn : Style::Plain));
        row.append(Cell(l.note));
        table.addRow(row);
    }
    return table;
}

cli::Table historyTable(const QList<lease::LeaseEnd> &ended, const pool::Pool &pool, qint64 nowMs)
{
    cli::Table table({ { tr("LEASE") },
                       { tr("GPU") },
                       { tr("OWNER"), Align::Left, true, 10 },
                       { tr("ENDED") },
                       { tr("HOW") },
                       { tr("BY"), Align::Left, true, 8 },
                       { tr("NOTE"), Align::Left, true, 6 } });
    for (const lease::LeaseEnd &e : ended)
        table.addRow({ Cell(e.lease.id), Cell(pool.displayGpuId(e.lease)), Cell(e.lease.owner),
                       Cell(ago(nowMs - e.endedMs)), Cell(lease::reasonName(e.reason)), Cell(e.endedBy),
                       Cell(e.lease.note) });
    return table;
}

} // namespace gpupool::ctl::views
