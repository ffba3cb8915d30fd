#include "reservation.h"

#include "run.h"

#include "balance/endpointview.h"
#include "cli/duration.h"
#include "config/settings.h"

#include <cmath>

namespace gpupool::ctl {

namespace {

constexpr int maxCount = 1024;
constexpr double maxMemoryGb = 4096;

} // namespace

bool parseGpuFilter(Run &run, balance::GpuFilter *filter)
{
    const Invocation &inv = run.invocation();
    if (inv.isSet(QStringLiteral("min-memory")) && inv.isSet(QStringLiteral("min-memory-mib"))) {
        run.usageError(Reservation::tr("--min-memory and --min-memory-mib: give one of them"));
        return false;
    }
    if (inv.isSet(QStringLiteral("min-memory"))) {
        bool ok = false;
        const double gb = inv.value(QStringLiteral("min-memory")).toDouble(&ok);
        if (!ok || !std::isfinite(gb) || gb <= 0 || gb > maxMemoryGb) {
            run.usageError(Reservation::tr("--min-memory: \"%1\" is not valid: expected a number of GB greater "
                                           "than 0 and at most %2")
                               .arg(inv.value(QStringLiteral("min-memory")))
                               .arg(maxMemoryGb));
            return false;
        }
        filter->minMemoryMb = balance::mibForDecimalGb(gb);
    }
    if (inv.isSet(QStringLiteral("min-memory-mib"))) {
        bool ok = false;
        const qint64 mib = inv.value(QStringLiteral("min-memory-mib")).toLongLong(&ok);
        if (!ok || mib <= 0 || mib > balance::mibForDecimalGb(maxMemoryGb)) {
            run.usageError(Reservation::tr("--min-memory-mib: \"%1\" is not valid: expected a whole number of "
                                           "MiB greater than 0 and at most %2")
                               .arg(inv.value(QStringLiteral("min-memory-mib")))
                               .arg(balance::mibForDecimalGb(maxMemoryGb)));
            return false;
        }
        filter->minMemoryMb = mib;
    }
    filter->nameContains = inv.value(QStringLiteral("name")).trimmed();
    QStringList known;
    for (const config::EndpointSpec &e : run.resolution().settings.endpoints)
        known.append(e.id);
    for (const QString &id : inv.values(QStringLiteral("endpoint"))) {
        if (id.contains(QLatin1String("://"))) {
            run.usageError(Reservation::tr("%1 --endpoint takes an endpoint id (%2), not a URL \"%3\"; to choose "
                                           "the server, put --endpoint URL before the command")
                               .arg(inv.command, known.join(QLatin1String(", ")), id));
            return false;
        }
        if (!known.contains(id)) {
            run.usageError(Reservation::tr("--endpoint: unknown endpoint \"%1\"; endpoints: %2")
                               .arg(id, known.join(QLatin1String(", "))));
            return false;
        }
        filter->endpointIds.append(id);
    }
    return true;
}

bool parseReserveOptions(Run &run, pool::ReserveRequest *request, qint64 *waitMs)
{
    const Invocation &inv = run.invocation();
    if (inv.isSet(QStringLiteral("count"))) {
        bool ok = false;
        request->count = inv.value(QStringLiteral("count")).toInt(&ok);
        if (!ok || request->count < 1 || request->count > maxCount) {
            run.usageError(Reservation::tr("--count: \"%1\" is not valid: expected a whole number from 1 to %2")
                               .arg(inv.value(QStringLiteral("count")))
                               .arg(maxCount));
            return false;
        }
    }
    if (!parseGpuFilter(run, &request->filter))
        return false;
    QString error;
    if (inv.isSet(QStringLiteral("ttl"))) {
        cli::DurationRules rules;
        rules.minMs = cli::msPerSecond;
        const std::optional<qint64> ttl = cli::parseDuration(inv.value(QStringLiteral("ttl")), u"--ttl", rules, &error);
        if (!ttl) {
            run.usageError(error);
            return false;
        }
        request->durationMs = *ttl;
    }
    if (inv.isSet(QStringLiteral("wait"))) {
        cli::DurationRules rules;
        rules.minMs = 0;
        rules.maxMs = static_cast<qint64>(config::limits::maxSeconds) * cli::msPerSecond;
        const std::optional<qint64> wait
            = cli::parseDuration(inv.value(QStringLiteral("wait")), u"--wait", rules, &error);
        if (!wait) {
            run.usageError(error);
            return false;
        }
        *waitMs = *wait;
    }
    if (inv.isSet(QStringLiteral("note")))
        request->note = inv.value(QStringLiteral("note"));
    request->partial = inv.isSet(QStringLiteral("partial"));
    return true;
}

GpuUsage::GpuUsage(const QList<lease::Lease> &leases)
{
    for (const lease::Lease &l : leases) {
        if (!devices.contains(l.endpointId))
            endpoints.append(l.endpointId);
        devices[l.endpointId].append(QString::number(l.localGpuId));
    }
}

QList<QPair<QString, QString>> usageVariables(Run &run, const QList<lease::Lease> &leases)
{
    const GpuUsage usage(leases);
    QStringList ids, gpuIds, hosts;
    for (const lease::Lease &l : leases) {
        ids.append(l.id);
        gpuIds.append(run.pool().displayGpuId(l));
        hosts.append(run.hostOf(l.endpointId));
    }
    const QString first = usage.endpoints.value(0);
    return {
        { QStringLiteral("CUDA_VISIBLE_DEVICES"), usage.devicesOf(first) },
        // The ids are nvidia-smi's, which counts in PCI bus order; CUDA's own
        // default order (fastest first) may number the same cards otherwise.
        { QStringLiteral("CUDA_DEVICE_ORDER"), QStringLiteral("PCI_BUS_ID") },
        { QStringLiteral("GPUPOOL_LEASE_IDS"), ids.join(QLatin1Char(',')) },
        { QStringLiteral("GPUPOOL_GPU_IDS"), gpuIds.join(QLatin1Char(',')) },
        { QStringLiteral("GPUPOOL_HOST"), run.hostOf(first) },
        // One per lease, in the order of GPUPOOL_GPU_IDS.
        { QStringLiteral("GPUPOOL_HOSTS"), hosts.join(QLatin1Char(',')) },
    };
}

Reservation::Reservation(Run &run, pool::ReserveRequest request, qint64 waitMs, Granted granted)
    : QObject(&run)
    , m_run(run)
    , m_request(std::move(request))
    , m_waitMs(waitMs)
    , m_granted(std::move(granted))
{
}

void Reservation::start()
{
    m_run.refresh([this](const pool::RefreshResult &result) { begin(result); });
}

void Reservation::begin(const pool::RefreshResult &result)
{
    if (result.endpoints > 0 && !result.anyReachable() && m_waitMs <= 0) {
        m_run.noEndpointReachable(result);
        return;
    }
    tryReserve();
}

void Reservation::tryReserve()
{
    if (m_done)
        return;
    const pool::Result<QList<lease::Lease>> r = m_run.pool().reserve(m_request);
    if (r) {
        finishWith(*r);
        return;
    }
    if (r.code() == pool::ErrorCode::NotEnoughGpus && m_waitMs > 0) {
        startWaiting();
        return;
    }
    m_done = true;
    m_run.fail(r.error());
}

void Reservation::startWaiting()
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
    // In the store's queue, shared with every program on it: oldest first,
    // and a waiter holds back only the free GPUs it could use
    // (lease/allocator.h, "Waiting").
    QObject::connect(&pool, &pool::Pool::requestQueued, &pool, [this](pool::RequestId, int position) {
        if (!m_done)
            m_run.out().progress(position == 0 ? tr("First in the store's queue (gpupoolctl queue lists it).")
                                               : tr("%1 request(s) ahead in the store's queue (gpupoolctl queue "
                                                    "lists them).")
                                                     .arg(position));
    });
    pool.requestGpus(m_request, m_waitMs, [this](const pool::Result<QList<lease::Lease>> &r) {
        if (m_done)
            return;
        if (r) {
            finishWith(*r);
            return;
        }
        m_done = true;
        m_run.fail(r.error());
    });
}

void Reservation::finishWith(const QList<lease::Lease> &leases)
{
    m_done = true;
    m_granted(leases);
}

} // namespace gpupool::ctl
