#pragma once

#include <QtGlobal>

// Lease times are absolute: milliseconds since the Unix epoch.
//
// Everything else that waits in gpupool reads the monotonic clock
// (endpoint::MonotonicClock), but a lease outlives the process that granted it:
// it is written to a file, read back after a restart and by the command line
// at the same time, and its expiry must mean the same instant to all of them.
// A monotonic clock's origin is private to one boot (and in practice to one
// process), so its numbers cannot be stored or shared. The price is that a
// jump of the system clock moves every expiry with it; leases last hours, and
// an operator who sets the clock back an hour gets an hour of extra lease,
// never a GPU granted twice (exclusivity does not depend on time).
namespace gpupool::lease {

class WallClock
{
public:
    virtual ~WallClock() = default;
    virtual qint64 msSinceEpoch() const = 0;
};

// QDateTime::currentMSecsSinceEpoch().
class SystemWallClock final : public WallClock
{
public:
    qint64 msSinceEpoch() const override;
    static SystemWallClock &instance();
};

} // namespace gpupool::lease
