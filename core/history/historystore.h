#pragma once

#include "history/endpointhistory.h"
#include "stats/bodies.h"

#include <QString>
#include <QStringList>
#include <unordered_map>

// All endpoints' histories, kept for one time window (behaviour: up to 24 h at
// the poll rate). This is what the live charts read. Not thread-safe: it lives
// with the monitor on the GUI (or main) thread.
namespace gpupool::history {

class HistoryStore
{
public:
    static constexpr qint64 kMaxWindowMs = 24LL * 3600 * 1000;
    static constexpr qint64 kMinIntervalMs = 200; // the fastest poll rate allowed

    // `sampleIntervalMs` is the poll interval: with the window it sizes each
    // ring (window / interval + 1 samples), which bounds memory even if polls
    // come faster than expected (the window is then shortened, not grown).
    explicit HistoryStore(qint64 windowMs = 3'600'000, qint64 sampleIntervalMs = 5'000);

    qint64 windowMs() const { return m_windowMs; }
    qsizetype capacityPerEndpoint() const { return m_capacity; }
    // Resizes every history; the newest samples that fit are kept.
    void setWindow(qint64 windowMs, qint64 sampleIntervalMs);

    void record(const QString &endpointId, const EndpointSample &sample, const QList<GpuLoad> &gpus);
    // The GPU points of a summary (for a failed poll, pass none: the GPUs get gaps).
    static QList<GpuLoad> gpuLoads(const stats::SummaryBody &summary);
    // The same into `out`, whose capacity is reused (once per poll: no allocation).
    static void gpuLoads(const stats::SummaryBody &summary, QList<GpuLoad> &out);

    const EndpointHistory *endpoint(const QString &endpointId) const;
    // One endpoint's history, made if missing, for a caller that records
    // often and keeps the pointer (the monitor, on every poll: a lookup by id
    // was ~5 % of a poll's CPU at E=1000). Valid while generation() stays
    // the same: remove() and clear() change it, and no two stores share one.
    EndpointHistory *historyFor(const QString &endpointId);
    quint64 generation() const { return m_generation; }
    QStringList endpointIds() const;
    void remove(const QString &endpointId)
    {
        m_histories.erase(endpointId);
        m_generation = nextGeneration();
    }
    void clear()
    {
        m_histories.clear();
        m_generation = nextGeneration();
    }

    qsizetype bytesReserved() const;

private:
    static quint64 nextGeneration();

    qint64 m_windowMs;
    quint64 m_generation = nextGeneration();
    qsizetype m_capacity;
    std::unordered_map<QString, EndpointHistory> m_histories;
};

} // namespace gpupool::history
