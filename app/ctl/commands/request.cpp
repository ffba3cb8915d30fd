// request: lease GPUs and say how to use them. All of --count or nothing
// (unless --partial); with --wait, waits for GPUs to become free.

#include "commands/commands.h"
#include "jsonout.h"
#include "reservation.h"
#include "run.h"
#include "views.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Request", text);
}

void printGranted(Run &run, const pool::ReserveRequest &request, const QList<lease::Lease> &leases)
{
    pool::Pool &pool = run.pool();
    const qint64 now = Run::nowMs();
    QHash<QString, QString> names;
    for (const pool::GpuInfo &g : pool.gpus())
        names.insert(g.globalId, g.name);
    const GpuUsage usage(leases);
    const QStringList &order = usage.endpoints;

    if (run.out().json()) {
        QJsonArray array;
        for (const lease::Lease &l : leases) {
            QJsonObject o = json::lease(l, pool.displayGpuId(l), now);
            o.insert(QStringLiteral("gpu_name"), names.value(l.gpuId()));
            o.insert(QStringLiteral("host"), run.hostOf(l.endpointId));
            o.insert(QStringLiteral("cuda_visible_devices"), QString::number(l.localGpuId));
            array.append(o);
        }
        QJsonArray perEndpoint;
        for (const QString &endpointId : order)
            perEndpoint.append(QJsonObject { { QStringLiteral("endpoint_id"), endpointId },
                                             { QStringLiteral("host"), run.hostOf(endpointId) },
                                             { QStringLiteral("cuda_visible_devices"), usage.devicesOf(endpointId) } });
        // The variables --export prints, for programs that set them themselves
        // (the Python module): their rules stay here.
        QJsonObject environment;
        for (const auto &[name, value] : usageVariables(run, leases))
            environment.insert(name, value);
        run.out().printJson({ { QStringLiteral("requested"), request.count },
                              { QStringLiteral("granted"), static_cast<int>(leases.size()) },
                              { QStringLiteral("leases"), array },
                              { QStringLiteral("usage"), perEndpoint },
                              { QStringLiteral("environment"), environment } });
        run.finish(0);
        return;
    }

    Output &out = run.out();
    const Invocation &inv = run.invocation();
    if (inv.isSet(QStringLiteral("short"))) {
        // The device list alone, as scripts read it; one line per endpoint.
        for (const QString &endpointId : order)
            out.line(order.size() == 1 ? usage.devicesOf(endpointId)
                                       : endpointId + QLatin1String(": ") + usage.devicesOf(endpointId));
        run.finish(0);
        return;
    }
    if (inv.isSet(QStringLiteral("export"))) {
        // For eval: a process sees only its own host's GPUs, so the variables
        // name the first endpoint's; the others are said on stderr.
        const QString first = order.constFirst();
        const auto quoted = [](const QString &v) -> QString {
            return QLatin1Char('\'') + QString(v).replace(QLatin1Char('\''), QStringLiteral("'\\''"))
                + QLatin1Char('\'');
        };
        QStringList exports;
        for (const auto &[name, value] : usageVariables(run, leases))
            exports.append(QLatin1String("export ") + name + QLatin1Char('=') + quoted(value));
        out.line(exports.join(QLatin1String("; ")));
        for (const QString &endpointId : order.mid(1))
            out.warning(
                tr("the GPUs on %1 (%2) are not in CUDA_VISIBLE_DEVICES, which is %3's: CUDA_VISIBLE_DEVICES=%4 there")
                    .arg(run.hostOf(endpointId), endpointId, first, usage.devicesOf(endpointId)));
        run.finish(0);
        return;
    }
    if (leases.size() < request.count)
        out.line(
            out.paint(cli::Style::Warn,
                      tr("Granted %1 of the %2 GPUs requested (--partial):").arg(leases.size()).arg(request.count)));
    else
        out.line(out.paint(cli::Style::Good,
                           leases.size() == 1 ? tr("Granted 1 GPU:") : tr("Granted %1 GPUs:").arg(leases.size())));
    using Cell = cli::Table::Cell;
    cli::Table table({ { tr("LEASE") },
                       { tr("GPU") },
                       { tr("NAME"), cli::Table::Align::Left, true, 8 },
                       { tr("HOST"), cli::Table::Align::Left, true, 9 },
                       { tr("EXPIRES") } });
    for (const lease::Lease &l : leases)
        table.addRow({ Cell(l.id), Cell(pool.displayGpuId(l)), Cell(names.value(l.gpuId())),
                       Cell(run.hostOf(l.endpointId)),
                       Cell(tr("%1 (%2)").arg(views::in(l.expiresMs - now), views::localTime(l.expiresMs, now))) });
    out.table(table);
    out.line();
    for (const QString &endpointId : order)
        out.line(tr("Use on %1 (%2): %3")
                     .arg(run.hostOf(endpointId), endpointId,
                          out.paint(cli::Style::Header,
                                    QStringLiteral("CUDA_VISIBLE_DEVICES=") + usage.devicesOf(endpointId))));
    out.line(tr("Release with: gpupoolctl release LEASE_ID"));
    run.finish(0);
}

} // namespace

void request(Run &run)
{
    const Invocation &inv = run.invocation();
    const int formats
        = int(inv.isSet(QStringLiteral("export"))) + int(inv.isSet(QStringLiteral("short"))) + int(inv.json);
    if (formats > 1)
        return run.usageError(tr("request: --export, --short and --json each choose the output; give one"));
    pool::ReserveRequest request;
    request.kind = lease::LeaseKind::Interactive;
    if (inv.isSet(QStringLiteral("kind"))) {
        const std::optional<lease::LeaseKind> kind = lease::kindFromName(inv.value(QStringLiteral("kind")).trimmed());
        if (!kind)
            return run.usageError(tr("--kind: \"%1\" is not a kind: interactive, programmatic or job")
                                      .arg(inv.value(QStringLiteral("kind"))));
        request.kind = *kind;
    }
    qint64 waitMs = 0;
    if (!parseReserveOptions(run, &request, &waitMs))
        return;
    request.oneEndpoint = inv.isSet(QStringLiteral("one-endpoint"));
    auto *reservation = new Reservation(run, request, waitMs, [&run, request](const QList<lease::Lease> &leases) {
        printGranted(run, request, leases);
    });
    reservation->start();
}

} // namespace gpupool::ctl::commands
