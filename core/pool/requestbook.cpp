#include "pool/requestbook.h"

#include "pool/pool.h"

namespace gpupool::pool {

namespace {

template<typename T, typename Callback, typename Signal>
void deliverResult(Pool &pool, bool destroying, RequestId id, Callback done, const Result<T> &result, Signal granted)
{
    auto run = [q = &pool, id, done = std::move(done), result, granted] {
        if (done)
            done(result);
        if (result)
            emit(q->*granted)(id, result.value());
        else
            emit q->requestFailed(id, result.error());
    };
    if (destroying)
        run();
    else
        QMetaObject::invokeMethod(&pool, std::move(run), Qt::QueuedConnection);
}

} // namespace

void RequestBook::add(RequestId id, LeaseCallback done)
{
    m_pending.insert(id, Pending { std::move(done), {} });
}

void RequestBook::addMany(RequestId id, LeasesCallback done)
{
    m_pending.insert(id, Pending { {}, std::move(done) });
}

void RequestBook::answer(RequestId id, const Result<lease::Lease> &result)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    LeaseCallback done = std::move(it->done);
    m_pending.erase(it);
    deliver(id, std::move(done), result);
}

void RequestBook::answerMany(RequestId id, const Result<QList<lease::Lease>> &result)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    LeasesCallback done = std::move(it->doneMany);
    m_pending.erase(it);
    deliverMany(id, std::move(done), result);
}

void RequestBook::deliver(RequestId id, LeaseCallback done, const Result<lease::Lease> &result)
{
    deliverResult(m_pool, m_destroying, id, std::move(done), result, &Pool::requestGranted);
}

void RequestBook::deliverMany(RequestId id, LeasesCallback done, const Result<QList<lease::Lease>> &result)
{
    deliverResult(m_pool, m_destroying, id, std::move(done), result, &Pool::reservationGranted);
}

} // namespace gpupool::pool
