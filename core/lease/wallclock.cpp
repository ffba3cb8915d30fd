#include "lease/wallclock.h"

#include <QDateTime>

namespace gpupool::lease {

qint64 SystemWallClock::msSinceEpoch() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

SystemWallClock &SystemWallClock::instance()
{
    static SystemWallClock clock;
    return clock;
}

} // namespace gpupool::lease
