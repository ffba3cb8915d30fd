#pragma once

#include "balance/endpointview.h"
#include "util/clock.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace gpupool::endpoint {
class Endpoint;
class Monitor;
} // namespace gpupool::endpoint

// What the polls say, brought to the allocator: each endpoint as the
// balancer sees it (readings, whether it may be chosen at all), pushed when
// it changed. Freshness lapses with time alone (docs/behaviour.md: readings
// older than 3 polling intervals are not assignable), so the feed also
// watches for the next lapse while the pool runs.
namespace gpupool::pool {

class AllocatorHost;

// The part of a view that decides whether e's GPUs may be chosen at all
// (EndpointView::isUsable): the one rule the balancer, the reports
// (EndpointInfo::usable) and the console all read.
void readUsability(const endpoint::Endpoint &e, balance::EndpointView &v);

class EngineFeed final : public QObject
{
    Q_OBJECT

public:
    EngineFeed(const endpoint::Monitor &monitor, AllocatorHost &host, const gpupool::MonotonicClock &clock,
               QObject *parent = nullptr);

    static balance::EndpointView viewOf(const endpoint::Endpoint &e);
    // One endpoint's view, unless the allocator has it already.
    void push(const endpoint::Endpoint &e);
    // Every endpoint's, replacing what the allocator had (a store just opened).
    void pushAll();
    // Views whose freshness moved since they were pushed.
    void pushLapsed();
    // While `live`, waits for the next lapse (lapsed()); else stops waiting.
    void watch(bool live);

signals:
    void lapsed();

private:
    const endpoint::Monitor &m_monitor;
    AllocatorHost &m_host;
    const gpupool::MonotonicClock &m_clock;
    QHash<QString, balance::EndpointView> m_pushed; // the last view given to the allocator
    QTimer m_staleTimer;
};

} // namespace gpupool::pool
