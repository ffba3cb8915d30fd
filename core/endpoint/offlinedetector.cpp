#include "endpoint/offlinedetector.h"

#include <algorithm>

namespace gpupool::endpoint {

void OfflineDetector::report(const QString &endpointId, bool localError, qint64 nowMs)
{
    // With no endpoint counted, an answer that is not a local error changes
    // nothing: the common case (every poll of a healthy pool) skips the
    // hash lookup.
    if (!localError && m_localCount == 0)
        return;
    Latest &latest = m_latest[endpointId];
    if (latest.counted)
        --m_localCount;
    latest = Latest { nowMs, localError, localError };
    if (localError) {
        ++m_localCount;
        m_localEvents.emplace_back(nowMs, endpointId);
    }
}

void OfflineDetector::forget(const QString &endpointId)
{
    const auto it = m_latest.constFind(endpointId);
    if (it == m_latest.cend())
        return;
    if (it->counted)
        --m_localCount;
    m_latest.erase(it);
}

void OfflineDetector::expire(qint64 nowMs)
{
    // Each local error is queued once and leaves once: amortised O(1).
    while (!m_localEvents.empty() && m_localEvents.front().first < nowMs - m_cycleMs) {
        const auto &[atMs, id] = m_localEvents.front();
        const auto it = m_latest.find(id);
        if (it != m_latest.end() && it->counted && it->atMs == atMs) {
            it->counted = false;
            --m_localCount;
        }
        m_localEvents.pop_front();
    }
}

int OfflineDetector::localFailures(qint64 nowMs)
{
    expire(nowMs);
    return m_localCount;
}

bool OfflineDetector::looksOffline(qint64 nowMs)
{
    const int failing = localFailures(nowMs);
    return failing >= 2 && 2 * failing >= m_endpointCount;
}

} // namespace gpupool::endpoint
