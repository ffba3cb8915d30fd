#include "pool/retryqueue.h"

#include "util/logging.h"

#include <limits>

namespace gpupool::pool {

RetryQueue::RetryQueue(const gpupool::MonotonicClock &clock, std::function<bool()> mayRun, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_mayRun(std::move(mayRun))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &RetryQueue::expireDue);
}

quint64 RetryQueue::add(RetryFunction fn, RetryCallback done, qint64 timeoutMs)
{
    Entry e;
    e.id = m_nextId++;
    e.fn = std::move(fn);
    e.done = std::move(done);
    e.enqueuedMs = m_clock.nowMs();
    e.deadlineMs = timeoutMs < 0 ? -1 : e.enqueuedMs + timeoutMs;
    const quint64 id = e.id;
    m_entries.push_back(std::move(e));
    qCDebug(lcPool) << "retry" << id << "queued until an endpoint is back";
    emit sizeChanged(size());
    expireDue(); // arms the deadline timer
    runIfPossible();
    return id;
}

void RetryQueue::runIfPossible()
{
    if (m_entries.empty() || m_runScheduled || !m_mayRun())
        return;
    // From the event loop: a retried function may call back into the pool.
    m_runScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_runScheduled = false;
            if (!m_mayRun())
                return;
            std::deque<Entry> due;
            due.swap(m_entries);
            m_deadline.stop();
            emit sizeChanged(0);
            for (Entry &e : due) {
                qCDebug(lcPool) << "running queued retry" << e.id;
                const QVariant value = e.fn();
                if (e.done)
                    e.done(value);
            }
        },
        Qt::QueuedConnection);
}

void RetryQueue::expireDue()
{
    const qint64 now = m_clock.nowMs();
    qint64 next = -1;
    QList<Entry> expired;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->deadlineMs >= 0 && it->deadlineMs <= now) {
            expired.append(std::move(*it));
            it = m_entries.erase(it);
            continue;
        }
        if (it->deadlineMs >= 0 && (next < 0 || it->deadlineMs < next))
            next = it->deadlineMs;
        ++it;
    }
    if (next < 0)
        m_deadline.stop();
    else
        m_deadline.start(int(qBound(qint64(0), next - now, qint64(std::numeric_limits<int>::max()))));
    if (expired.isEmpty())
        return;
    emit sizeChanged(size());
    for (const Entry &e : std::as_const(expired)) {
        if (e.done)
            e.done(Error { ErrorCode::TimedOut,
                           tr("No endpoint came back in time: the queued request waited %1 s.")
                               .arg(QString::number(double(now - e.enqueuedMs) / 1000.0, 'f', 1)),
                           Error::Severity::Error });
    }
}

void RetryQueue::failAll(const Error &error)
{
    if (m_entries.empty())
        return;
    std::deque<Entry> all;
    all.swap(m_entries);
    m_deadline.stop();
    emit sizeChanged(0);
    for (const Entry &e : all)
        if (e.done)
            e.done(error);
}

} // namespace gpupool::pool
