#include "pool/allocatorhost.h"

#include "pool/allocatorworker.h"

#include "util/clock.h"

namespace gpupool::pool {

AllocatorHost::AllocatorHost(AllocatorListener &listener, Setup setup)
    : m_listener(listener)
    , m_setup(std::move(setup))
    , m_worker(std::make_unique<AllocatorWorker>(*this))
    , m_published(std::make_unique<AllocatorPublished>())
{
    if (!m_setup.clock)
        m_setup.clock = &gpupool::SteadyClock::instance();
    if (m_setup.ownThread) {
        m_thread.setObjectName(QStringLiteral("lease-store"));
        m_worker->moveToThread(&m_thread);
        m_thread.start();
    }
}

AllocatorHost::~AllocatorHost()
{
    close();
    if (m_setup.ownThread) {
        m_thread.quit();
        m_thread.wait();
    }
    m_worker.reset();
    // News still queued speak of a store that is gone.
    QMutexLocker lock(&m_mutex);
    m_news.clear();
}

lease::Status AllocatorHost::open(const AllocatorHost::StoreMaker &make)
{
    if (m_open)
        return std::nullopt;
    lease::Status status;
    onStoreThread([&] { status = m_worker->open(make); });
    m_open = !status;
    deliver();
    return status;
}

void AllocatorHost::close()
{
    if (!m_open)
        return;
    onStoreThread([this] {
        m_worker->poolOpen = false;
        m_worker->close();
    });
    m_open = false;
    deliver();
}

void AllocatorHost::onStoreThread(const std::function<void()> &step)
{
    if (!m_setup.ownThread) {
        step();
        return;
    }
    QSemaphore done;
    AllocatorWorker *w = m_worker.get();
    QMetaObject::invokeMethod(
        w,
        [&] {
            step();
            w->publishNow(); // the figures (and news) of that step, before the caller goes on
            done.release();
        },
        Qt::QueuedConnection);
    done.acquire();
}

void AllocatorHost::setPoolOpen(bool open)
{
    if (!m_setup.ownThread) {
        m_worker->poolOpen = open;
        return;
    }
    AllocatorWorker *w = m_worker.get();
    QMetaObject::invokeMethod(
        w, [w, open] { w->poolOpen = open; }, Qt::QueuedConnection);
}

void AllocatorHost::runAndWait(const std::function<void(AllocatorHost::Work &)> &job)
{
    if (!m_open)
        return;
    onStoreThread([&] { m_worker->runJob(job); });
    deliver();
}

void AllocatorHost::enqueue(std::function<void(AllocatorHost::Work &)> job, std::function<void()> done)
{
    if (!m_open)
        return;
    if (!m_setup.ownThread) {
        m_worker->runJob(job);
        deliver();
        // Never before the call that posted it returns, as on the own thread.
        if (done)
            QMetaObject::invokeMethod(&m_context, std::move(done), Qt::QueuedConnection);
        return;
    }
    AllocatorWorker *w = m_worker.get();
    QMetaObject::invokeMethod(
        w,
        [this, w, job = std::move(job), done = std::move(done)]() mutable {
            w->runJob(job);
            if (done)
                w->say(std::move(done)); // behind the figures and the job's news
            w->schedulePublish();
        },
        Qt::QueuedConnection);
}

void AllocatorHost::request(RequestId id, const lease::RequestOptions &options)
{
    post([this, id, options](Work &) { m_worker->request(id, options); });
}

void AllocatorHost::reserveWhenFree(RequestId id, const lease::ReserveOptions &options, qint64 timeoutMs)
{
    post([this, id, options, timeoutMs](Work &) { m_worker->reserveWhenFree(id, options, timeoutMs); });
}

bool AllocatorHost::cancel(RequestId id)
{
    return call<bool>([this, id](Work &) { return m_worker->cancel(id); }, false);
}

void AllocatorHost::send(std::function<void()> news)
{
    {
        QMutexLocker lock(&m_mutex);
        m_news.push_back(std::move(news));
    }
    // Inline, the job that sent it delivers at its end; this catches the
    // news that no job sent (an answer to a call made while closed).
    if (!m_deliverScheduled.exchange(true))
        QMetaObject::invokeMethod(
            &m_context,
            [this] {
                m_deliverScheduled = false;
                deliver();
            },
            Qt::QueuedConnection);
}

void AllocatorHost::deliver()
{
    m_inlineStale = true; // every job and every store news end here
    for (;;) {
        std::function<void()> news;
        {
            QMutexLocker lock(&m_mutex);
            if (m_news.empty())
                return;
            news = std::move(m_news.front());
            m_news.pop_front();
        }
        news();
    }
}

const AllocatorPublished &AllocatorHost::published() const
{
    if (!m_setup.ownThread && m_inlineStale) { // inline: as it is now
        m_worker->fill(*m_published);
        m_inlineStale = false;
    }
    return *m_published;
}

bool AllocatorHost::isRunning() const
{
    if (!m_setup.ownThread)
        return m_worker->allocator() && m_worker->allocator()->isRunning();
    return m_published->running;
}

int AllocatorHost::available() const
{
    if (!m_setup.ownThread)
        return m_worker->allocator() ? m_worker->allocator()->availableGpus() : 0;
    return m_published->available;
}

int AllocatorHost::queueLength() const
{
    if (!m_setup.ownThread)
        return m_worker->allocator() ? m_worker->allocator()->queueLength() : 0;
    return m_published->queueLength;
}

qint64 AllocatorHost::msUntilNextTick() const
{
    if (!m_setup.ownThread)
        return m_worker->allocator() ? m_worker->allocator()->msUntilNextTick() : -1;
    if (m_published->nextTickAtMs < 0)
        return -1;
    return qMax<qint64>(0, m_published->nextTickAtMs - m_setup.clock->nowMs());
}

const AllocatorFigures &AllocatorHost::figures() const
{
    return published().figures;
}

StoreStatus AllocatorHost::storeStatus() const
{
    if (!m_setup.ownThread)
        return m_worker->storeStatus();
    return m_published->store;
}

} // namespace gpupool::pool
