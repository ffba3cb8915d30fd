// release LEASE_ID | release --gpu GLOBAL_ID, and renew LEASE_ID [--ttl D]:
// only ever one's own lease.

#include "commands/commands.h"
#include "jsonout.h"
#include "run.h"
#include "views.h"

#include "cli/duration.h"
#include "config/gpuid.h"

#include <QCoreApplication>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Release", text);
}

// The lease id that `release --gpu ID` means: the caller's lease on that GPU.
// "0" is accepted in single-endpoint mode, "ep:0" in both.
std::optional<QString> leaseOnGpu(Run &run, const QString &gpuText)
{
    pool::Pool &pool = run.pool();
    for (const lease::Lease &l : pool.activeLeases()) {
        if (l.gpuId() != gpuText && pool.displayGpuId(l) != gpuText)
            continue;
        if (l.owner == pool.owner())
            return l.id;
        run.fail(cli::ExitStatus::Failure, pool::errorCodeName(pool::ErrorCode::NotOwner),
                 tr("GPU %1 is leased by %2, not by you (%3); gpupoolctl never releases someone else's lease")
                     .arg(gpuText, l.owner, pool.owner()));
        return std::nullopt;
    }
    run.fail(cli::ExitStatus::Failure, pool::errorCodeName(pool::ErrorCode::UnknownLease),
             tr("You (%1) hold no lease on GPU %2").arg(pool.owner(), gpuText));
    return std::nullopt;
}

} // namespace

void release(Run &run)
{
    const Invocation &inv = run.invocation();
    const bool byGpu = inv.isSet(QStringLiteral("gpu"));
    if (byGpu == !inv.positional.isEmpty())
        return run.usageError(byGpu ? tr("release: give either LEASE_ID or --gpu GLOBAL_ID, not both")
                                    : tr("release: missing LEASE_ID (or --gpu GLOBAL_ID)"));
    QString gpuText;
    if (byGpu) {
        gpuText = inv.value(QStringLiteral("gpu")).trimmed();
        QString error;
        const bool single = run.resolution().settings.mode == config::Mode::SingleEndpoint;
        const bool valid = single && !gpuText.contains(QLatin1Char(':'))
            ? config::parseLocalGpuId(gpuText, &error).has_value()
            : config::parseGlobalGpuId(gpuText, &error).has_value();
        if (!valid)
            return run.usageError(QStringLiteral("--gpu: ") + error);
    }
    run.refresh([&run, byGpu, gpuText](const pool::RefreshResult &) {
        QString leaseId = run.invocation().positional.value(0);
        if (byGpu) {
            const std::optional<QString> found = leaseOnGpu(run, gpuText);
            if (!found)
                return;
            leaseId = *found;
        }
        pool::Pool &pool = run.pool();
        const pool::Result<lease::LeaseEnd> ended = pool.releaseGpu(leaseId);
        if (!ended)
            return run.fail(ended.error());
        if (run.out().json())
            run.out().printJson(
                { { QStringLiteral("released"), json::leaseEnd(*ended, pool.displayGpuId(ended->lease)) } });
        else
            run.out().line(tr("Released lease %1 (GPU %2).").arg(ended->lease.id, pool.displayGpuId(ended->lease)));
        run.finish(0);
    });
}

void renew(Run &run)
{
    const Invocation &inv = run.invocation();
    qint64 durationMs = 0;
    if (inv.isSet(QStringLiteral("ttl"))) {
        cli::DurationRules rules;
        rules.minMs = cli::msPerSecond;
        QString error;
        const std::optional<qint64> ttl = cli::parseDuration(inv.value(QStringLiteral("ttl")), u"--ttl", rules, &error);
        if (!ttl)
            return run.usageError(error);
        durationMs = *ttl;
    }
    run.refresh([&run, durationMs](const pool::RefreshResult &) {
        pool::Pool &pool = run.pool();
        const pool::Result<lease::Lease> renewed = pool.renew(run.invocation().positional.value(0), durationMs);
        if (!renewed)
            return run.fail(renewed.error());
        const qint64 now = Run::nowMs();
        if (run.out().json())
            run.out().printJson(
                { { QStringLiteral("lease"), json::lease(*renewed, pool.displayGpuId(*renewed), now) } });
        else
            run.out().line(tr("Renewed lease %1 (GPU %2): expires %3 (%4).")
                               .arg(renewed->id, pool.displayGpuId(*renewed), views::in(renewed->expiresMs - now),
                                    views::localTime(renewed->expiresMs, now)));
        run.finish(0);
    });
}

} // namespace gpupool::ctl::commands
