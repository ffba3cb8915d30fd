#include "pool/poolprivate.h"

#include "util/logging.h"

#include <limits>

// queueRequestForRetry(): work that waits until an endpoint is back (the
// predecessor's recovery orchestrator queue).
namespace gpupool::pool {

quint64 Pool::queueRequestForRetry(RetryFunction fn, RetryCallback done, qint64 timeoutMs)
{
    auto refuse = [this, &done](Error error) -> quint64 {
        if (done)
            QMetaObject::invokeMethod(
                this, [done, error] { done(error); }, Qt::QueuedConnection);
        return 0;
    };
    if (!isMultiEndpointMode())
        return refuse(Error { ErrorCode::NotMultiEndpoint,
                              tr("Queueing a request for retry needs multi-endpoint mode "
                                 "(set GPU_STATS_SERVICE_ENDPOINTS)."),
                              Error::Severity::Error });
    if (!d->open)
        return refuse(d->notRunning());
    if (!fn)
        return refuse(Error { ErrorCode::InvalidArgument, tr("Nothing to retry: the function is empty."),
                              Error::Severity::Error });
    Private::Retry r;
    r.id = d->nextRetryId++;
    r.fn = std::move(fn);
    r.done = std::move(done);
    r.enqueuedMs = d->clock.nowMs();
    r.deadlineMs = timeoutMs < 0 ? -1 : r.enqueuedMs + timeoutMs;
    const quint64 id = r.id;
    d->retries.push_back(std::move(r));
    qCDebug(lcPool) << "retry" << id << "queued until an endpoint is back";
    emit retryQueueChanged(int(d->retries.size()));
    d->expireRetries(); // arms the deadline timer
    d->runRetriesIfUp();
    return id;
}

int Pool::retryQueueLength() const
{
    return int(d->retries.size());
}

bool Pool::Private::anyEndpointUp() const
{
    for (const endpoint::Endpoint *e : monitor.endpoints())
        if (e->health() == endpoint::Health::Healthy && e->isFresh())
            return true;
    return false;
}

void Pool::Private::runRetriesIfUp()
{
    if (retries.empty() || retryRunScheduled || !open || !anyEndpointUp())
        return;
    // From the event loop: a retried function may call back into the pool.
    retryRunScheduled = true;
    QMetaObject::invokeMethod(
        q,
        [this] {
            retryRunScheduled = false;
            if (!open || !anyEndpointUp())
                return;
            std::deque<Retry> due;
            due.swap(retries);
            retryTimer.stop();
            emit q->retryQueueChanged(0);
            for (Retry &r : due) {
                qCDebug(lcPool) << "running queued retry" << r.id;
                const QVariant value = r.fn();
                if (r.done)
                    r.done(value);
            }
        },
        Qt::QueuedConnection);
}

void Pool::Private::expireRetries()
{
    const qint64 now = clock.nowMs();
    qint64 next = -1;
    QList<Retry> expired;
    for (auto it = retries.begin(); it != retries.end();) {
        if (it->deadlineMs >= 0 && it->deadlineMs <= now) {
            expired.append(std::move(*it));
            it = retries.erase(it);
            continue;
        }
        if (it->deadlineMs >= 0 && (next < 0 || it->deadlineMs < next))
            next = it->deadlineMs;
        ++it;
    }
    if (next < 0)
        retryTimer.stop();
    else
        retryTimer.start(int(qBound(qint64(0), next - now, qint64(std::numeric_limits<int>::max()))));
    if (expired.isEmpty())
        return;
    emit q->retryQueueChanged(int(retries.size()));
    for (const Retry &r : std::as_const(expired)) {
        if (r.done)
            r.done(Error { ErrorCode::TimedOut,
                           Pool::tr("No endpoint came back in time: the queued request waited %1 s.")
                               .arg(QString::number(double(now - r.enqueuedMs) / 1000.0, 'f', 1)),
                           Error::Severity::Error });
    }
}

void Pool::Private::failAllRetries(const Error &error)
{
    if (retries.empty())
        return;
    std::deque<Retry> all;
    all.swap(retries);
    retryTimer.stop();
    emit q->retryQueueChanged(0);
    for (const Retry &r : all)
        if (r.done)
            r.done(error);
}

} // namespace gpupool::pool
