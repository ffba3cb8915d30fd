// recover ENDPOINT_ID: probe one endpoint now; recovery-status: the
// error-recovery summary, exactly as docs/behaviour.md writes it.

#include "commands/commands.h"
#include "jsonout.h"
#include "run.h"

#include "endpoint/endpoint.h"

#include <QCoreApplication>
#include <QTimer>
#include <cmath>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Recovery", text);
}

std::optional<pool::EndpointInfo> info(Run &run, const QString &id)
{
    for (const pool::EndpointInfo &e : run.pool().poolStatus().endpoints)
        if (e.id == id)
            return e;
    return std::nullopt;
}

void report(Run &run, const QString &id, bool triggered)
{
    const std::optional<pool::EndpointInfo> e = info(run, id);
    if (!e)
        return run.fail(cli::ExitStatus::Failure, QStringLiteral("unknown_endpoint"),
                        tr("Endpoint %1 is not known to the pool").arg(id));
    // Answered since this run began: a half-open breaker after one good probe
    // is not "healthy" yet, but the endpoint is reachable.
    const bool reachable = !e->misconfigured && e->lastSeenAgeMs >= 0 && e->lastSeenAgeMs <= run.elapsedMs();
    const QString state = endpoint::stateName(e->breaker);
    if (run.out().json()) {
        QJsonObject o = json::endpoint(*e);
        o.insert(QStringLiteral("recovery_triggered"), triggered);
        o.insert(QStringLiteral("reachable"), reachable);
        run.out().printJson(o);
    } else if (reachable) {
        const QString response = e->responseTimeMs ? tr(", %1 ms").arg(std::lround(*e->responseTimeMs)) : QString();
        run.out().line(tr("%1: %2, breaker %3, %4 GPUs (%5 available)%6.")
                           .arg(id, run.out().paint(cli::Style::Good, tr("reachable")), state)
                           .arg(e->totalGpus)
                           .arg(e->availableGpus)
                           .arg(response));
    } else {
        run.out().line(tr("%1: %2: %3 (breaker %4).")
                           .arg(id, run.out().paint(cli::Style::Bad, tr("not reachable")), e->reason, state));
    }
    if (reachable)
        return run.finish(0);
    if (e->misconfigured)
        return run.fail(cli::ExitStatus::Failure, QStringLiteral("endpoint_misconfigured"),
                        tr("Endpoint %1 answers but is misconfigured: %2").arg(id, e->reason));
    run.fail(cli::ExitStatus::NoEndpoint, pool::errorCodeName(pool::ErrorCode::NoEndpointReachable),
             tr("Endpoint %1 is not reachable: %2").arg(id, e->reason));
}

} // namespace

void recover(Run &run)
{
    const QString id = run.invocation().positional.value(0);
    QStringList known;
    for (const config::EndpointSpec &e : run.resolution().settings.endpoints)
        known.append(e.id);
    if (!known.contains(id))
        return run.fail(cli::ExitStatus::Usage, pool::errorCodeName(pool::ErrorCode::UnknownEndpoint),
                        tr("Unknown endpoint: %1. Endpoints: %2").arg(id, known.join(QLatin1String(", "))));
    run.refresh([&run, id](const pool::RefreshResult &) {
        pool::Pool &pool = run.pool();
        const std::optional<pool::EndpointInfo> before = info(run, id);
        if (!before || before->breaker != endpoint::BreakerState::Open) {
            // The breaker is not open: the poll just made was the probe.
            const pool::Result<bool> triggered = pool.triggerEndpointRecovery(id);
            if (!triggered)
                return run.fail(triggered.error());
            return report(run, id, false);
        }
        // An open breaker goes half-open and probes at once. Endpoints only
        // probe while the pool runs, so run it; wait for the probe's answer,
        // never longer than the endpoint timeout (and a second).
        if (const pool::Status status = pool.start())
            return run.fail(*status);
        auto *timer = new QTimer(&run);
        timer->setSingleShot(true);
        const auto done = [&run, id, timer] {
            if (!timer->isActive())
                return;
            timer->stop();
            report(run, id, true);
        };
        QObject::connect(&pool, &pool::Pool::endpointUpdated, timer, [done, id](const QString &endpointId) {
            if (endpointId == id)
                done();
        });
        QObject::connect(&pool, &pool::Pool::breakerTransition, timer,
                         [done, id](const QString &endpointId, const endpoint::Transition &t) {
                             // open -> half_open is the trigger itself, not the probe's answer.
                             if (endpointId == id && t.from == endpoint::BreakerState::HalfOpen)
                                 done();
                         });
        QObject::connect(timer, &QTimer::timeout, &run, [&run, id] { report(run, id, true); });
        timer->start(static_cast<int>(run.resolution().settings.endpointTimeoutSeconds * 1000) + 1000);
        const pool::Result<bool> triggered = pool.triggerEndpointRecovery(id);
        if (!triggered) {
            timer->stop();
            run.fail(triggered.error());
        }
    });
}

void recoveryStatus(Run &run)
{
    run.refresh([&run](const pool::RefreshResult &result) {
        pool::Pool &pool = run.pool();
        const QString text = pool.recoverySummary();
        if (run.out().json())
            run.out().printJson(json::recovery(pool.errorRecoveryStatus(), text));
        else
            run.out().print(text.endsWith(QLatin1Char('\n')) ? text : text + QLatin1Char('\n'));
        if (result.endpoints > 0 && !result.anyReachable())
            run.noEndpointReachable(result);
        else
            run.finish(0);
    });
}

} // namespace gpupool::ctl::commands
