#include "server/nvidiasmisource.h"

#include "server/processowner.h"
#include "stats/nvidiasmi.h"
#include "util/logging.h"

#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QStandardPaths>

namespace gpupool::server {

namespace {

// These messages end up in the JSON error bodies that gpupool-statd serves,
// which must read as the predecessor's do whatever the server's locale: they
// are deliberately not translated.
QString wire(const char *text)
{
    return QString::fromUtf8(text);
}

// The first non-empty line, for an error message.
QString firstLine(const QByteArray &text)
{
    for (const QByteArray &line : text.split('\n')) {
        const QByteArray t = line.trimmed();
        if (!t.isEmpty())
            return QString::fromUtf8(t.left(200));
    }
    return {};
}

} // namespace

NvidiaSmiSource::NvidiaSmiSource() : NvidiaSmiSource(Options {}) {}

NvidiaSmiSource::NvidiaSmiSource(Options options) : m_options(std::move(options)) {}

QString NvidiaSmiSource::resolvedProgram() const
{
    if (m_options.program.contains(QLatin1Char('/'))) {
        const QFileInfo info(m_options.program);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    return QStandardPaths::findExecutable(m_options.program);
}

bool NvidiaSmiSource::nvidiaSmiAvailable() const
{
    return m_usable;
}

bool NvidiaSmiSource::versionCheckPasses() const
{
    const Run r = run({ QStringLiteral("--version") });
    return !r.notFound && r.error.isEmpty();
}

NvidiaSmiSource::Run NvidiaSmiSource::run(const QStringList &arguments) const
{
    Run r;
    const QString program = resolvedProgram();
    if (program.isEmpty()) {
        r.notFound = true;
        r.error = wire("nvidia-smi not available");
        return r;
    }
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.start(QIODevice::ReadOnly);
    if (!process.waitForStarted(m_options.timeoutMs)) {
        r.notFound = process.error() == QProcess::FailedToStart;
        r.error = r.notFound ? wire("nvidia-smi not available")
                             : wire("nvidia-smi could not be started: %1").arg(process.errorString());
        return r;
    }
    if (!process.waitForFinished(m_options.timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        r.error = wire("nvidia-smi did not finish within %1 s and was stopped")
                      .arg(QString::number(m_options.timeoutMs / 1000.0));
        return r;
    }
    r.output = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    if (process.exitStatus() != QProcess::NormalExit) {
        r.error = wire("nvidia-smi crashed");
    } else if (process.exitCode() != 0) {
        const QString why = firstLine(err).isEmpty() ? firstLine(r.output) : firstLine(err);
        r.error = why.isEmpty() ? wire("nvidia-smi exited with status %1").arg(process.exitCode())
                                : wire("nvidia-smi exited with status %1: %2").arg(process.exitCode()).arg(why);
    } else if (r.output.size() > m_options.maxOutputBytes) {
        r.error = wire("nvidia-smi printed %1 bytes, more than the limit of %2")
                      .arg(r.output.size())
                      .arg(m_options.maxOutputBytes);
    }
    return r;
}

GpuReading NvidiaSmiSource::read()
{
    const Run r = run(stats::nvsmi::gpuQueryArguments(stats::nvsmi::gpuFields()));
    std::optional<stats::Parsed<stats::GpuSamples>> parsed;
    if (r.error.isEmpty()) {
        parsed = stats::nvsmi::parseGpuQuery(r.output, stats::nvsmi::gpuFields());
        if (*parsed) {
            m_usable = true;
            m_lastGpuCount = static_cast<int>(parsed->value().size());
            return GpuReading(parsed->value());
        }
    }
    // The predecessor's two error texts: "nvidia-smi not available" when it
    // cannot be run or its version check fails, "Failed to get GPU stats:
    // <reason>" for everything else.
    m_usable = !r.notFound && versionCheckPasses();
    if (!m_usable)
        return GpuReading::failure(wire("nvidia-smi not available"));
    if (!r.error.isEmpty())
        return GpuReading::failure(wire("Failed to get GPU stats: %1").arg(r.error));
    return GpuReading::failure(
        wire("Failed to get GPU stats: unexpected nvidia-smi output: %1").arg(parsed->error().toString()));
}

ProcessReading NvidiaSmiSource::readProcesses(const stats::GpuSamples &gpus)
{
    const Run r = run(stats::nvsmi::computeAppQueryArguments());
    if (!r.error.isEmpty())
        return r.notFound ? r.error : wire("Failed to get GPU processes: %1").arg(r.error);
    const auto parsed = stats::nvsmi::parseComputeApps(r.output);
    if (!parsed)
        return wire("Failed to get GPU processes: unexpected nvidia-smi output: %1").arg(parsed.error().toString());
    QHash<QString, int> indexOfUuid;
    for (const stats::GpuSample &g : gpus)
        indexOfUuid.insert(g.uuid, g.index);
    QList<GpuProcess> processes;
    for (const stats::nvsmi::ComputeApp &app : parsed.value()) {
        GpuProcess p;
        p.pid = app.pid;
        p.processName = app.processName;
        p.usedMemoryMb = app.usedMemoryMb;
        p.gpuUuid = app.gpuUuid;
        if (indexOfUuid.contains(app.gpuUuid))
            p.gpuIndex = indexOfUuid.value(app.gpuUuid);
        p.user = processOwner(app.pid);
        p.pidVisible = p.user.has_value();
        processes.append(p);
    }
    return processes;
}

} // namespace gpupool::server
