#pragma once

#include <QHash>
#include <QString>
#include <deque>

// docs/behaviour.md: "When at least half of the endpoints fail in one cycle with
// local errors (refused, DNS, unreachable), show 'this machine looks offline'
// rather than escalating every breaker." Pure logic: the caller reports each
// endpoint's answers with monotonic times and asks whether the machine looks
// offline now.
//
// A cycle is one poll interval: an endpoint counts when its latest answer was
// a local error and came within the last cycle (endpoints not polled lately,
// such as those with an open breaker, do not count). At least two endpoints
// must fail that way, so a single dead server never makes the whole machine
// look offline.
namespace gpupool::endpoint {

class OfflineDetector
{
public:
    explicit OfflineDetector(qint64 cycleMs = 5'000) : m_cycleMs(cycleMs) {}

    void setCycleMs(qint64 cycleMs) { m_cycleMs = cycleMs; }
    void setEndpointCount(int count) { m_endpointCount = count; }
    int endpointCount() const { return m_endpointCount; }

    // The latest answer of an endpoint: a local error or anything else.
    void report(const QString &endpointId, bool localError, qint64 nowMs);
    void forget(const QString &endpointId);

    bool looksOffline(qint64 nowMs);
    // Endpoints whose latest answer within the last cycle was a local error.
    int localFailures(qint64 nowMs);

private:
    struct Latest
    {
        qint64 atMs = 0;
        bool local = false;
        bool counted = false; // included in m_localCount
    };
    void expire(qint64 nowMs);

    qint64 m_cycleMs;
    int m_endpointCount = 0;
    int m_localCount = 0;
    QHash<QString, Latest> m_latest;
    std::deque<std::pair<qint64, QString>> m_localEvents; // oldest first, for expiry
};

} // namespace gpupool::endpoint
