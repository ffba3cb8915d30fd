#pragma once

#include "pool/pooloptions.h"

#include "util/clock.h"

#include <QObject>
#include <QTimer>
#include <QVariant>
#include <deque>
#include <functional>

// Work that waits until an endpoint is back (the predecessor's recovery
// orchestrator queue; Pool::queueRequestForRetry()). Each entry runs once,
// from the event loop, when the Pool says it may (run()); or fails with
// TimedOut at its deadline, or with the error failAll() gives.
namespace gpupool::pool {

class RetryQueue final : public QObject
{
    Q_OBJECT

public:
    // `mayRun`: whether queued work may run now (the pool runs and an
    // endpoint is up); asked again from the event loop before running.
    RetryQueue(const gpupool::MonotonicClock &clock, std::function<bool()> mayRun, QObject *parent = nullptr);

    // timeoutMs < 0: no deadline. Returns the entry's id (from 1).
    quint64 add(RetryFunction fn, RetryCallback done, qint64 timeoutMs);
    int size() const { return int(m_entries.size()); }
    // Runs every entry soon, from the event loop, if mayRun() says so then.
    void runIfPossible();
    // Every entry fails with `error` now.
    void failAll(const Error &error);
    // Entries past their deadline fail with TimedOut now; the timer for the
    // next deadline is armed. A timer calls it; so may whoever moved a clock.
    void expireDue();

signals:
    void sizeChanged(int queued);

private:
    struct Entry
    {
        quint64 id = 0;
        RetryFunction fn;
        RetryCallback done;
        qint64 enqueuedMs = 0;
        qint64 deadlineMs = -1;
    };

    const gpupool::MonotonicClock &m_clock;
    std::function<bool()> m_mayRun;
    std::deque<Entry> m_entries;
    quint64 m_nextId = 1;
    bool m_runScheduled = false;
    QTimer m_deadline;
};

} // namespace gpupool::pool
