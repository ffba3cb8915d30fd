// bench_redis_store: grants + releases per second through RedisLeaseStore,
// against the same Redis server's raw SET rate, both over one connection
// with one request in flight (redis-benchmark -c 1 -P 1). The ratio says
// what the lease script, its JSON and our client cost on top of a round
// trip; the target is >= 30 %.
//
//   bench_redis_store [--seconds 5] [--gpus 8] [--appendfsync no|everysec|always]
//
// Starts its own redis-server on a unix socket in a temporary folder (the
// same options as the tests; with --appendfsync the append-only file is on,
// which slows both figures alike). Prints the machine, both figures, the
// ratio and the exact redis-benchmark command.
//
// Then the allocator on that Redis: request + release pairs per second with
// the pool's state shared in the store (the balancer's turn written with each
// grant, the wait queue checked by it) against the same allocator on a store
// that keeps neither (localstore.h). The target: sharing costs less
// than 30 %.
#include "lease/allocator.h"
#include "lease/redisleasestore.h"
#include "localstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <cstdio>

using namespace gpupool;
using namespace gpupool::lease;

namespace {

QString cpuModel()
{
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n'))
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    return QSysInfo::currentCpuArchitecture();
}

bool startRedis(QProcess &redis, const QTemporaryDir &dir, const QString &fsync)
{
    QStringList args { QStringLiteral("--port"),
                       QStringLiteral("0"),
                       QStringLiteral("--unixsocket"),
                       dir.filePath(QStringLiteral("r.sock")),
                       QStringLiteral("--unixsocketperm"),
                       QStringLiteral("700"),
                       QStringLiteral("--save"),
                       QString(),
                       QStringLiteral("--appendonly"),
                       fsync == QLatin1String("no") ? QStringLiteral("no") : QStringLiteral("yes"),
                       QStringLiteral("--dir"),
                       dir.path() };
    if (fsync != QLatin1String("no"))
        args += { QStringLiteral("--appendfsync"), fsync };
    redis.setProcessChannelMode(QProcess::MergedChannels);
    redis.start(QStandardPaths::findExecutable(QStringLiteral("redis-server")), args);
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (!out.toLower().contains("ready to accept connections") && t.elapsed() < 10'000
           && redis.state() != QProcess::NotRunning) {
        redis.waitForReadyRead(100);
        out += redis.readAll();
    }
    return out.toLower().contains("ready to accept connections");
}

// SET requests per second, as redis-benchmark measures them.
double rawSetRate(const QString &socket, int requests, QString *command)
{
    const QStringList args { QStringLiteral("-s"), socket,
                             QStringLiteral("-c"), QStringLiteral("1"),
                             QStringLiteral("-P"), QStringLiteral("1"),
                             QStringLiteral("-n"), QString::number(requests),
                             QStringLiteral("-t"), QStringLiteral("set"),
                             QStringLiteral("-q") };
    *command = QStringLiteral("redis-benchmark ") + args.join(QLatin1Char(' '));
    QProcess bench;
    bench.start(QStandardPaths::findExecutable(QStringLiteral("redis-benchmark")), args);
    if (!bench.waitForFinished(300'000))
        return -1;
    // "SET: 41322.31 requests per second, p50=0.023 msec" (after \r progress lines)
    const QString out = QString::fromUtf8(bench.readAllStandardOutput());
    static const QRegularExpression re(QStringLiteral("SET: ([0-9.]+) requests per second"));
    const QRegularExpressionMatch m = re.match(out);
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

// Request (answered at once) + release pairs per second through an
// Allocator on `store`, one endpoint of `gpus` GPUs, round_robin.
double allocatorPairs(LeaseStore &store, int gpus, int seconds)
{
    Allocator allocator(store, SteadyClock::instance(), SystemWallClock::instance());
    balance::EndpointView v;
    v.id = QStringLiteral("bench");
    for (int g = 0; g < gpus; ++g)
        v.gpus.append({ g, QStringLiteral("NVIDIA H100 80GB HBM3"), 0, 0, 81559 });
    allocator.setEndpoints({ v });
    allocator.setStrategy(QStringLiteral("round_robin"));
    if (allocator.start())
        return -1;
    RequestOptions options;
    options.owner = QStringLiteral("bench@host");
    options.timeoutMs = 0;
    const auto pair = [&] {
        QString id;
        allocator.request(options, [&id](const Result<Lease> &r) {
            if (r)
                id = r->id;
        });
        return !id.isEmpty() && allocator.release(id, options.owner);
    };
    for (int i = 0; i < 500; ++i)
        if (!pair())
            return -1;
    qint64 pairs = 0;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < seconds * 1000LL) {
        if (!pair())
            return -1;
        ++pairs;
    }
    return double(pairs) / (double(t.nsecsElapsed()) / 1e9);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("gpupool.redis.warning=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Grants + releases per second through RedisLeaseStore vs raw SET."));
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("seconds"), QStringLiteral("How long to grant and release."), QStringLiteral("s"),
                       QStringLiteral("5") });
    parser.addOption(
        { QStringLiteral("gpus"), QStringLiteral("GPUs to cycle through."), QStringLiteral("n"), QStringLiteral("8") });
    parser.addOption({ QStringLiteral("appendfsync"),
                       QStringLiteral("no (in memory, the default), everysec or always."), QStringLiteral("mode"),
                       QStringLiteral("no") });
    parser.addOption({ QStringLiteral("requests"), QStringLiteral("redis-benchmark requests."), QStringLiteral("n"),
                       QStringLiteral("200000") });
    parser.process(app);
    const int seconds = qMax(1, parser.value(QStringLiteral("seconds")).toInt());
    const int gpus = qMax(1, parser.value(QStringLiteral("gpus")).toInt());
    const QString fsync = parser.value(QStringLiteral("appendfsync"));

    if (QStandardPaths::findExecutable(QStringLiteral("redis-server")).isEmpty()
        || QStandardPaths::findExecutable(QStringLiteral("redis-benchmark")).isEmpty()) {
        std::fprintf(stderr, "redis-server and redis-benchmark are needed (apt-get install redis-server)\n");
        return 1;
    }
    QTemporaryDir dir;
    QProcess redis;
    if (!dir.isValid() || !startRedis(redis, dir, fsync)) {
        std::fprintf(stderr, "could not start redis-server\n");
        return 1;
    }
    const QString socket = dir.filePath(QStringLiteral("r.sock"));
    std::printf("machine: %s, %d cores, %s\n", qPrintable(cpuModel()), QThread::idealThreadCount(),
                qPrintable(QSysInfo::prettyProductName()));
    std::printf("redis-server on a unix socket, appendonly %s%s\n", fsync == QLatin1String("no") ? "no" : "yes",
                fsync == QLatin1String("no") ? "" : qPrintable(QStringLiteral(", appendfsync ") + fsync));

    RedisLeaseStore::Options options;
    options.live = false; // one connection, like redis-benchmark -c 1
    RedisLeaseStore store(*RedisUrl::parse(QStringLiteral("unix://") + socket + QStringLiteral("?cluster=bench")),
                          options);
    if (!store.isAvailable()) {
        std::fprintf(stderr, "%s\n", qPrintable(store.statusMessage()));
        return 1;
    }
    // Warm up (script cache, allocator), then measure.
    qint64 ops = 0, n = 0;
    QList<qint64> latenciesNs;
    latenciesNs.reserve(1 << 20);
    QElapsedTimer total;
    const auto cycle = [&](bool record) {
        const GrantSpec spec { QStringLiteral("b-%1").arg(++n),
                               QStringLiteral("bench"),
                               int(n % gpus),
                               QStringLiteral("bench@host"),
                               QString(),
                               LeaseKind::Programmatic,
                               3'600'000 };
        QElapsedTimer t;
        t.start();
        const auto g = store.grant({ spec }, 0);
        const qint64 grantNs = t.nsecsElapsed();
        if (!g) {
            std::fprintf(stderr, "grant failed: %s\n", qPrintable(g.error().message));
            return false;
        }
        t.restart();
        const auto r = store.end(spec.leaseId, spec.owner, EndReason::Released, 0);
        if (!r) {
            std::fprintf(stderr, "release failed: %s\n", qPrintable(r.error().message));
            return false;
        }
        if (record) {
            latenciesNs.append(grantNs);
            latenciesNs.append(t.nsecsElapsed());
            ops += 2;
        }
        return true;
    };
    for (int i = 0; i < 1000; ++i)
        if (!cycle(false))
            return 1;
    total.start();
    while (total.elapsed() < seconds * 1000LL)
        if (!cycle(true))
            return 1;
    const double elapsedS = double(total.nsecsElapsed()) / 1e9;
    const double storeRate = double(ops) / elapsedS;
    std::sort(latenciesNs.begin(), latenciesNs.end());
    const auto pct
        = [&](double p) { return double(latenciesNs.at(qsizetype(p * double(latenciesNs.size() - 1)))) / 1000.0; };

    bench::LocalBalancerStore local(store);
    const double sharedPairs = allocatorPairs(store, gpus, seconds);
    const double localPairs = allocatorPairs(local, gpus, seconds);

    QString command;
    const double setRate = rawSetRate(socket, parser.value(QStringLiteral("requests")).toInt(), &command);
    redis.terminate();
    redis.waitForFinished(5000);

    std::printf("RedisLeaseStore: %lld grants + releases in %.2f s = %.0f ops/s (p50 %.1f us, p99 %.1f us per op)\n",
                ops, elapsedS, storeRate, pct(0.50), pct(0.99));
    std::printf("raw SET:         %.0f requests/s  (%s)\n", setRate, qPrintable(command));
    if (setRate > 0)
        std::printf("ratio:           %.1f %% of raw (target >= 30 %%)\n", 100.0 * storeRate / setRate);
    std::printf("Allocator pairs: %.0f/s shared (balancer + queue in Redis), %.0f/s local; sharing costs %.1f %% "
                "(target < 30 %%)\n",
                sharedPairs, localPairs, localPairs > 0 ? 100.0 * (1.0 - sharedPairs / localPairs) : 0.0);
    return setRate > 0 ? 0 : 1;
}
