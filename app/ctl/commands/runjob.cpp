// run: lease GPUs for the life of one command (a "job" lease on a short
// expiry, kept alive by a heartbeat), run it with the leases' variables,
// release when it ends, and exit with its status.

#include "commands/commands.h"
#include "job.h"
#include "reservation.h"
#include "run.h"

#include "cli/duration.h"
#include "util/logging.h"
#include "util/signalwatcher.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <csignal>
#include <cstring>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::RunJob", text);
}

constexpr qint64 defaultTtlMs = 2 * cli::msPerMinute;
constexpr qint64 defaultGraceMs = 10 * cli::msPerSecond;
constexpr qsizetype maxNoteLength = 200;

// "TERM", "SIGTERM", "term" or "15"; 0 for "none"; -1 when not a signal.
int signalFromName(const QString &text)
{
    const QString name = text.trimmed().toUpper();
    if (name == QLatin1String("NONE"))
        return 0;
    bool isNumber = false;
    const int number = name.toInt(&isNumber);
    if (isNumber)
        return number > 0 && number < NSIG ? number : -1;
    const QString bare = name.startsWith(QLatin1String("SIG")) ? name.mid(3) : name;
    for (int s = 1; s < NSIG; ++s)
        if (const char *abbrev = ::sigabbrev_np(s); abbrev && bare == QLatin1String(abbrev))
            return s;
    return -1;
}

// The command line as a shell would read it back, for the lease's note.
QString shellQuoted(const QStringList &words)
{
    QStringList quoted;
    for (const QString &w : words) {
        static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./=:,+@%-]+$"));
        quoted.append(plain.match(w).hasMatch() ? w
                                                : QLatin1Char('\'')
                              + QString(w).replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\''));
    }
    QString line = quoted.join(QLatin1Char(' '));
    if (line.size() > maxNoteLength)
        line = line.left(maxNoteLength - 1) + QChar(0x2026);
    return line;
}

// What PATH makes of the command (as the shell would), before anything is leased.
QString findProgram(const QString &name)
{
    if (name.contains(QLatin1Char('/')))
        return QFileInfo(name).isFile() ? name : QString();
    return QStandardPaths::findExecutable(name);
}

// The run from the first signal on: before the command starts, a signal
// ends the wait (and nothing is leased); then the job handles them.
class RunJob final : public QObject
{
public:
    RunJob(Run &run, JobOptions options) : QObject(&run), m_run(run), m_options(std::move(options))
    {
        connect(&m_signals, &util::SignalWatcher::signalReceived, this, [this](int signalNumber, bool byKernel) {
            if (m_job) {
                m_job->handleSignal(signalNumber, byKernel);
                return;
            }
            qCDebug(lcCtl) << "signal" << signalNumber << "while waiting for GPUs";
            m_run.finish(128 + signalNumber);
        });
    }

    void granted(const QList<lease::Lease> &leases);

private:
    Run &m_run;
    JobOptions m_options;
    util::SignalWatcher m_signals { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    Job *m_job = nullptr;
};

void RunJob::granted(const QList<lease::Lease> &leases)
{
    pool::Pool &pool = m_run.pool();
    // From now on only the store matters: it is watched (a revocation is
    // seen at once) and the endpoints are no longer polled.
    pool.setPollingPaused(true);
    if (const pool::Status status = pool.start(); status && status->code != pool::ErrorCode::AlreadyRunning)
        qCDebug(lcCtl) << "the store is not watched:" << status->message;

    const QList<QPair<QString, QString>> variables = usageVariables(m_run, leases);
    QStringList summary;
    for (const auto &[name, value] : variables) {
        m_options.environment.insert(name, value);
        if (name == QLatin1String("CUDA_VISIBLE_DEVICES") || name == QLatin1String("GPUPOOL_GPU_IDS"))
            summary.append(name + QLatin1Char('=') + value);
    }
    const GpuUsage usage(leases);
    for (const QString &endpointId : usage.endpoints.mid(1))
        m_run.out().warning(
            tr("the GPUs on %1 (%2) are not in CUDA_VISIBLE_DEVICES, which is %3's: "
               "CUDA_VISIBLE_DEVICES=%4 there")
                .arg(m_run.hostOf(endpointId), endpointId, usage.endpoints.constFirst(), usage.devicesOf(endpointId)));
    m_run.out().progress(tr("gpupoolctl: running on %1 (%2) with %3; job lease renewed every %4")
                             .arg(m_run.hostOf(usage.endpoints.constFirst()), usage.endpoints.constFirst(),
                                  summary.join(QLatin1Char(' ')),
                                  cli::formatDuration(Job::heartbeatMs(m_options.ttlMs))));
    m_job = new Job(m_run, leases, m_options);
    m_job->start();
}

} // namespace

void runJob(Run &run)
{
    const Invocation &inv = run.invocation();
    pool::ReserveRequest request;
    request.kind = lease::LeaseKind::Job;
    request.durationMs = defaultTtlMs;
    request.note = shellQuoted(inv.positional);
    qint64 waitMs = 0;
    if (!parseReserveOptions(run, &request, &waitMs))
        return;
    // A process sees only its own host's GPUs.
    request.oneEndpoint = !inv.isSet(QStringLiteral("allow-spread"));

    JobOptions options;
    options.ttlMs = request.durationMs;
    options.graceMs = defaultGraceMs;
    if (inv.isSet(QStringLiteral("grace"))) {
        cli::DurationRules rules;
        rules.minMs = 0;
        QString error;
        const std::optional<qint64> grace
            = cli::parseDuration(inv.value(QStringLiteral("grace")), u"--grace", rules, &error);
        if (!grace)
            return run.usageError(error);
        options.graceMs = *grace;
    }
    options.onLostSignal = SIGTERM;
    if (inv.isSet(QStringLiteral("on-lost"))) {
        options.onLostSignal = signalFromName(inv.value(QStringLiteral("on-lost")));
        if (options.onLostSignal < 0)
            return run.usageError(tr("--on-lost: \"%1\" is not a signal: expected a name such as TERM, INT, USR1, "
                                     "a number, or none")
                                      .arg(inv.value(QStringLiteral("on-lost"))));
    }
    const QString &command = inv.positional.constFirst();
    options.program = findProgram(command);
    if (options.program.isEmpty())
        return run.fail(cli::ExitStatus::NotFound, QStringLiteral("not_found"),
                        tr("run: \"%1\": no such command%2")
                            .arg(command, command.contains(QLatin1Char('/')) ? QString() : tr(" on PATH")));
    if (!QFileInfo(options.program).isExecutable())
        return run.fail(cli::ExitStatus::CannotExecute, QStringLiteral("cannot_execute"),
                        tr("run: \"%1\" is not executable").arg(options.program));
    options.arguments = inv.positional.mid(1);
    options.environment = QProcessEnvironment::systemEnvironment();

    auto *job = new RunJob(run, std::move(options));
    auto *reservation
        = new Reservation(run, request, waitMs, [job](const QList<lease::Lease> &leases) { job->granted(leases); });
    reservation->start();
}

} // namespace gpupool::ctl::commands
