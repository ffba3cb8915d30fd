#pragma once

// An allocator on fake clocks with a recording observer, shared by the
// allocator tests.
#include "lease/allocator.h"
#include "lease/memoryleasestore.h"

#include "../balance/views.h"
#include "fakewallclock.h"

#include <QStringList>

namespace gpupool::testing {

using namespace gpupool::lease;
using balance::EndpointView;

inline constexpr qint64 Minute = 60 * 1000;
inline constexpr qint64 Hour = 60 * Minute;

// What a request's completion saw.
struct Call
{
    int calls = 0;
    std::optional<Lease> lease;
    std::optional<LeaseError> error;
    bool done() const { return calls > 0; }
};

inline Completion into(Call &call)
{
    return [&call](const Result<Lease> &r) {
        ++call.calls;
        if (r)
            call.lease = *r;
        else
            call.error = r.error();
    };
}

struct Recorder final : AllocatorObserver
{
    QStringList events;
    void leaseGranted(const Lease &l) override { events << QStringLiteral("granted ") + l.gpuId(); }
    void leaseRenewed(const Lease &l) override { events << QStringLiteral("renewed ") + l.gpuId(); }
    void leaseEnded(const LeaseEnd &e) override { events << reasonName(e.reason) + QLatin1Char(' ') + e.lease.gpuId(); }
    void requestQueued(quint64 ticket, int position) override
    {
        events << QStringLiteral("queued %1 at %2").arg(ticket).arg(position);
    }
    void requestFailed(quint64 ticket, const LeaseError &e) override
    {
        events << QStringLiteral("failed %1 ").arg(ticket) + errorCodeName(e.code);
    }
    void leasesReloaded() override { events << QStringLiteral("reloaded"); }
};

struct Rig
{
    Clocks clocks;
    MemoryLeaseStore memory;
    LeaseStore &store;
    Allocator allocator;
    Recorder observer;
    int nextId = 0;

    explicit Rig(QList<EndpointView> views = { endpoint("a", 2), endpoint("b", 2) }, LeaseStore *other = nullptr)
        : store(other ? *other : memory)
        , allocator(store, clocks.mono, clocks.wall)
    {
        allocator.setIdGenerator([this] { return QStringLiteral("L%1").arg(++nextId); });
        allocator.setObserver(&observer);
        allocator.setEndpoints(views);
        const Status s = allocator.start();
        Q_ASSERT(!s);
    }

    quint64 ask(Call &call, const char *owner = "w1", qint64 timeoutMs = -1)
    {
        RequestOptions o;
        o.owner = QString::fromLatin1(owner);
        o.timeoutMs = timeoutMs;
        return allocator.request(o, into(call));
    }
};

} // namespace gpupool::testing
