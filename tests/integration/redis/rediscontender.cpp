// A real gpupool client process for the contention test (tst_rediscontention):
//   rediscontender URL OWNER GPUS RUN_MS SEED
// Runs a Contender against the shared store until RUN_MS have passed, one
// log line per step on stdout (flushed, so a killed process leaves every
// acknowledged step behind), then releases what it holds and exits 0.
#include "contender.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QThread>
#include <cstdio>

using namespace gpupool;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Outages are part of the test: their warnings would drown its output.
    QLoggingCategory::setFilterRules(QStringLiteral("gpupool.redis.warning=false\ngpupool.redis.info=false"));
    const QStringList args = app.arguments();
    if (args.size() != 6) {
        std::fprintf(stderr, "usage: rediscontender URL OWNER GPUS RUN_MS SEED\n");
        return 2;
    }
    QString error;
    const auto url = lease::RedisUrl::parse(args.at(1), &error);
    if (!url) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    lease::RedisLeaseStore::Options options;
    options.live = false; // like gpupoolctl: no event loop, asks when it acts
    options.historyKept = 1'000'000;
    options.reconnect = { 20, 2.0, 200, 0.2 };
    lease::RedisLeaseStore store(*url, options);
    testing::Contender::Config config;
    config.owner = args.at(2);
    config.gpus = args.at(3).toInt();
    config.deadlineMs = QDateTime::currentMSecsSinceEpoch() + args.at(4).toLongLong();
    config.seed = args.at(5).toUInt();
    testing::Contender contender(store, config, [](const QByteArray &line) {
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    });
    const qint64 hardStop = config.deadlineMs + 10'000; // a store that never comes back
    for (int wait = 0; wait >= 0 && QDateTime::currentMSecsSinceEpoch() < hardStop; wait = contender.step())
        if (wait > 0)
            QThread::msleep(ulong(wait));
    return 0;
}
