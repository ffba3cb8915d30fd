#pragma once

#include "history/ringbuffer.h"
#include "history/samples.h"

#include <QList>
#include <QPointF>
#include <limits>
#include <map>

// The history of one endpoint: one shared time axis, the endpoint's own
// numbers and one column per GPU, all kept for a time window (up to 24 h) and
// bounded by a sample capacity. Pure data structure: the caller supplies the
// (monotonic) times.
namespace gpupool::history {

enum class GpuMetric : quint8 { MemoryPercent, UtilizationPercent };
enum class EndpointMetric : quint8 { ResponseMs, Health, AverageUtilization };

class EndpointHistory
{
public:
    // `capacity` bounds the samples held even when polls come faster than the
    // window was sized for.
    EndpointHistory(qint64 windowMs, qsizetype capacity);

    qint64 windowMs() const { return m_windowMs; }
    // A new window and capacity; the newest samples that fit are kept.
    void resize(qint64 windowMs, qsizetype capacity);
    qsizetype capacity() const { return m_points.capacity(); }
    qsizetype size() const { return m_points.size(); }
    bool isEmpty() const { return m_points.isEmpty(); }

    // Adds one poll's numbers. Times that go backwards are clamped to the last
    // one (the history is fed from a monotonic clock; this only guards it).
    // Samples older than the window are dropped.
    void append(const EndpointSample &sample, const QList<GpuLoad> &gpus);

    qint64 timeAt(qsizetype i) const { return m_baseMs + m_points.at(i).offsetMs; }
    qint64 lastTimeMs() const { return isEmpty() ? -1 : timeAt(size() - 1); }
    QList<int> gpuIds() const;

    // Points (monotonic ms, value) at or after sinceMs, oldest first, leaving
    // out missing values. With maxPoints > 0 every k-th point is kept (and the
    // newest always), so a chart of 24 h need not draw 86 400 points.
    QList<QPointF> gpuSeries(int gpuId, GpuMetric metric, qint64 sinceMs = std::numeric_limits<qint64>::min(),
                             qsizetype maxPoints = 0) const;
    QList<QPointF> endpointSeries(EndpointMetric metric, qint64 sinceMs = std::numeric_limits<qint64>::min(),
                                  qsizetype maxPoints = 0) const;

    // Storage reserved for all columns, in bytes.
    qsizetype bytesReserved() const;

private:
    struct GpuColumn
    {
        RingBuffer<GpuPoint> points;
        qsizetype present = 0; // points that are not missing; 0 = column can go
    };

    void evictBefore(qint64 cutoffMs);
    void dropFirst(qsizetype n);
    void rebaseIfNeeded(qint64 atMs);
    qsizetype firstIndexAtOrAfter(qint64 sinceMs) const;
    template<typename Value>
    QList<QPointF> series(qint64 sinceMs, qsizetype maxPoints, Value value) const;

    qint64 m_windowMs;
    qint64 m_baseMs = 0;
    RingBuffer<EndpointPoint> m_points;
    std::map<int, GpuColumn> m_gpus; // ordered by GPU id
};

} // namespace gpupool::history
