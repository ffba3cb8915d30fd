// bench_pool: what the Pool costs the thread it lives on (the console's
// window thread), with the lease store inline and on its own thread
// (PoolOptions::storeThread). `gpupool-statd --cluster E` serves E simulated
// endpoints; a Pool on an SQLite file in a temporary folder polls them every
// second, holds one lease and renews it every second (an operator's action:
// a write), through the asynchronous call the console uses.
//
// Printed per E and store mode, over the measured window:
//  - CPU microseconds per endpoint-poll: the Pool's thread, and the process;
//  - how late a 10 ms timer on the Pool's thread fired (p99, max): what a
//    window on that thread would feel;
//  - the renewals and the slowest one's answer.
// With --hold S, another connection holds the lease file's write lock for S
// seconds in the middle of the window, as another gpupool program with a
// long transaction would: the renewals wait for it, inline on the Pool's
// thread, or on the store's.
//
//   bench_pool --endpoints 100,1000 --seconds 15 [--store inline|thread|both] [--hold 3]
#include "benchsupport.h"

#include "pool/pool.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <cstdio>

using namespace gpupool;

namespace {

struct Settings
{
    QString statd;
    int gpus = 8;
    qint64 seconds = 15;
    qint64 holdSeconds = 0;
};

// Another program's long transaction on the lease file.
void holdFile(const QString &path, qint64 seconds)
{
    const QString name = QStringLiteral("bench-holder");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QSqlQuery q(db);
        if (db.open() && q.exec(QStringLiteral("BEGIN EXCLUSIVE"))) {
            QThread::sleep(static_cast<unsigned long>(seconds));
            q.exec(QStringLiteral("COMMIT"));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

int runOne(const Settings &s, const QStringList &urls, bool storeThread)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("leases.sqlite"));
    pool::PoolOptions o;
    o.settings.mode = config::Mode::MultiEndpoint;
    for (int i = 0; i < urls.size(); ++i)
        o.settings.endpoints.append({ QStringLiteral("e%1").arg(i), QUrl(urls[i]), true, {} });
    o.settings.pollingIntervalSeconds = 1;
    o.settings.memoryThresholdPercent = 101; // every simulated GPU assignable, whatever its load
    o.settings.utilizationThresholdPercent = 101;
    o.settings.storeUrl = QStringLiteral("sqlite:") + file;
    o.owner = QStringLiteral("bench@pool");
    o.storeThread = storeThread;
    pool::Pool pool(o);
    if (const pool::Status st = pool.start()) {
        std::fprintf(stderr, "bench_pool: %s\n", qPrintable(st->message));
        return 1;
    }

    // Warm-up: every endpoint answered once, one lease held.
    QElapsedTimer warm;
    warm.start();
    while (pool.availableGpus() < urls.size() * s.gpus && warm.elapsed() < 30'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const pool::Result<QList<lease::Lease>> held = pool.reserve(pool::ReserveRequest {});
    if (!held) {
        std::fprintf(stderr, "bench_pool: no lease: %s\n", qPrintable(held.error().message));
        return 1;
    }
    const QString leaseId = held->first().id;

    qint64 polls = 0;
    QObject::connect(&pool, &pool::Pool::endpointUpdated, [&] { ++polls; });
    QList<double> lateMs;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(10);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        lateMs.append(std::max(0.0, double(sinceTick.nsecsElapsed()) / 1e6 - 10.0));
        sinceTick.restart();
    });
    int renewals = 0, failedRenewals = 0;
    double slowestRenewalMs = 0;
    QTimer renewer;
    renewer.setInterval(1'000);
    QObject::connect(&renewer, &QTimer::timeout, [&] {
        QElapsedTimer asked;
        asked.start();
        pool.renew(leaseId, 0, [&, asked](const pool::Result<lease::Lease> &r) {
            ++renewals;
            failedRenewals += r ? 0 : 1;
            slowestRenewalMs = std::max(slowestRenewalMs, double(asked.nsecsElapsed()) / 1e6);
        });
    });

    std::unique_ptr<QThread> holder;
    if (s.holdSeconds > 0)
        QTimer::singleShot((s.seconds - s.holdSeconds) * 500, [&] {
            holder.reset(QThread::create(holdFile, file, s.holdSeconds));
            holder->start();
        });
    polls = 0;
    const qint64 threadCpu0 = bench::threadCpuMicros();
    const qint64 processCpu0 = bench::processCpuMicros();
    sinceTick.start();
    ticker.start();
    renewer.start();
    QTimer::singleShot(s.seconds * 1000, &QCoreApplication::quit);
    QCoreApplication::exec();
    ticker.stop();
    renewer.stop();
    const qint64 threadCpu = bench::threadCpuMicros() - threadCpu0;
    const qint64 processCpu = bench::processCpuMicros() - processCpu0;
    const qint64 measuredPolls = polls;
    if (holder)
        holder->wait();

    std::printf("store=%-6s E=%-5lld polls=%-6lld pool-thread cpu/poll=%6.1f us  process cpu/poll=%6.1f us  "
                "timer late p99=%7.1f ms max=%7.1f ms  renewals=%d (failed %d, slowest %7.1f ms)%s\n",
                storeThread ? "thread" : "inline", qlonglong(urls.size()), qlonglong(measuredPolls),
                measuredPolls ? double(threadCpu) / double(measuredPolls) : 0.0,
                measuredPolls ? double(processCpu) / double(measuredPolls) : 0.0, bench::percentile(lateMs, 0.99),
                lateMs.isEmpty() ? 0.0 : *std::max_element(lateMs.cbegin(), lateMs.cend()), renewals, failedRenewals,
                slowestRenewalMs,
                s.holdSeconds > 0 ? qPrintable(QStringLiteral("  [file held %1 s]").arg(s.holdSeconds)) : "");
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures the Pool's thread with the lease store inline and on its own thread, against gpupool-statd."));
    parser.addHelpOption();
    const QCommandLineOption endpointsOpt(QStringLiteral("endpoints"),
                                          QStringLiteral("Comma-separated E values (default 100,1000)."),
                                          QStringLiteral("list"), QStringLiteral("100,1000"));
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"),
                                        QStringLiteral("Measured seconds per run (default 15)."), QStringLiteral("s"),
                                        QStringLiteral("15"));
    const QCommandLineOption storeOpt(QStringLiteral("store"), QStringLiteral("inline, thread or both (default)."),
                                      QStringLiteral("mode"), QStringLiteral("both"));
    const QCommandLineOption holdOpt(QStringLiteral("hold"),
                                     QStringLiteral("Seconds another connection holds the lease file (default 0)."),
                                     QStringLiteral("s"), QStringLiteral("0"));
    const QCommandLineOption statdOpt(QStringLiteral("statd"), QStringLiteral("Path of gpupool-statd."),
                                      QStringLiteral("path"),
                                      QStringLiteral(GPUPOOL_BINARY_DIR "/app/statd/gpupool-statd"));
    parser.addOptions({ endpointsOpt, secondsOpt, storeOpt, holdOpt, statdOpt });
    parser.process(app);

    Settings s;
    s.statd = parser.value(statdOpt);
    s.seconds = qBound(2, parser.value(secondsOpt).toInt(), 600);
    s.holdSeconds = qBound(0, parser.value(holdOpt).toInt(), int(s.seconds) - 1);
    const QString mode = parser.value(storeOpt);
    QList<bool> modes;
    if (mode == QLatin1String("inline") || mode == QLatin1String("both"))
        modes.append(false);
    if (mode == QLatin1String("thread") || mode == QLatin1String("both"))
        modes.append(true);
    if (modes.isEmpty()) {
        std::fprintf(stderr, "bench_pool: --store is inline, thread or both\n");
        return 2;
    }
    int status = 0;
    for (const QString &e : parser.value(endpointsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const int endpoints = qBound(1, e.trimmed().toInt(), 5'000);
        QProcess statd;
        const QStringList urls = bench::startStatdCluster(statd, s.statd, s.gpus, endpoints);
        if (urls.size() < endpoints) {
            std::fprintf(stderr, "bench_pool: gpupool-statd gave %lld of %d URLs\n", qlonglong(urls.size()), endpoints);
            return 1;
        }
        for (bool storeThread : modes)
            status = std::max(status, runOne(s, urls, storeThread));
        statd.terminate();
        statd.waitForFinished(10'000);
    }
    return status;
}
