#include "job.h"

#include "run.h"

#include "cli/duration.h"
#include "util/logging.h"
#include "views.h"

#include <algorithm>
#include <csignal>
#include <cstring>
#include <limits>
#include <sys/prctl.h>
#include <unistd.h>

namespace gpupool::ctl {

namespace {

// The store could not be reached: try again sooner than the heartbeat.
qint64 retryMs(qint64 ttlMs)
{
    return std::max<qint64>(500, ttlMs / 12);
}

bool isGone(pool::ErrorCode code)
{
    return code == pool::ErrorCode::UnknownLease || code == pool::ErrorCode::AlreadyEnded
        || code == pool::ErrorCode::NotOwner;
}

} // namespace

Job::Job(Run &run, QList<lease::Lease> leases, JobOptions options)
    : QObject(&run)
    , m_run(run)
    , m_leases(std::move(leases))
    , m_options(std::move(options))
{
    m_heartbeat.setSingleShot(true);
    m_grace.setSingleShot(true);
    connect(&m_heartbeat, &QTimer::timeout, this, &Job::heartbeat);
    connect(&m_grace, &QTimer::timeout, this, [this] {
        signalChild(SIGKILL, tr("it did not end within %1").arg(cli::formatDuration(m_options.graceMs)));
    });
    connect(&m_child, &QProcess::finished, this, &Job::childFinished);
    connect(&m_child, &QProcess::errorOccurred, this, &Job::childFailed);
    // A Pool that watches the store sees a revocation before the next beat.
    connect(&m_run.pool(), &pool::Pool::leasesChanged, this, [this] {
        if (m_lost || m_finished)
            return;
        for (const lease::Lease &l : std::as_const(m_leases))
            if (!m_run.pool().findLease(l.id)) {
                heartbeat();
                return;
            }
    });
}

qint64 Job::heartbeatMs(qint64 ttlMs)
{
    return std::max<qint64>(200, ttlMs / 3);
}

void Job::start()
{
    m_child.setProgram(m_options.program);
    m_child.setArguments(m_options.arguments);
    m_child.setProcessEnvironment(m_options.environment);
    // The command's output is its own, straight to the terminal or pipe.
    m_child.setProcessChannelMode(QProcess::ForwardedChannels);
    m_child.setInputChannelMode(QProcess::ForwardedInputChannel);
    const int lostSignal = m_options.onLostSignal;
    const pid_t parent = ::getpid();
    m_child.setChildProcessModifier([lostSignal, parent] {
        // In the child, before exec: async-signal-safe calls only. If
        // gpupoolctl dies (kill -9), nobody renews the lease; the command
        // hears of it now rather than share the GPU when the lease expires.
        if (lostSignal == 0)
            return;
        ::prctl(PR_SET_PDEATHSIG, lostSignal);
        if (::getppid() != parent)
            ::raise(lostSignal); // gpupoolctl died before the line above
    });
    m_started.start();
    m_child.start();
    if (!m_child.waitForStarted(-1))
        return; // childFailed() has ended it
    m_childPid = m_child.processId();
    qCDebug(lcCtl) << "job started, pid" << m_childPid << "heartbeat every" << heartbeatMs(m_options.ttlMs) << "ms";
    m_heartbeat.start(int(heartbeatMs(m_options.ttlMs)));
}

void Job::heartbeat()
{
    if (m_lost || m_finished)
        return;
    pool::Pool &pool = m_run.pool();
    const qint64 now = Run::nowMs();
    QString trouble;
    for (lease::Lease &l : m_leases) {
        const pool::Result<lease::Lease> r = pool.renew(l.id, m_options.ttlMs);
        if (r) {
            l.expiresMs = r->expiresMs;
            continue;
        }
        if (isGone(r.code())) {
            leaseLost(tr("lease %1 on GPU %2 ended elsewhere: %3").arg(l.id, pool.displayGpuId(l), r.error().message));
            return;
        }
        trouble = r.error().message;
    }
    if (trouble.isEmpty()) {
        if (m_storeTrouble)
            m_run.out().progress(tr("gpupoolctl: the store answers again; the lease is renewed"));
        m_storeTrouble = false;
        m_heartbeat.start(int(heartbeatMs(m_options.ttlMs)));
        return;
    }
    qint64 ends = std::numeric_limits<qint64>::max();
    for (const lease::Lease &l : std::as_const(m_leases))
        ends = std::min(ends, l.expiresMs);
    if (ends <= now) {
        leaseLost(
            tr("it expired at %1 while the store could not be reached: %2").arg(views::localTime(ends, now), trouble));
        return;
    }
    if (!m_storeTrouble)
        m_run.out().warning(tr("cannot renew the lease: %1; trying again every %2 (it ends %3 unless renewed)")
                                .arg(trouble, cli::formatDuration(retryMs(m_options.ttlMs)), views::in(ends - now)));
    m_storeTrouble = true;
    m_heartbeat.start(int(retryMs(m_options.ttlMs)));
}

void Job::leaseLost(const QString &why)
{
    m_lost = true;
    m_heartbeat.stop();
    qCWarning(lcCtl).noquote() << "lease lost:" << why;
    m_run.out().warning(tr("the job's lease is lost: %1").arg(why));
    if (m_options.onLostSignal != 0)
        signalChild(m_options.onLostSignal, tr("its lease is lost"));
    else
        m_run.out().warning(tr("the command goes on without its GPUs (--on-lost none)"));
}

void Job::signalChild(int signalNumber, const QString &why)
{
    if (m_childPid <= 0 || m_finished)
        return;
    qCDebug(lcCtl).noquote() << "signal" << signalNumber << "to" << m_childPid << "because" << why;
    if (signalNumber == SIGKILL)
        m_run.out().warning(tr("killing the command: %1").arg(why));
    ::kill(pid_t(m_childPid), signalNumber);
}

void Job::handleSignal(int signalNumber, bool sentByKernel)
{
    if (m_childPid <= 0 || m_finished)
        return;
    // A terminal's Ctrl-C, Ctrl-\ or hangup went to the command as well
    // (one foreground process group): it must not hear it twice.
    if (!sentByKernel)
        signalChild(signalNumber, tr("gpupoolctl got SIG%1").arg(QString::fromLatin1(::sigabbrev_np(signalNumber))));
    // A Ctrl-C is the command's to handle (a shell or a debugger inside goes
    // on); anything else asks it to end.
    if (signalNumber == SIGINT && sentByKernel)
        return;
    if (!m_stopping) {
        m_stopping = true;
        m_grace.start(int(m_options.graceMs));
    }
}

void Job::childFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_finished)
        return;
    const int exitStatus = status == QProcess::CrashExit ? 128 + exitCode : exitCode;
    qCDebug(lcCtl) << "job ended after" << m_started.elapsed() << "ms with status" << exitStatus;
    releaseAndFinish(exitStatus);
}

void Job::childFailed(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || m_finished)
        return;
    m_run.out().warning(tr("cannot run \"%1\": %2").arg(m_options.program, m_child.errorString()));
    releaseAndFinish(cli::code(cli::ExitStatus::CannotExecute));
}

void Job::releaseAndFinish(int exitStatus)
{
    m_finished = true;
    m_heartbeat.stop();
    m_grace.stop();
    if (!m_lost) {
        pool::ReleaseOptions options;
        options.asProgram = true;
        const qint64 now = Run::nowMs();
        for (const lease::Lease &l : std::as_const(m_leases)) {
            const pool::Result<lease::LeaseEnd> r = m_run.pool().releaseGpu(l, options);
            if (!r && !r.error().isWarning())
                m_run.out().warning(tr("cannot release lease %1: %2; it ends by itself %3")
                                        .arg(l.id, r.error().message, views::in(l.expiresMs - now)));
        }
    }
    m_run.finish(exitStatus);
}

} // namespace gpupool::ctl
