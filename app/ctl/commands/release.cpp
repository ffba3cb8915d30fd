// release LEASE_ID | release --gpu GLOBAL_ID | release --all, and
// renew LEASE_ID [--ttl D]: only ever one's own leases. A LEASE_ID may be the
// start of one (as git takes a commit's), when no other lease of yours starts so.

#include "commands/commands.h"
#include "jsonout.h"
#include "run.h"
#include "views.h"

#include "cli/duration.h"
#include "config/gpuid.h"

#include <QCoreApplication>
#include <QJsonArray>

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

// Fewer characters could name a lease by a slip of the keyboard.
constexpr qsizetype minPrefix = 4;

// The lease `typed` names: an id of any lease as it is, or the start of
// exactly one of the caller's. nullopt after a usage error (the run has ended).
std::optional<QString> resolveLeaseId(Run &run, const QString &typed)
{
    pool::Pool &pool = run.pool();
    QStringList mine;
    for (const lease::Lease &l : pool.activeLeases()) {
        if (l.id == typed)
            return typed;
        if (l.owner == pool.owner() && typed.size() >= minPrefix && l.id.startsWith(typed, Qt::CaseInsensitive))
            mine.append(l.id);
    }
    if (mine.size() == 1)
        return mine.first();
    if (mine.size() > 1) {
        run.usageError(tr("%1 is the start of %2 of your leases (%3): give more of it")
                           .arg(typed)
                           .arg(mine.size())
                           .arg(mine.join(QLatin1String(", "))));
        return std::nullopt;
    }
    return typed; // no such lease: the pool says so, in its words
}

// release --all: every lease of the caller's but a running job's (its
// command would lose its GPUs; end the command to release them).
void releaseAll(Run &run)
{
    pool::Pool &pool = run.pool();
    QJsonArray released;
    QStringList failures;
    int jobs = 0;
    for (const lease::Lease &l : pool.activeLeases()) {
        if (l.owner != pool.owner())
            continue;
        if (l.kind == lease::LeaseKind::Job) {
            ++jobs;
            continue;
        }
        const pool::Result<lease::LeaseEnd> ended = pool.releaseGpu(l.id);
        if (!ended) {
            if (!ended.error().isWarning()) // gone meanwhile: nothing to release
                failures.append(tr("%1 (GPU %2): %3").arg(l.id, pool.displayGpuId(l), ended.error().message));
            continue;
        }
        released.append(json::leaseEnd(*ended, pool.displayGpuId(ended->lease)));
        if (!run.out().json())
            run.out().line(tr("Released lease %1 (GPU %2).").arg(ended->lease.id, pool.displayGpuId(ended->lease)));
    }
    if (run.out().json()) {
        run.out().printJson({ { QStringLiteral("released"), released },
                              { QStringLiteral("jobs_kept"), jobs },
                              { QStringLiteral("failed"), QJsonArray::fromStringList(failures) } });
    } else {
        if (released.isEmpty() && failures.isEmpty())
            run.out().line(tr("You (%1) hold no lease to release.").arg(pool.owner()));
        if (jobs > 0)
            run.out().line(
                QCoreApplication::translate("gpupool::ctl::Release",
                                            "Kept %n job lease(s): gpupoolctl run releases them when their command "
                                            "ends.",
                                            nullptr, jobs));
        for (const QString &f : std::as_const(failures))
            run.out().warning(tr("cannot release %1").arg(f));
    }
    run.finish(failures.isEmpty() ? 0 : cli::code(cli::ExitStatus::Failure));
}

} // namespace

void release(Run &run)
{
    const Invocation &inv = run.invocation();
    const bool byGpu = inv.isSet(QStringLiteral("gpu"));
    const bool all = inv.isSet(QStringLiteral("all"));
    const int given = int(byGpu) + int(all) + int(!inv.positional.isEmpty());
    if (given == 0)
        return run.usageError(tr("release: missing LEASE_ID (or --gpu GLOBAL_ID, or --all)"));
    if (given > 1)
        return run.usageError(tr("release: give one of LEASE_ID, --gpu GLOBAL_ID and --all, not several"));
    if (all)
        return run.refresh([&run](const pool::RefreshResult &) { releaseAll(run); });
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
        const std::optional<QString> found
            = byGpu ? leaseOnGpu(run, gpuText) : resolveLeaseId(run, run.invocation().positional.value(0));
        if (!found)
            return;
        const QString leaseId = *found;
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
        const std::optional<QString> leaseId = resolveLeaseId(run, run.invocation().positional.value(0));
        if (!leaseId)
            return;
        const pool::Result<lease::Lease> renewed = pool.renew(*leaseId, durationMs);
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
