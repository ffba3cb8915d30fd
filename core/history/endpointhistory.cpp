#include "history/endpointhistory.h"

#include <algorithm>

namespace gpupool::history {

namespace {

bool hasValue(const GpuPoint &p)
{
    return p.memoryPercent != kMissing || p.utilizationPercent != kMissing;
}

quint16 saturate16(qint64 v, quint16 max = 0xFFFE)
{
    return quint16(std::clamp<qint64>(v, 0, max));
}

} // namespace

EndpointHistory::EndpointHistory(qint64 windowMs, qsizetype capacity)
    : m_windowMs(std::max<qint64>(1, windowMs))
    , m_points(capacity)
{
}

void EndpointHistory::append(const EndpointSample &sample, const QList<GpuLoad> &gpus)
{
    qint64 at = sample.atMs;
    if (isEmpty())
        m_baseMs = at;
    else
        at = std::max(at, lastTimeMs());
    evictBefore(at - m_windowMs);
    rebaseIfNeeded(at); // after eviction: the oldest sample left is the new base
    if (m_points.size() == m_points.capacity())
        dropFirst(1); // keep every column the same length as the time axis

    EndpointPoint p;
    p.offsetMs = quint32(at - m_baseMs);
    p.responseMs = sample.responseMs ? saturate16(*sample.responseMs) : kNoResponse;
    p.health = quint8(std::clamp(sample.health, 0, 0xFF));
    p.averageUtilization = encodePercent(sample.averageUtilization);
    const qsizetype before = m_points.size();
    m_points.push(p);

    for (const GpuLoad &g : gpus) {
        auto it = m_gpus.find(g.gpuId);
        if (it == m_gpus.end()) {
            // A GPU seen for the first time: its column starts with gaps so it
            // lines up with the time axis.
            it = m_gpus.emplace(g.gpuId, GpuColumn { RingBuffer<GpuPoint>(m_points.capacity()), 0 }).first;
            for (qsizetype i = 0; i < before; ++i)
                it->second.points.push(GpuPoint {});
        }
        if (it->second.points.size() > before)
            continue; // the same id twice in one poll: the first one counts
        const GpuPoint gp { encodePercent(g.memoryPercent), encodePercent(g.utilizationPercent) };
        it->second.points.push(gp);
        if (hasValue(gp))
            ++it->second.present;
    }
    // GPUs absent from this poll get a gap.
    for (auto &[id, column] : m_gpus)
        if (column.points.size() == before)
            column.points.push(GpuPoint {});
}

void EndpointHistory::resize(qint64 windowMs, qsizetype capacity)
{
    m_windowMs = std::max<qint64>(1, windowMs);
    capacity = std::max<qsizetype>(1, capacity);
    if (size() > capacity)
        dropFirst(size() - capacity);
    if (!isEmpty())
        evictBefore(lastTimeMs() - m_windowMs);
    m_points.setCapacity(capacity);
    for (auto &entry : m_gpus)
        entry.second.points.setCapacity(capacity);
}

void EndpointHistory::evictBefore(qint64 cutoffMs)
{
    qsizetype n = 0;
    while (n < m_points.size() && timeAt(n) < cutoffMs)
        ++n;
    dropFirst(n);
}

void EndpointHistory::dropFirst(qsizetype n)
{
    if (n <= 0)
        return;
    m_points.dropFirst(n);
    for (auto it = m_gpus.begin(); it != m_gpus.end();) {
        GpuColumn &c = it->second;
        for (qsizetype i = 0; i < n && i < c.points.size(); ++i)
            if (hasValue(c.points.at(i)))
                --c.present;
        c.points.dropFirst(n);
        // A GPU that has left the window entirely frees its column.
        if (c.present == 0)
            it = m_gpus.erase(it);
        else
            ++it;
    }
}

void EndpointHistory::rebaseIfNeeded(qint64 atMs)
{
    // Offsets are 32-bit: after ~49 days of uptime move the base up to the
    // oldest sample held (the window is at most a day, so everything fits).
    constexpr qint64 kLimit = 0xF0000000LL;
    if (atMs - m_baseMs < kLimit)
        return;
    const qint64 newBase = isEmpty() ? atMs : timeAt(0);
    const quint32 shift = quint32(newBase - m_baseMs);
    for (qsizetype i = 0; i < m_points.size(); ++i)
        m_points.at(i).offsetMs -= shift;
    m_baseMs = newBase;
}

QList<int> EndpointHistory::gpuIds() const
{
    QList<int> ids;
    ids.reserve(qsizetype(m_gpus.size()));
    for (const auto &entry : m_gpus)
        ids.append(entry.first);
    return ids;
}

qsizetype EndpointHistory::firstIndexAtOrAfter(qint64 sinceMs) const
{
    qsizetype lo = 0, hi = size();
    while (lo < hi) {
        const qsizetype mid = lo + (hi - lo) / 2;
        if (timeAt(mid) < sinceMs)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

template<typename Value>
QList<QPointF> EndpointHistory::series(qint64 sinceMs, qsizetype maxPoints, Value value) const
{
    QList<QPointF> out;
    const qsizetype first = firstIndexAtOrAfter(sinceMs);
    const qsizetype n = size() - first;
    if (n <= 0)
        return out;
    const qsizetype stride = maxPoints > 0 ? std::max<qsizetype>(1, (n + maxPoints - 1) / maxPoints) : 1;
    out.reserve(n / stride + 1);
    for (qsizetype i = first; i < size(); ++i) {
        // Keep every stride-th point counted from the newest, so the newest is
        // always there.
        if ((size() - 1 - i) % stride != 0)
            continue;
        if (const std::optional<double> v = value(i))
            out.append(QPointF(double(timeAt(i)), *v));
    }
    return out;
}

QList<QPointF> EndpointHistory::gpuSeries(int gpuId, GpuMetric metric, qint64 sinceMs, qsizetype maxPoints) const
{
    const auto it = m_gpus.find(gpuId);
    if (it == m_gpus.end())
        return {};
    const RingBuffer<GpuPoint> &points = it->second.points;
    return series(sinceMs, maxPoints, [&](qsizetype i) {
        const GpuPoint &p = points.at(i);
        return decodePercent(metric == GpuMetric::MemoryPercent ? p.memoryPercent : p.utilizationPercent);
    });
}

QList<QPointF> EndpointHistory::endpointSeries(EndpointMetric metric, qint64 sinceMs, qsizetype maxPoints) const
{
    return series(sinceMs, maxPoints, [&](qsizetype i) -> std::optional<double> {
        const EndpointPoint &p = m_points.at(i);
        switch (metric) {
        case EndpointMetric::ResponseMs:
            if (p.responseMs == kNoResponse)
                return std::nullopt;
            return double(p.responseMs);
        case EndpointMetric::Health: return double(p.health);
        case EndpointMetric::AverageUtilization: break;
        }
        return decodePercent(p.averageUtilization);
    });
}

qsizetype EndpointHistory::bytesReserved() const
{
    qsizetype bytes = m_points.bytesReserved();
    for (const auto &entry : m_gpus)
        bytes += entry.second.points.bytesReserved() + qsizetype(sizeof(entry));
    return bytes;
}

} // namespace gpupool::history
