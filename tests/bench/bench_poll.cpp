// bench_poll: what polling costs. `gpupool-statd --cluster E` serves E
// simulated endpoints on 127.0.0.1; the engine (Monitor + history) polls them
// at a fixed interval for a bounded time; we print CPU microseconds per
// endpoint-poll (this process, all threads), poll latency p50/p99 and peak
// RSS, then fill every endpoint's history to a full window (one hour by
// default) and print the RSS with it.
//
//   bench_poll --endpoints 10,100,1000 --seconds 20 [--transport fast|qt]
//
// Each E runs in a child process of its own, so that one run's peak RSS does
// not hide in the next one's.
#include "benchsupport.h"

#include "endpoint/monitor.h"
#include "endpoint/route.h"
#include "history/historystore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTimer>
#include <algorithm>
#include <cstdio>

#include <sys/resource.h>
#include <unistd.h>

using namespace gpupool;
using namespace gpupool::endpoint;

namespace {

struct Settings
{
    QString statd;
    int endpoints = 10;
    int gpus = 8;
    qint64 intervalMs = 1'000;
    qint64 seconds = 20;
    qint64 historyWindowMs = 3'600'000;
    Transport transport = Transport::Fast;
};

using bench::micros;
using bench::percentile;

// CPU time so far, all of it and the kernel's part. On loopback the send
// system call also carries the server's side of TCP, so the split says how
// much of a poll is ours to cut.
struct CpuMicros
{
    qint64 total = 0;
    qint64 kernel = 0;
};

CpuMicros cpuMicros()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return { micros(u.ru_utime) + micros(u.ru_stime), micros(u.ru_stime) };
}

qint64 peakRssKiB()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

qint64 currentRssKiB()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.value(1).toLongLong() * (sysconf(_SC_PAGESIZE) / 1024);
}

// utime + stime of another process, in microseconds.
qint64 processCpuMicros(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    const qint64 ticks = fields.value(11).toLongLong() + fields.value(12).toLongLong();
    return ticks * 1'000'000 / sysconf(_SC_CLK_TCK);
}

int runOne(const Settings &s)
{
    QProcess statd;
    const QStringList urls = bench::startStatdCluster(statd, s.statd, s.gpus, s.endpoints,
                                                      { QStringLiteral("--seed"), QStringLiteral("1") });
    if (urls.size() < s.endpoints) {
        std::fprintf(stderr, "bench_poll: gpupool-statd gave %lld of %d URLs\n", qlonglong(urls.size()), s.endpoints);
        return 1;
    }

    EndpointOptions options;
    options.pollIntervalMs = s.intervalMs;
    options.detailsEveryPolls = 0; // the summary poll is what is measured
    options.transport = s.transport;
    history::HistoryStore store(s.historyWindowMs, s.intervalMs);
    Monitor monitor(options);
    monitor.setHistory(&store);
    for (int i = 0; i < urls.size(); ++i)
        monitor.addEndpoint({ QStringLiteral("e%1").arg(i), QUrl(urls[i]), {} });

    // Two intervals of warm-up (phases, connections), then the measured window.
    const qint64 warmupMs = 2 * s.intervalMs;
    bool measuring = false;
    qint64 polls = 0, failures = 0, statdCpu0 = 0;
    CpuMicros cpu0;
    QList<qint64> latencies;
    latencies.reserve(qsizetype(s.endpoints * (s.seconds * 1000 / s.intervalMs + 2)));
    QObject::connect(&monitor, &Monitor::endpointPolled, [&](const QString &, const PollOutcome &o) {
        if (!measuring)
            return;
        ++polls;
        if (!o.ok)
            ++failures;
        else
            latencies.append(o.elapsedUs);
    });
    QTimer::singleShot(warmupMs, [&] {
        measuring = true;
        cpu0 = cpuMicros();
        statdCpu0 = processCpuMicros(statd.processId());
    });
    QElapsedTimer wall;
    QTimer::singleShot(warmupMs + s.seconds * 1000, [&] {
        measuring = false;
        QCoreApplication::quit();
    });
    QTimer::singleShot(warmupMs, [&] { wall.start(); });
    monitor.start();
    QCoreApplication::exec();
    const CpuMicros cpu1 = cpuMicros();
    const qint64 cpu = cpu1.total - cpu0.total;
    const qint64 kernel = cpu1.kernel - cpu0.kernel;
    const qint64 statdCpu = processCpuMicros(statd.processId()) - statdCpu0;
    const qint64 wallMs = wall.elapsed();
    monitor.stop();
    const qint64 rssPolling = peakRssKiB();

    // A full window of history for every endpoint, as after an hour of polling.
    const qint64 samples = s.historyWindowMs / s.intervalMs + 1;
    for (const QString &id : store.endpointIds()) {
        const history::EndpointHistory *h = store.endpoint(id);
        const qint64 t0 = h->lastTimeMs() + s.intervalMs;
        QList<history::GpuLoad> gpus;
        for (int g = 0; g < s.gpus; ++g)
            gpus.append({ g, 50.0, 50.0 });
        for (qint64 i = 0; i < samples; ++i) {
            history::EndpointSample e;
            e.atMs = t0 + i * s.intervalMs;
            e.responseMs = 1;
            store.record(id, e, gpus);
        }
    }

    statd.terminate();
    statd.waitForFinished(10'000);

    const double perPoll = polls > 0 ? double(cpu) / double(polls) : 0;
    const double kernelPerPoll = polls > 0 ? double(kernel) / double(polls) : 0;
    std::printf("%-4s E=%-5d polls=%-7lld failures=%-4lld cpu/poll=%7.1f us (kernel %5.1f)  cpu=%5.1f%% of a core  "
                "p50=%6.0f us  p99=%6.0f us  peakRSS=%6.1f MiB  RSS+%lldmin history=%6.1f MiB "
                "(history %6.1f MiB)  statd cpu=%5.1f%%\n",
                qPrintable(transportName(s.transport)), s.endpoints, qlonglong(polls), qlonglong(failures), perPoll,
                kernelPerPoll, wallMs > 0 ? 100.0 * double(cpu) / (double(wallMs) * 1000.0) : 0.0,
                double(percentile(latencies, 0.50)), double(percentile(latencies, 0.99)), double(rssPolling) / 1024.0,
                qlonglong(s.historyWindowMs / 60'000), double(std::max(peakRssKiB(), currentRssKiB())) / 1024.0,
                double(store.bytesReserved()) / (1024.0 * 1024.0),
                wallMs > 0 ? 100.0 * double(statdCpu) / (double(wallMs) * 1000.0) : 0.0);
    std::fflush(stdout);
    return failures == 0 ? 0 : 3;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures the endpoint engine's polling cost against gpupool-statd --cluster E."));
    parser.addHelpOption();
    const QCommandLineOption endpointsOpt(QStringLiteral("endpoints"),
                                          QStringLiteral("Comma-separated E values (default 10,100,1000)."),
                                          QStringLiteral("list"), QStringLiteral("10,100,1000"));
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"),
                                        QStringLiteral("Measured seconds per E (default 20)."), QStringLiteral("s"),
                                        QStringLiteral("20"));
    const QCommandLineOption intervalOpt(QStringLiteral("interval"),
                                         QStringLiteral("Poll interval in ms (default 1000)."), QStringLiteral("ms"),
                                         QStringLiteral("1000"));
    const QCommandLineOption gpusOpt(QStringLiteral("gpus"), QStringLiteral("Simulated GPUs per endpoint (default 8)."),
                                     QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption historyOpt(
        QStringLiteral("history-minutes"),
        QStringLiteral("History window filled before the last RSS figure (default 60)."), QStringLiteral("min"),
        QStringLiteral("60"));
    const QCommandLineOption statdOpt(QStringLiteral("statd"), QStringLiteral("Path of gpupool-statd."),
                                      QStringLiteral("path"),
                                      QStringLiteral(GPUPOOL_BINARY_DIR "/app/statd/gpupool-statd"));
    const QCommandLineOption childOpt(QStringLiteral("child"), QStringLiteral("Internal: run one E in this process."));
    const QCommandLineOption transportOpt(QStringLiteral("transport"),
                                          QStringLiteral("fast (our HTTP client, the default) or qt "
                                                         "(QNetworkAccessManager)."),
                                          QStringLiteral("name"), QStringLiteral("fast"));
    parser.addOptions({ endpointsOpt, secondsOpt, intervalOpt, gpusOpt, historyOpt, statdOpt, transportOpt, childOpt });
    parser.process(app);

    Settings s;
    s.statd = parser.value(statdOpt);
    s.seconds = qBound(1, parser.value(secondsOpt).toInt(), 600);
    s.intervalMs = qBound(200, parser.value(intervalOpt).toInt(), 60'000);
    s.gpus = qBound(0, parser.value(gpusOpt).toInt(), 1024);
    s.historyWindowMs = std::clamp<qint64>(parser.value(historyOpt).toLongLong(), 1, 24 * 60) * 60'000;
    const std::optional<Transport> transport = parseTransport(parser.value(transportOpt));
    if (!transport || *transport == Transport::Auto) {
        std::fprintf(stderr, "bench_poll: --transport is fast or qt\n");
        return 2;
    }
    s.transport = *transport;

    if (parser.isSet(childOpt)) {
        s.endpoints = qBound(1, parser.value(endpointsOpt).toInt(), 5'000);
        return runOne(s);
    }
    int status = 0;
    for (const QString &e : parser.value(endpointsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QStringList args = app.arguments().mid(1);
        args << QStringLiteral("--child") << QStringLiteral("--endpoints") << e.trimmed();
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedChannels);
        child.start(QCoreApplication::applicationFilePath(), args);
        const int limitMs = int(s.seconds * 1000 + 2 * s.intervalMs + 120'000);
        if (!child.waitForFinished(limitMs)) {
            child.kill();
            child.waitForFinished();
            std::fprintf(stderr, "bench_poll: E=%s did not finish in %d s\n", qPrintable(e), limitMs / 1000);
            status = 1;
        } else if (child.exitCode() != 0) {
            status = child.exitCode();
        }
    }
    return status;
}
