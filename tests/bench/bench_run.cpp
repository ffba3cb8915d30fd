// bench_run: what `gpupoolctl run -- COMMAND` adds around a command.
// `gpupool-statd --cluster E --simulate-idle` serves E endpoints whose GPUs are
// all free; each round runs `gpupoolctl run -- bench_run_stamp FILE` on a fresh
// SQLite store of its own HOME. The stamp program writes the monotonic clock
// when it starts and as it ends, so each round splits into:
//   before: from starting gpupoolctl to the command's first instruction
//           (start-up, one poll of every endpoint, the grant in the store, fork+exec);
//   after:  from the command's end to gpupoolctl's exit (reaping, the release in
//           the store, shutting down).
// The same split for bench_run_stamp started directly is the floor (fork+exec and
// reaping by this process); "adds" is run's figure less that floor.
//
//   bench_run --endpoints 10,1000 --rounds 20
#include "benchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <ctime>

namespace {

struct Settings
{
    QString statd;
    QString ctl;
    QString stamp;
    int gpus = 4;
    int rounds = 20;
};

qint64 nowNs()
{
    timespec t {};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

using gpupool::bench::percentile;

struct Round
{
    double beforeMs = 0;
    double afterMs = 0;
    bool ok = false;
};

// Starts program with arguments, waits, and splits its time around the stamp's life.
Round timeOne(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
              const QString &stampFile)
{
    QFile::remove(stampFile);
    QProcess p;
    p.setProcessEnvironment(env);
    p.setStandardOutputFile(QProcess::nullDevice());
    const qint64 started = nowNs();
    p.start(program, arguments);
    const bool finished = p.waitForFinished(120'000);
    const qint64 ended = nowNs();
    Round r;
    QFile f(stampFile);
    if (!finished || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0 || !f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_run: %s exited %d: %s\n", qPrintable(program), p.exitCode(),
                     p.readAllStandardError().constData());
        return r;
    }
    const QList<QByteArray> stamps = f.readAll().split('\n');
    if (stamps.size() < 2)
        return r;
    r.beforeMs = double(stamps[0].toLongLong() - started) / 1e6;
    r.afterMs = double(ended - stamps[1].toLongLong()) / 1e6;
    r.ok = true;
    return r;
}

int benchOne(const Settings &s, int endpoints)
{
    QProcess statd;
    const QStringList urls
        = gpupool::bench::startStatdCluster(statd, s.statd, s.gpus, endpoints, { QStringLiteral("--simulate-idle") });
    if (urls.size() < endpoints) {
        std::fprintf(stderr, "bench_run: gpupool-statd gave %lld of %d URLs\n", qlonglong(urls.size()), endpoints);
        return 1;
    }
    QStringList named;
    for (int i = 0; i < urls.size(); ++i)
        named.append(QStringLiteral("e%1=%2").arg(i).arg(urls[i]));

    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("bench"));
    env.insert(QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS"), named.join(QLatin1Char(',')));
    env.remove(QStringLiteral("GPUPOOL_STORE"));
    const QString stampFile = home.filePath(QStringLiteral("stamp"));

    QList<double> runBefore, runAfter, floorBefore, floorAfter;
    int failures = 0;
    // One unmeasured round each: the page cache, the store's first creation.
    timeOne(s.ctl, { QStringLiteral("run"), QStringLiteral("--"), s.stamp, stampFile }, env, stampFile);
    timeOne(s.stamp, { stampFile }, env, stampFile);
    for (int i = 0; i < s.rounds; ++i) {
        const Round viaRun
            = timeOne(s.ctl, { QStringLiteral("run"), QStringLiteral("--"), s.stamp, stampFile }, env, stampFile);
        const Round direct = timeOne(s.stamp, { stampFile }, env, stampFile);
        if (!viaRun.ok || !direct.ok) {
            ++failures;
            continue;
        }
        runBefore.append(viaRun.beforeMs);
        runAfter.append(viaRun.afterMs);
        floorBefore.append(direct.beforeMs);
        floorAfter.append(direct.afterMs);
    }

    // Every lease a round took was released: none is left.
    QProcess leases;
    leases.setProcessEnvironment(env);
    leases.start(s.ctl, { QStringLiteral("--json"), QStringLiteral("leases"), QStringLiteral("--all") });
    leases.waitForFinished(60'000);
    const qsizetype left = QJsonDocument::fromJson(leases.readAllStandardOutput())
                               .object()
                               .value(QStringLiteral("leases"))
                               .toArray()
                               .size();
    statd.terminate();
    statd.waitForFinished(10'000);

    const double fb = percentile(floorBefore, 0.5), fa = percentile(floorAfter, 0.5);
    std::printf("E=%5d  rounds=%3lld  before p50 %7.1f ms p90 %7.1f ms  after p50 %6.1f ms p90 %6.1f ms  "
                "floor %.1f/%.1f ms  run adds p50 %6.1f ms before, %5.1f ms after  (failures %d, leases left %lld)\n",
                endpoints, qlonglong(runBefore.size()), percentile(runBefore, 0.5), percentile(runBefore, 0.9),
                percentile(runAfter, 0.5), percentile(runAfter, 0.9), fb, fa, percentile(runBefore, 0.5) - fb,
                percentile(runAfter, 0.5) - fa, failures, qlonglong(left));
    std::fflush(stdout);
    return failures == 0 && left == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures what gpupoolctl run adds before a command starts and after it ends."));
    parser.addHelpOption();
    const QCommandLineOption endpointsOpt(QStringLiteral("endpoints"),
                                          QStringLiteral("Comma-separated E values (default 10,1000)."),
                                          QStringLiteral("list"), QStringLiteral("10,1000"));
    const QCommandLineOption roundsOpt(QStringLiteral("rounds"), QStringLiteral("Measured runs per E (default 20)."),
                                       QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption gpusOpt(QStringLiteral("gpus"), QStringLiteral("GPUs per endpoint (default 4)."),
                                     QStringLiteral("n"), QStringLiteral("4"));
    const QString bin = QStringLiteral(GPUPOOL_BINARY_DIR);
    const QCommandLineOption statdOpt(QStringLiteral("statd"), QStringLiteral("Path of gpupool-statd."),
                                      QStringLiteral("path"), bin + QStringLiteral("/app/statd/gpupool-statd"));
    const QCommandLineOption ctlOpt(QStringLiteral("ctl"), QStringLiteral("Path of gpupoolctl."),
                                    QStringLiteral("path"), bin + QStringLiteral("/app/ctl/gpupoolctl"));
    parser.addOptions({ endpointsOpt, roundsOpt, gpusOpt, statdOpt, ctlOpt });
    parser.process(app);

    Settings s;
    s.statd = parser.value(statdOpt);
    s.ctl = parser.value(ctlOpt);
    s.stamp = QCoreApplication::applicationDirPath() + QStringLiteral("/bench_run_stamp");
    s.rounds = qBound(1, parser.value(roundsOpt).toInt(), 1000);
    s.gpus = qBound(1, parser.value(gpusOpt).toInt(), 64);
    int status = 0;
    for (const QString &e : parser.value(endpointsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts))
        status |= benchOne(s, qBound(1, e.trimmed().toInt(), 5'000));
    return status;
}
