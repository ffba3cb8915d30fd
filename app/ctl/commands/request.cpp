// request: lease GPUs and say how to use them. All of --count or nothing
// (unless --partial); with --wait, waits for GPUs to become free.

#include "commands/commands.h"
#include "jsonout.h"
#include "run.h"
#include "views.h"

#include "cli/duration.h"
#include "config/settings.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTimer>
#include <cmath>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Request", text);
}

constexpr int maxCount = 1024;
constexpr double maxMemoryGb = 4096;

// One request in flight; lives as long as the run.
class Request final : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(gpupool::ctl::Request)

public:
    Request(Run &run, pool::ReserveRequest request, qint64 waitMs)
        : QObject(&run), m_run(run), m_request(std::move(request)), m_waitMs(waitMs)
    {
    }

    void begin(const pool::RefreshResult &result);

private:
    void tryReserve(bool waiting);
    void startWaiting();
    void granted(const QList<lease::Lease> &leases);

    Run &m_run;
    pool::ReserveRequest m_request;
    qint64 m_waitMs = 0;
    bool m_done = false;
    QString m_lastShortage;
};

void Request::begin(const pool::RefreshResult &result)
{
    if (result.endpoints > 0 && !result.anyReachable() && m_waitMs <= 0) {
        m_run.noEndpointReachable(result);
        return;
    }
    tryReserve(false);
}

void Request::tryReserve(bool waiting)
{
    if (m_done)
        return;
    const pool::Result<QList<lease::Lease>> r = m_run.pool().reserve(m_request);
    if (r) {
        granted(*r);
        return;
    }
    if (r.code() == pool::ErrorCode::NotEnoughGpus && m_waitMs > 0) {
        m_lastShortage = r.error().message;
        if (!waiting)
            startWaiting();
        return;
    }
    m_done = true;
    m_run.fail(r.error());
}

void Request::startWaiting()
{
    pool::Pool &pool = m_run.pool();
    if (const pool::Status status = pool.start()) {
        m_done = true;
        m_run.fail(*status);
        return;
    }
    m_run.out().progress(tr("Waiting up to %1 for %2 GPU(s); %3 available now ...")
                             .arg(cli::formatDuration(m_waitMs))
                             .arg(m_request.count)
                             .arg(pool.availableGpus()));
    if (m_request.count == 1 && m_request.filter.isEmpty()) {
        // One GPU, no filter: wait in the Pool's FIFO queue, fair to other programs.
        pool::GpuRequest one;
        one.timeoutMs = m_waitMs;
        one.note = m_request.note;
        one.kind = m_request.kind;
        one.durationMs = m_request.durationMs;
        pool.requestGpu(one, [this](const pool::Result<lease::Lease> &r) {
            if (m_done)
                return;
            if (r) {
                granted({ *r });
                return;
            }
            m_done = true;
            m_run.fail(r.error());
        });
        return;
    }
    // Several GPUs or a filter: try again whenever something may have freed one.
    const auto retry = [this] { tryReserve(true); };
    connect(&pool, &pool::Pool::availableGpusChanged, this, retry);
    connect(&pool, &pool::Pool::leasesChanged, this, retry);
    connect(&pool, &pool::Pool::endpointUpdated, this, retry);
    QTimer::singleShot(m_waitMs, this, [this] {
        if (m_done)
            return;
        m_done = true;
        m_run.fail(cli::ExitStatus::TimedOut, pool::errorCodeName(pool::ErrorCode::TimedOut),
                   tr("Timed out after %1 waiting for %2 GPU(s): %3")
                       .arg(cli::formatDuration(m_waitMs))
                       .arg(m_request.count)
                       .arg(m_lastShortage));
    });
}

void Request::granted(const QList<lease::Lease> &leases)
{
    m_done = true;
    pool::Pool &pool = m_run.pool();
    const qint64 now = Run::nowMs();
    QHash<QString, QString> names;
    for (const pool::GpuInfo &g : pool.gpus())
        names.insert(g.globalId, g.name);
    // CUDA_VISIBLE_DEVICES per endpoint (not per host: a host may run several).
    QStringList order;
    QHash<QString, QStringList> devices;
    for (const lease::Lease &l : leases) {
        if (!devices.contains(l.endpointId))
            order.append(l.endpointId);
        devices[l.endpointId].append(QString::number(l.localGpuId));
    }

    if (m_run.out().json()) {
        QJsonArray array;
        for (const lease::Lease &l : leases) {
            QJsonObject o = json::lease(l, pool.displayGpuId(l), now);
            o.insert(QStringLiteral("gpu_name"), names.value(l.gpuId()));
            o.insert(QStringLiteral("host"), m_run.hostOf(l.endpointId));
            o.insert(QStringLiteral("cuda_visible_devices"), QString::number(l.localGpuId));
            array.append(o);
        }
        QJsonArray usage;
        for (const QString &endpointId : order)
            usage.append(QJsonObject { { QStringLiteral("endpoint_id"), endpointId },
                                       { QStringLiteral("host"), m_run.hostOf(endpointId) },
                                       { QStringLiteral("cuda_visible_devices"),
                                         devices.value(endpointId).join(QLatin1Char(',')) } });
        m_run.out().printJson({ { QStringLiteral("requested"), m_request.count },
                                { QStringLiteral("granted"), static_cast<int>(leases.size()) },
                                { QStringLiteral("leases"), array },
                                { QStringLiteral("usage"), usage } });
        m_run.finish(0);
        return;
    }

    Output &out = m_run.out();
    const Invocation &inv = m_run.invocation();
    if (inv.isSet(QStringLiteral("short"))) {
        // The device list alone, as scripts read it; one line per endpoint.
        for (const QString &endpointId : order)
            out.line(order.size() == 1 ? devices.value(endpointId).join(QLatin1Char(','))
                                       : endpointId + QLatin1String(": ") + devices.value(endpointId).join(QLatin1Char(',')));
        m_run.finish(0);
        return;
    }
    if (inv.isSet(QStringLiteral("export"))) {
        // For eval: a process sees only its own host's GPUs, so the variables
        // name the first endpoint's; the others are said on stderr.
        const QString first = order.constFirst();
        QStringList ids, gpuIds;
        for (const lease::Lease &l : leases) {
            ids.append(l.id);
            gpuIds.append(pool.displayGpuId(l));
        }
        const auto quoted = [](const QString &v) -> QString { return QLatin1Char('\'') + QString(v).replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\''); };
        out.line(QStringLiteral("export CUDA_VISIBLE_DEVICES=%1; export GPUPOOL_LEASE_IDS=%2; export GPUPOOL_GPU_IDS=%3; "
                                "export GPUPOOL_HOST=%4")
                     .arg(quoted(devices.value(first).join(QLatin1Char(','))), quoted(ids.join(QLatin1Char(','))),
                          quoted(gpuIds.join(QLatin1Char(','))), quoted(m_run.hostOf(first))));
        for (const QString &endpointId : order.mid(1))
            out.warning(tr("the GPUs on %1 (%2) are not in CUDA_VISIBLE_DEVICES, which is %3's: CUDA_VISIBLE_DEVICES=%4 there")
                            .arg(m_run.hostOf(endpointId), endpointId, first, devices.value(endpointId).join(QLatin1Char(','))));
        m_run.finish(0);
        return;
    }
    if (leases.size() < m_request.count)
        out.line(out.paint(cli::Style::Warn, tr("Granted %1 of the %2 GPUs requested (--partial):")
                                                 .arg(leases.size())
                                                 .arg(m_request.count)));
    else
        out.line(out.paint(cli::Style::Good, leases.size() == 1 ? tr("Granted 1 GPU:")
                                                                : tr("Granted %1 GPUs:").arg(leases.size())));
    using Cell = cli::Table::Cell;
    cli::Table table({ { tr("LEASE") }, { tr("GPU") }, { tr("NAME"), cli::Table::Align::Left, true, 8 },
                       { tr("HOST"), cli::Table::Align::Left, true, 9 }, { tr("EXPIRES") } });
    for (const lease::Lease &l : leases)
        table.addRow({ Cell(l.id), Cell(pool.displayGpuId(l)), Cell(names.value(l.gpuId())),
                       Cell(m_run.hostOf(l.endpointId)),
                       Cell(tr("%1 (%2)").arg(views::in(l.expiresMs - now), views::localTime(l.expiresMs, now))) });
    out.table(table);
    out.line();
    for (const QString &endpointId : order)
        out.line(tr("Use on %1 (%2): %3").arg(m_run.hostOf(endpointId), endpointId,
                                              out.paint(cli::Style::Header, QStringLiteral("CUDA_VISIBLE_DEVICES=")
                                                                                + devices.value(endpointId).join(QLatin1Char(',')))));
    out.line(tr("Release with: gpupoolctl release LEASE_ID"));
    m_run.finish(0);
}

} // namespace

void request(Run &run)
{
    const Invocation &inv = run.invocation();
    const int formats = int(inv.isSet(QStringLiteral("export"))) + int(inv.isSet(QStringLiteral("short"))) + int(inv.json);
    if (formats > 1)
        return run.usageError(tr("request: --export, --short and --json each choose the output; give one"));
    pool::ReserveRequest request;
    request.kind = lease::LeaseKind::Interactive;
    if (inv.isSet(QStringLiteral("count"))) {
        bool ok = false;
        request.count = inv.value(QStringLiteral("count")).toInt(&ok);
        if (!ok || request.count < 1 || request.count > maxCount)
            return run.usageError(tr("--count: \"%1\" is not valid: expected a whole number from 1 to %2")
                                      .arg(inv.value(QStringLiteral("count")))
                                      .arg(maxCount));
    }
    if (inv.isSet(QStringLiteral("min-memory")) && inv.isSet(QStringLiteral("min-memory-mib")))
        return run.usageError(tr("--min-memory and --min-memory-mib: give one of them"));
    if (inv.isSet(QStringLiteral("min-memory"))) {
        bool ok = false;
        const double gb = inv.value(QStringLiteral("min-memory")).toDouble(&ok);
        if (!ok || !std::isfinite(gb) || gb <= 0 || gb > maxMemoryGb)
            return run.usageError(tr("--min-memory: \"%1\" is not valid: expected a number of GB greater than 0 "
                                     "and at most %2")
                                      .arg(inv.value(QStringLiteral("min-memory")))
                                      .arg(maxMemoryGb));
        request.filter.minMemoryMb = balance::mibForDecimalGb(gb);
    }
    if (inv.isSet(QStringLiteral("min-memory-mib"))) {
        bool ok = false;
        const qint64 mib = inv.value(QStringLiteral("min-memory-mib")).toLongLong(&ok);
        if (!ok || mib <= 0 || mib > balance::mibForDecimalGb(maxMemoryGb))
            return run.usageError(tr("--min-memory-mib: \"%1\" is not valid: expected a whole number of MiB "
                                     "greater than 0 and at most %2")
                                      .arg(inv.value(QStringLiteral("min-memory-mib")))
                                      .arg(balance::mibForDecimalGb(maxMemoryGb)));
        request.filter.minMemoryMb = mib;
    }
    request.filter.nameContains = inv.value(QStringLiteral("name")).trimmed();
    QStringList known;
    for (const config::EndpointSpec &e : run.resolution().settings.endpoints)
        known.append(e.id);
    for (const QString &id : inv.values(QStringLiteral("endpoint"))) {
        if (id.contains(QLatin1String("://")))
            return run.usageError(tr("request --endpoint takes an endpoint id (%1), not a URL \"%2\"; to choose the "
                                     "server, put --endpoint URL before the command")
                                      .arg(known.join(QLatin1String(", ")), id));
        if (!known.contains(id))
            return run.usageError(
                tr("--endpoint: unknown endpoint \"%1\"; endpoints: %2").arg(id, known.join(QLatin1String(", "))));
        request.filter.endpointIds.append(id);
    }
    QString error;
    if (inv.isSet(QStringLiteral("ttl"))) {
        cli::DurationRules rules;
        rules.minMs = cli::msPerSecond;
        const std::optional<qint64> ttl = cli::parseDuration(inv.value(QStringLiteral("ttl")), u"--ttl", rules, &error);
        if (!ttl)
            return run.usageError(error);
        request.durationMs = *ttl;
    }
    qint64 waitMs = 0;
    if (inv.isSet(QStringLiteral("wait"))) {
        cli::DurationRules rules;
        rules.minMs = 0;
        rules.maxMs = static_cast<qint64>(config::limits::maxSeconds) * cli::msPerSecond;
        const std::optional<qint64> wait = cli::parseDuration(inv.value(QStringLiteral("wait")), u"--wait", rules, &error);
        if (!wait)
            return run.usageError(error);
        waitMs = *wait;
    }
    request.note = inv.value(QStringLiteral("note"));
    request.partial = inv.isSet(QStringLiteral("partial"));

    auto *pending = new Request(run, request, waitMs);
    run.refresh([pending](const pool::RefreshResult &result) { pending->begin(result); });
}

} // namespace gpupool::ctl::commands
