#include "pool/enginefeed.h"

#include "pool/allocatorhost.h"

#include "endpoint/monitor.h"

#include <limits>

namespace gpupool::pool {

void readUsability(const endpoint::Endpoint &e, balance::EndpointView &v)
{
    v.breakerClosed = e.breaker().state() == endpoint::BreakerState::Closed;
    v.dataFresh = e.isFresh();
    // 401/403 and 404 are configuration problems: never chosen (docs/behaviour.md).
    const std::optional<endpoint::PollFailure> failure = e.lastFailure();
    v.authFailed
        = e.health() == endpoint::Health::Misconfigured || (failure && endpoint::isConfigProblem(failure->kind));
}

EngineFeed::EngineFeed(const endpoint::Monitor &monitor, AllocatorHost &host, const gpupool::MonotonicClock &clock,
                       QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_host(host)
    , m_clock(clock)
{
    m_staleTimer.setSingleShot(true);
    connect(&m_staleTimer, &QTimer::timeout, this, &EngineFeed::lapsed);
}

balance::EndpointView EngineFeed::viewOf(const endpoint::Endpoint &e)
{
    balance::EndpointView v;
    v.id = e.id();
    readUsability(e, v);
    if (const std::optional<stats::EndpointSnapshot> &snap = e.snapshot()) {
        for (const stats::SummaryGpu &g : snap->summary.gpus) {
            balance::GpuView gv;
            gv.localId = g.gpuId;
            gv.name = g.name;
            gv.memoryPercent = g.memoryUsagePercent;
            gv.utilizationPercent = g.utilizationPercent;
            if (const stats::StatsGpu *details = snap->detailsFor(g.gpuId))
                gv.memoryTotalMb = details->memoryTotalMb;
            v.gpus.append(gv);
        }
    }
    v.responseTimeMs = e.averageResponseMs();
    return v;
}

void EngineFeed::push(const endpoint::Endpoint &e)
{
    if (!m_host.isOpen())
        return;
    balance::EndpointView v = viewOf(e);
    const auto it = m_pushed.constFind(v.id);
    if (it != m_pushed.constEnd() && *it == v)
        return;
    m_pushed.insert(v.id, v);
    m_host.post([v = std::move(v)](AllocatorHost::Work &w) { w.allocator.updateEndpoint(v); });
}

void EngineFeed::pushAll()
{
    m_pushed.clear();
    if (!m_host.isOpen())
        return;
    QList<balance::EndpointView> views;
    for (const endpoint::Endpoint *e : m_monitor.endpoints()) {
        views.append(viewOf(*e));
        m_pushed.insert(views.last().id, views.last());
    }
    m_host.post([views = std::move(views)](AllocatorHost::Work &w) { w.allocator.setEndpoints(views); });
}

void EngineFeed::pushLapsed()
{
    if (!m_host.isOpen())
        return;
    for (const endpoint::Endpoint *e : m_monitor.endpoints()) {
        const auto it = m_pushed.constFind(e->id());
        if (it == m_pushed.constEnd() || it->dataFresh != e->isFresh())
            push(*e);
    }
}

void EngineFeed::watch(bool live)
{
    if (!live) {
        m_staleTimer.stop();
        return;
    }
    // The moment the freshest-to-go-stale snapshot gets too old, even if no poll answers.
    qint64 next = -1;
    for (const endpoint::Endpoint *e : m_monitor.endpoints()) {
        if (!e->isFresh())
            continue;
        const qint64 at = e->lastSeenMs() + endpoint::EndpointOptions::kFreshIntervals * e->options().pollIntervalMs;
        if (next < 0 || at < next)
            next = at;
    }
    if (next < 0)
        m_staleTimer.stop();
    else
        m_staleTimer.start(int(qBound(qint64(0), next - m_clock.nowMs() + 1, qint64(std::numeric_limits<int>::max()))));
}

} // namespace gpupool::pool
