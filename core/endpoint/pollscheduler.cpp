#include "endpoint/pollscheduler.h"

#include <algorithm>
#include <climits>

namespace gpupool::endpoint {

ScheduledCall::ScheduledCall(PollScheduler &scheduler, std::function<void()> call)
    : m_scheduler(scheduler)
    , m_call(std::move(call))
{
}

ScheduledCall::~ScheduledCall()
{
    cancel();
    m_scheduler.forget(this);
}

void ScheduledCall::armAt(qint64 atMs)
{
    ++m_generation;
    m_dueMs = atMs;
    if (!m_armed)
        ++m_scheduler.m_live;
    m_armed = true;
    m_scheduler.push(this);
}

void ScheduledCall::cancel()
{
    ++m_generation; // its heap entry goes stale and is dropped when reached
    if (m_armed)
        --m_scheduler.m_live;
    m_armed = false;
}

PollScheduler::PollScheduler(const MonotonicClock &clock, QObject *parent) : QObject(parent), m_clock(clock)
{
    m_timer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early, which here is a wasted
    // wake-up that finds nothing due.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PollScheduler::runDue);
}

bool PollScheduler::later(const Entry &a, const Entry &b)
{
    return a.dueMs != b.dueMs ? a.dueMs > b.dueMs : a.order > b.order;
}

void PollScheduler::push(ScheduledCall *call)
{
    m_heap.push_back({ call->m_dueMs, m_order++, call, call->m_generation });
    std::push_heap(m_heap.begin(), m_heap.end(), later);
    // Stale entries would pile up if calls were re-armed over and over
    // before their time; compact when they outnumber the live ones.
    if (m_heap.size() > 2 * m_live + 64) {
        std::erase_if(m_heap, [](const Entry &e) { return e.generation != e.call->m_generation; });
        std::make_heap(m_heap.begin(), m_heap.end(), later);
    }
    if (!m_firing)
        rearm();
}

void PollScheduler::forget(ScheduledCall *call)
{
    // Rare (an endpoint removed): a linear pass is fine.
    const auto before = m_heap.size();
    std::erase_if(m_heap, [call](const Entry &e) { return e.call == call; });
    if (m_heap.size() != before) {
        std::make_heap(m_heap.begin(), m_heap.end(), later);
        if (!m_firing)
            rearm();
    }
}

void PollScheduler::runDue()
{
    m_armedForMs = -1;
    m_firing = true;
    const qint64 now = m_clock.nowMs();
    // What a call arms while we fire waits for the next round, even when it
    // is due now: a call that re-arms itself for "now" cannot spin here.
    const quint64 roundEnd = m_order;
    while (!m_heap.empty() && m_heap.front().dueMs <= now && m_heap.front().order < roundEnd) {
        std::pop_heap(m_heap.begin(), m_heap.end(), later);
        const Entry e = m_heap.back();
        m_heap.pop_back();
        if (e.generation != e.call->m_generation)
            continue; // re-armed or cancelled since
        e.call->m_armed = false;
        --m_live;
        // May arm calls again (pushed, not run now: their time is later or
        // they wait for the next round), or destroy other calls.
        e.call->m_call();
    }
    m_firing = false;
    rearm();
}

void PollScheduler::rearm()
{
    while (!m_heap.empty() && m_heap.front().generation != m_heap.front().call->m_generation) {
        std::pop_heap(m_heap.begin(), m_heap.end(), later);
        m_heap.pop_back();
    }
    if (m_heap.empty()) {
        m_timer.stop();
        m_armedForMs = -1;
        return;
    }
    const qint64 due = m_heap.front().dueMs;
    if (m_timer.isActive() && due == m_armedForMs)
        return;
    m_armedForMs = due;
    m_timer.start(int(std::clamp<qint64>(wakeFor(due) - m_clock.nowMs(), 0, INT_MAX)));
}

void PollScheduler::setWakeGranularity(qint64 ms)
{
    m_granularityMs = std::max<qint64>(0, ms);
    m_armedForMs = -1; // the timer's wake-up moves with the grid: rearm() starts it anew
    if (!m_firing)
        rearm();
}

qint64 PollScheduler::wakeFor(qint64 dueMs) const
{
    if (m_granularityMs <= 1)
        return dueMs;
    // Round up on the monotonic clock's own grid, so that every call due in
    // the same step shares one wake-up however they were armed.
    const qint64 r = dueMs % m_granularityMs;
    return r == 0 ? dueMs : dueMs + (m_granularityMs - (r < 0 ? r + m_granularityMs : r));
}

} // namespace gpupool::endpoint
