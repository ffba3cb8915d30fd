#pragma once

// Helpers of the Pool's integration tests: gpupool-statd processes and
// Pool options with small intervals.

#include "../statd/statdtesting.h"

#include "pool/pool.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

namespace gpupool::pool::testing {

using statd::testing::Statd;

// One gpupool-statd process serving `cluster` simulated hosts; killed and
// reaped when it goes.
struct StatdCluster
{
    std::unique_ptr<Statd> process;
    QList<QUrl> urls;

    bool isUp() const { return process && !urls.isEmpty(); }
    void kill()
    {
        if (process) {
            process->process().kill();
            process->process().waitForFinished(statd::testing::timeoutMs);
        }
        process.reset();
    }
    quint16 port(int i = 0) const { return quint16(urls.at(i).port()); }
};

// --listen 127.0.0.1:PORT (0: the system picks).
inline StatdCluster startStatd(int gpus, int seed, int cluster = 1, quint16 port = 0)
{
    StatdCluster c;
    c.process = std::make_unique<Statd>(QStringList {
        QStringLiteral("--simulate"), QString::number(gpus), QStringLiteral("--seed"), QString::number(seed),
        QStringLiteral("--cluster"), QString::number(cluster), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) });
    for (int i = 0; i < cluster; ++i) {
        const QString line = c.process->readLine();
        if (line.isEmpty()) {
            qWarning().noquote() << "gpupool-statd gave no URL:" << c.process->standardError();
            c.urls.clear();
            return c;
        }
        c.urls.append(QUrl(line));
    }
    return c;
}

struct Endpoint
{
    QString id;
    QUrl url;
};

// Small intervals (behaviour.md allows 0.2 s), thresholds above 100 so that
// every simulated GPU is assignable whatever its load (the simulator's load
// moves; what is tested here is the pool, not the thresholds), and a breaker
// that stays open until a test says otherwise.
inline PoolOptions poolOptions(const QTemporaryDir &dir, const QString &storeName, const QList<Endpoint> &endpoints,
                               config::Mode mode = config::Mode::MultiEndpoint)
{
    PoolOptions o;
    o.settings.mode = mode;
    for (const Endpoint &e : endpoints)
        o.settings.endpoints.append({ e.id, e.url, true });
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
    o.storeUrl = QStringLiteral("sqlite:") + dir.filePath(storeName);
    return o;
}

// A port on 127.0.0.1 that nothing listens on (connecting is refused).
inline QUrl refusedUrl()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return {};
    QUrl url(QStringLiteral("http://127.0.0.1"));
    url.setPort(probe.serverPort());
    return url;
}

// Collects the outcomes of requestGpu() calls.
struct Outcomes
{
    QList<lease::Lease> granted;
    QList<Error> failed;

    LeaseCallback callback()
    {
        return [this](const Result<lease::Lease> &r) {
            if (r)
                granted.append(r.value());
            else
                failed.append(r.error());
        };
    }
    int total() const { return int(granted.size() + failed.size()); }
};

} // namespace gpupool::pool::testing
