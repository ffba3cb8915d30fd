#include "history/historystore.h"

#include "util/logging.h"

#include <algorithm>
#include <atomic>

namespace gpupool::history {

namespace {

qsizetype capacityFor(qint64 windowMs, qint64 intervalMs)
{
    return qsizetype((windowMs + intervalMs - 1) / intervalMs) + 1;
}

} // namespace

HistoryStore::HistoryStore(qint64 windowMs, qint64 sampleIntervalMs) : m_windowMs(0), m_capacity(0)
{
    setWindow(windowMs, sampleIntervalMs);
}

void HistoryStore::setWindow(qint64 windowMs, qint64 sampleIntervalMs)
{
    m_windowMs = std::clamp<qint64>(windowMs, 1, kMaxWindowMs);
    m_capacity = capacityFor(m_windowMs, std::max(kMinIntervalMs, sampleIntervalMs));
    qCDebug(lcHistory) << "window" << m_windowMs << "ms," << m_capacity << "samples per endpoint";
    for (auto &entry : m_histories)
        entry.second.resize(m_windowMs, m_capacity);
}

void HistoryStore::record(const QString &endpointId, const EndpointSample &sample, const QList<GpuLoad> &gpus)
{
    historyFor(endpointId)->append(sample, gpus);
}

EndpointHistory *HistoryStore::historyFor(const QString &endpointId)
{
    auto it = m_histories.find(endpointId);
    if (it == m_histories.end())
        it = m_histories.emplace(endpointId, EndpointHistory(m_windowMs, m_capacity)).first;
    return &it->second; // unordered_map nodes stay put until erased
}

quint64 HistoryStore::nextGeneration()
{
    // Process-wide, so a store made where an old one was never matches a
    // pointer kept from the old one.
    static std::atomic<quint64> counter { 0 };
    return ++counter;
}

QList<GpuLoad> HistoryStore::gpuLoads(const stats::SummaryBody &summary)
{
    QList<GpuLoad> out;
    gpuLoads(summary, out);
    return out;
}

void HistoryStore::gpuLoads(const stats::SummaryBody &summary, QList<GpuLoad> &out)
{
    out.resize(0); // keeps the capacity, unlike clear() on a shared list
    out.reserve(summary.gpus.size());
    for (const stats::SummaryGpu &g : summary.gpus)
        out.append(GpuLoad { g.gpuId, g.memoryUsagePercent, g.utilizationPercent });
}

const EndpointHistory *HistoryStore::endpoint(const QString &endpointId) const
{
    const auto it = m_histories.find(endpointId);
    return it == m_histories.end() ? nullptr : &it->second;
}

QStringList HistoryStore::endpointIds() const
{
    QStringList ids;
    ids.reserve(qsizetype(m_histories.size()));
    for (const auto &entry : m_histories)
        ids.append(entry.first);
    ids.sort();
    return ids;
}

qsizetype HistoryStore::bytesReserved() const
{
    qsizetype bytes = 0;
    for (const auto &entry : m_histories)
        bytes += entry.second.bytesReserved();
    return bytes;
}

} // namespace gpupool::history
