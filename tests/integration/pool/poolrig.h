#pragma once

// Helpers of the Pool's integration tests: gpupool-statd processes and
// Pool options with small intervals.

#include "../statd/statdtesting.h"

#include "pool/pool.h"
#include "pooloptions.h"

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
    c.process = std::make_unique<Statd>(
        QStringList { QStringLiteral("--simulate"), QString::number(gpus), QStringLiteral("--seed"),
                      QString::number(seed), QStringLiteral("--cluster"), QString::number(cluster),
                      QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) });
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
