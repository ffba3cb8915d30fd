#pragma once

#include "balance/endpointview.h"

#include <QList>
#include <initializer_list>

// Short ways to write the endpoint views the balance tests feed in.
namespace gpupool::testing {

inline balance::GpuView gpu(int id, double mem = 10, double util = 10, qint64 totalMb = 0,
                            const char *name = "NVIDIA H100 80GB HBM3")
{
    balance::GpuView g;
    g.localId = id;
    g.name = QString::fromLatin1(name);
    g.memoryPercent = mem;
    g.utilizationPercent = util;
    g.memoryTotalMb = totalMb;
    return g;
}

// `count` idle GPUs numbered from 0.
inline balance::EndpointView endpoint(const char *id, int count)
{
    balance::EndpointView e;
    e.id = QString::fromLatin1(id);
    for (int i = 0; i < count; ++i)
        e.gpus.append(gpu(i));
    return e;
}

inline balance::EndpointView endpoint(const char *id, std::initializer_list<balance::GpuView> gpus)
{
    balance::EndpointView e;
    e.id = QString::fromLatin1(id);
    e.gpus = QList<balance::GpuView>(gpus);
    return e;
}

inline balance::EndpointView withResponse(balance::EndpointView e, double ms)
{
    e.responseTimeMs = ms;
    return e;
}

inline balance::EndpointView withPrice(balance::EndpointView e, double price)
{
    e.hourlyPrice = price;
    return e;
}

} // namespace gpupool::testing
