#include "lease/waitqueue.h"

#include <QCoreApplication>

namespace gpupool::lease {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::WaitQueue", text);
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1);
}

} // namespace

quint64 WaitQueue::push(Waiter waiter)
{
    waiter.ticket = m_nextTicket++;
    const quint64 ticket = waiter.ticket;
    m_waiters.push_back(std::move(waiter));
    return ticket;
}

Waiter WaitQueue::takeFront()
{
    Waiter w = std::move(m_waiters.front());
    m_waiters.pop_front();
    return w;
}

Waiter WaitQueue::takeAt(int index)
{
    const auto it = m_waiters.begin() + index;
    Waiter w = std::move(*it);
    m_waiters.erase(it);
    return w;
}

std::optional<Waiter> WaitQueue::take(quint64 ticket)
{
    for (auto it = m_waiters.begin(); it != m_waiters.end(); ++it) {
        if (it->ticket == ticket) {
            Waiter w = std::move(*it);
            m_waiters.erase(it);
            return w;
        }
    }
    return std::nullopt;
}

int WaitQueue::position(quint64 ticket) const
{
    for (size_t i = 0; i < m_waiters.size(); ++i)
        if (m_waiters[i].ticket == ticket)
            return int(i);
    return -1;
}

QList<Waiter> WaitQueue::takeTimedOut(qint64 nowMs)
{
    QList<Waiter> out;
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        if (it->deadlineMs >= 0 && it->deadlineMs <= nowMs) {
            out.append(std::move(*it));
            it = m_waiters.erase(it);
        } else {
            ++it;
        }
    }
    return out;
}

QList<Waiter> WaitQueue::takeAll()
{
    QList<Waiter> out;
    for (Waiter &w : m_waiters)
        out.append(std::move(w));
    m_waiters.clear();
    return out;
}

qint64 WaitQueue::nextDeadlineMs() const
{
    qint64 next = -1;
    for (const Waiter &w : m_waiters)
        if (w.deadlineMs >= 0 && (next < 0 || w.deadlineMs < next))
            next = w.deadlineMs;
    return next;
}

Waiter *WaitQueue::find(quint64 ticket)
{
    for (Waiter &w : m_waiters)
        if (w.ticket == ticket)
            return &w;
    return nullptr;
}

const Waiter *WaitQueue::find(quint64 ticket) const
{
    return const_cast<WaitQueue *>(this)->find(ticket);
}

const Waiter *WaitQueue::findByStoreId(quint64 storeId) const
{
    if (storeId == 0)
        return nullptr;
    for (const Waiter &w : m_waiters)
        if (w.storeId == storeId)
            return &w;
    return nullptr;
}

QList<WaiterInfo> WaitQueue::snapshot(qint64 nowMs) const
{
    QList<WaiterInfo> out;
    for (const Waiter &w : m_waiters)
        out.append(infoOf(w, nowMs));
    return out;
}

WaiterInfo WaitQueue::infoOf(const Waiter &w, qint64 nowMs)
{
    return { w.ticket,
             w.storeId,
             w.owner,
             w.note,
             nowMs - w.enqueuedAtMs,
             w.deadlineMs < 0 ? -1 : qMax<qint64>(0, w.deadlineMs - nowMs),
             w.count,
             queuerules::describeWants(entryOf(w)) };
}

QueueEntry entryOf(const Waiter &w)
{
    QueueEntry e;
    e.owner = w.owner;
    e.note = w.note;
    e.kind = w.kind;
    e.count = w.count;
    e.partial = w.partial;
    e.oneEndpoint = w.oneEndpoint;
    e.filter = w.filter;
    return e;
}

LeaseError timedOutError(const Waiter &waiter, qint64 nowMs)
{
    if (waiter.count > 1)
        return { ErrorCode::TimedOut,
                 tr("Not enough GPUs became available for %1 (%2 requested): the request waited %3 s and timed out.")
                     .arg(waiter.owner, QString::number(waiter.count), seconds(nowMs - waiter.enqueuedAtMs)) };
    return { ErrorCode::TimedOut,
             tr("No GPU became available for %1: the request waited %2 s and timed out.")
                 .arg(waiter.owner, seconds(nowMs - waiter.enqueuedAtMs)) };
}

LeaseError stoppedError(const Waiter &waiter, qint64 nowMs)
{
    return { ErrorCode::Cancelled,
             tr("The GPU pool was stopped while the request of %1 was waiting for a GPU (after %2 s).")
                 .arg(waiter.owner, seconds(nowMs - waiter.enqueuedAtMs)) };
}

LeaseError cancelledError(const Waiter &waiter, qint64 nowMs)
{
    return { ErrorCode::Cancelled,
             tr("The request of %1 was withdrawn after waiting %2 s for a GPU.")
                 .arg(waiter.owner, seconds(nowMs - waiter.enqueuedAtMs)) };
}

LeaseError removedError(const Waiter &waiter, qint64 nowMs)
{
    return { ErrorCode::Cancelled,
             tr("The request of %1 was taken off the shared wait queue after %2 s (cancelled from another "
                "program, or this one missed its heartbeats).")
                 .arg(waiter.owner, seconds(nowMs - waiter.enqueuedAtMs)) };
}

} // namespace gpupool::lease
