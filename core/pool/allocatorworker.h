#pragma once

#include "pool/allocatorhost.h"

#include <QTimer>

// The store's thread's side of AllocatorHost: the allocator, its store, and
// the news they make. Not part of the API.
namespace gpupool::pool {

struct AllocatorPublished
{
    bool running = false;
    int available = 0;
    int queueLength = 0;
    qint64 nextTickAtMs = -1; // on the monotonic clock
    AllocatorFigures figures;
    StoreStatus store;
};

class AllocatorWorker final : public QObject, public lease::AllocatorObserver
{
public:
    // How stale the figures may grow when no news come with them.
    static constexpr int kQuietPublishMs = 50;

    explicit AllocatorWorker(AllocatorHost &host);

    lease::Status open(const AllocatorHost::StoreMaker &make);
    void close();
    void runJob(const std::function<void(AllocatorHost::Work &)> &job);
    void request(RequestId id, const lease::RequestOptions &options);
    void reserveWhenFree(RequestId id, const lease::ReserveOptions &options, qint64 timeoutMs);
    bool cancel(RequestId id);

    // Own thread: the news so far go out after fresh figures, now or once
    // the jobs already queued have run.
    void publishNow();
    void schedulePublish();
    void fill(AllocatorPublished &p) const;
    StoreStatus storeStatus() const;

    // --- AllocatorObserver (on the store's thread)
    void leaseGranted(const lease::Lease &lease) override
    {
        say([l = &m_listener, lease] { l->leaseGranted(lease); });
    }
    void leaseRenewed(const lease::Lease &lease) override
    {
        say([l = &m_listener, lease] { l->leaseRenewed(lease); });
    }
    void leaseEnded(const lease::LeaseEnd &end) override
    {
        say([l = &m_listener, end] { l->leaseEnded(end); });
    }
    void requestQueued(quint64 ticket, int position) override
    {
        const RequestId id = m_idOf.value(ticket, m_requesting);
        if (id != 0)
            say([l = &m_listener, id, position] { l->requestQueued(id, position); });
    }
    void requestFailed(quint64, const lease::LeaseError &) override
    {
        say([l = &m_listener] { l->queueMoved(); });
    }
    void leasesReloaded() override
    {
        say([l = &m_listener] { l->leasesReloaded(); });
    }
    void storeChangedElsewhere() override;

    lease::Allocator *allocator() const { return m_allocator.get(); }
    // News for the Pool's thread: own thread, held for the next figures;
    // inline, queued for deliver().
    void say(std::function<void()> news);
    bool poolOpen = false;

private:
    void forget(RequestId id);
    // A shared store's news, outside any job.
    void handleRedisState();
    void handleRedisLeasesChanged();
    void afterStoreNews();

    AllocatorHost &m_host;
    AllocatorListener &m_listener;
    std::unique_ptr<lease::LeaseStore> m_store;
    lease::RedisLeaseStore *m_redis = nullptr;
    std::unique_ptr<lease::Allocator> m_allocator;
    QString m_startError; // a shared store came back but could not be read
    QHash<RequestId, quint64> m_ticketOf; // 0: answered inside request()
    QHash<quint64, RequestId> m_idOf;
    RequestId m_requesting = 0;
    int m_depth = 0; // inside a job
    bool m_publishScheduled = false;
    QTimer *m_quietPublish; // a child: it moves to the store's thread with this
    QList<std::function<void()>> m_held; // own thread: news waiting for their figures
};

} // namespace gpupool::pool
