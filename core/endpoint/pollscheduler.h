#pragma once

#include "util/clock.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <vector>

// One timer for every endpoint's polls and health checks. A QTimer each
// (two per endpoint) made Qt keep thousands of timers in a sorted list that
// every start and stop walks (bench_poll at E=1000: QTimerInfoList
// insert/unregister were the largest user-space cost). Here the wake-ups are
// a binary heap on the injected monotonic clock behind a single QTimer.
//
// Wake-ups can be coalesced onto a grid (setWakeGranularity): a wake-up of
// the event loop cost more than the poll it served (bench_poll at E=1000:
// the loop, poll() and the context switch were ~10 of ~37 us a poll), and
// polls that start together also reach a server together and come back in
// fewer wake-ups. Calls never run early; they run at most one grid step late.
namespace gpupool::endpoint {

class PollScheduler;

// A wake-up that can be armed, re-armed and cancelled; re-arming replaces
// the earlier time. Belongs to one scheduler, which must outlive it.
class ScheduledCall
{
public:
    ScheduledCall(PollScheduler &scheduler, std::function<void()> call);
    ~ScheduledCall();
    ScheduledCall(const ScheduledCall &) = delete;
    ScheduledCall &operator=(const ScheduledCall &) = delete;

    void armAt(qint64 atMs);
    void cancel();
    bool isArmed() const { return m_armed; }
    qint64 dueMs() const { return m_dueMs; }
    PollScheduler &scheduler() const { return m_scheduler; }

private:
    friend class PollScheduler;
    PollScheduler &m_scheduler;
    std::function<void()> m_call;
    quint64 m_generation = 0; // heap entries of older generations are stale
    qint64 m_dueMs = 0;
    bool m_armed = false;
};

class PollScheduler final : public QObject
{
    Q_OBJECT

public:
    explicit PollScheduler(const MonotonicClock &clock, QObject *parent = nullptr);

    const MonotonicClock &clock() const { return m_clock; }
    // Runs every call due by the clock (the timer calls this; tests on a
    // fake clock call it after moving the clock). A call armed meanwhile
    // waits for the next round, even when it is already due.
    void runDue();
    // The earliest armed call's time (-1: nothing armed).
    qint64 nextDueMs() const { return m_armedForMs; }
    // When the timer fires for it: nextDueMs() rounded up to the grid.
    qint64 nextWakeMs() const { return m_armedForMs < 0 ? -1 : wakeFor(m_armedForMs); }
    // 0 (the default): wake for each call's own time.
    void setWakeGranularity(qint64 ms);
    qint64 wakeGranularity() const { return m_granularityMs; }
    // Heap entries, stale ones included (for tests and statistics).
    std::size_t pendingEntries() const { return m_heap.size(); }

private:
    friend class ScheduledCall;
    struct Entry
    {
        qint64 dueMs;
        quint64 order; // FIFO among equal times
        ScheduledCall *call;
        quint64 generation;
    };

    void push(ScheduledCall *call);
    void forget(ScheduledCall *call);
    void rearm();
    static bool later(const Entry &a, const Entry &b);
    qint64 wakeFor(qint64 dueMs) const;

    const MonotonicClock &m_clock;
    QTimer m_timer;
    std::vector<Entry> m_heap;
    quint64 m_order = 0;
    std::size_t m_live = 0; // armed calls (the heap also holds stale entries)
    qint64 m_armedForMs = -1;
    qint64 m_granularityMs = 0;
    bool m_firing = false;
};

} // namespace gpupool::endpoint
