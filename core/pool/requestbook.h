#pragma once

#include "pool/pooloptions.h"
#include "pool/poolerror.h"

#include "lease/lease.h"

#include <QHash>
#include <functional>

// The Pool's requests that wait for an answer (requestGpu(), requestGpus()),
// and how every answer is delivered: to the request's callback and to the
// Pool's signals, exactly once, from the event loop - never inside the call
// that asked - unless the Pool is being destroyed and there is no loop turn
// left.
namespace gpupool::pool {

class Pool;

class RequestBook
{
public:
    explicit RequestBook(Pool &pool) : m_pool(pool) {}

    // A new id (from 1, never reused).
    RequestId nextId() { return m_nextId++; }
    // The request waits for its answer (answer()/answerMany()).
    void add(RequestId id, LeaseCallback done);
    void addMany(RequestId id, LeasesCallback done);
    bool contains(RequestId id) const { return m_pending.contains(id); }

    // The answer of a waiting request (ignored when it is not waiting).
    void answer(RequestId id, const Result<lease::Lease> &result);
    void answerMany(RequestId id, const Result<QList<lease::Lease>> &result);
    // An answer given without waiting (refused at once).
    void deliver(RequestId id, LeaseCallback done, const Result<lease::Lease> &result);
    void deliverMany(RequestId id, LeasesCallback done, const Result<QList<lease::Lease>> &result);

    // From now on answers run at once: the Pool goes.
    void setDestroying() { m_destroying = true; }

private:
    struct Pending
    {
        LeaseCallback done;
        LeasesCallback doneMany;
    };

    Pool &m_pool;
    QHash<RequestId, Pending> m_pending;
    RequestId m_nextId = 1;
    bool m_destroying = false;
};

} // namespace gpupool::pool
