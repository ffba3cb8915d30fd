#pragma once

#include "server/gpusource.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <atomic>
#include <optional>

namespace gpupool::server {

// Reads real GPUs by running nvidia-smi (the default source of gpupool-statd).
// Each read runs the predecessor's query plus the GPU uuid, bounded by a
// timeout: a hanging nvidia-smi (a wedged driver does that) is killed and the
// read fails with a message, it never hangs the server for longer. Output is
// capped, and anything that is not nvidia-smi's CSV is a failure with the line
// that was wrong. The service above caches readings for REFRESH_INTERVAL.
class NvidiaSmiSource final : public GpuSource
{
public:
    struct Options
    {
        QString program = QStringLiteral("nvidia-smi"); // looked up in PATH unless a path
        int timeoutMs = 5000;
        qint64 maxOutputBytes = 4 * 1024 * 1024;
    };

    NvidiaSmiSource();
    explicit NvidiaSmiSource(Options options);

    GpuReading read() override;
    bool readsSlowly() const override { return true; }
    bool nvidiaSmiAvailable() const override;
    int totalSystemGpus() const override { return m_lastGpuCount; }
    ProcessReading readProcesses(const stats::GpuSamples &gpus) override;

    const Options &options() const { return m_options; }

private:
    struct Run
    {
        QByteArray output;
        QString error; // empty on success; otherwise what went wrong, for people
        bool notFound = false;
    };
    Run run(const QStringList &arguments) const;
    QString resolvedProgram() const;
    // The predecessor's test of whether nvidia-smi works: `nvidia-smi --version`.
    bool versionCheckPasses() const;

    Options m_options;
    // Written by read() on the service's worker thread, read from its own.
    std::atomic<int> m_lastGpuCount = 0;
    // What /health reports: the last reading worked, or the version check
    // after a failed one passed. Decided anew at every reading, so a driver
    // that comes back is seen at once.
    std::atomic<bool> m_usable = false;
};

} // namespace gpupool::server
