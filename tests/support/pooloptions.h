#pragma once

// Pool options for tests that run a real Pool against servers on 127.0.0.1.
#include "config/settings.h"
#include "pool/pooloptions.h"

#include <QList>
#include <QTemporaryDir>
#include <QUrl>

namespace gpupool::pool::testing {

struct Endpoint
{
    QString id;
    QUrl url;
};

// Small intervals (docs/behaviour.md allows 0.2 s), thresholds above 100 so that
// every simulated GPU is assignable whatever its load (the simulator's load
// moves; what is tested here is the pool, not the thresholds), and a breaker
// that stays open until a test says otherwise.
inline PoolOptions poolOptions(const QTemporaryDir &dir, const QString &storeName, const QList<Endpoint> &endpoints,
                               config::Mode mode = config::Mode::MultiEndpoint)
{
    PoolOptions o;
    o.settings.mode = mode;
    for (const Endpoint &e : endpoints)
        o.settings.endpoints.append({ e.id, e.url, true, {} });
    o.settings.pollingIntervalSeconds = 0.2;
    // Generous for a loaded test machine; a refused connection fails at once anyway.
    o.settings.endpointTimeoutSeconds = 2;
    o.settings.maxRetries = 2;
    o.settings.memoryThresholdPercent = 101;
    o.settings.utilizationThresholdPercent = 101;
    o.breakerOpenBaseMs = 600'000;
    o.breakerOpenCapMs = 600'000;
    o.detailsEveryPolls = 1;
    o.owner = QStringLiteral("tester@pooltest");
    o.settings.storeUrl = QStringLiteral("sqlite:") + dir.filePath(storeName);
    // ctest runs the Pool's integration tests a second time with the store on
    // its own thread, as the console runs it (tests/integration/pool).
    o.storeThread = qEnvironmentVariable("GPUPOOL_TEST_STORE_THREAD") == QLatin1String("1");
    return o;
}

} // namespace gpupool::pool::testing
