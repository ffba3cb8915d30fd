#pragma once

#include "pool/poolerror.h"
#include "pool/poolstatus.h"

#include "balance/endpointview.h"
#include "config/settings.h"
#include "lease/lease.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QVariant>
#include <functional>

namespace gpupool {
class MonotonicClock;
class RandomSource;
class WallClock;
} // namespace gpupool

namespace gpupool::endpoint {
class SecretStore;
}

// How a Pool is built, and what its calls take.
namespace gpupool::pool {

struct PoolOptions
{
    // Resolved and checked by config::resolve(); the Pool does not re-check
    // thresholds (tests may put them above 100 to make every GPU assignable).
    config::Settings settings;

    // Owner of the leases this Pool grants: "user@host" when empty
    // (defaultOwner()). A program may give each request its own worker id.
    QString owner;

    // Where leases live is settings.storeUrl (the store/url setting):
    //   "sqlite:PATH"                  one SQLite file (shared on this machine)
    //   "redis://..." / "unix://..."   a shared Redis (see lease/redisurl.h)
    //   empty                          the user's default SQLite file, the same
    //                                  for every gpupool program (storefactory.h)

    // The strategy came from an option or a variable: it wins over the
    // pool's strategy in the store for this program only (and is not
    // written there).
    bool strategyPinned = false;

    // The predecessor's worker_timeout: how long requestGpu() waits when the
    // request names no timeout.
    qint64 defaultRequestTimeoutMs = 300'000;

    // Certificates trusted beside the system's for https endpoints, loaded by
    // the program from settings.caFile (endpoint/cafile.h).
    QList<QSslCertificate> caCertificates;

    // How long the samples for charts are kept.
    qint64 historyWindowMs = 3'600'000;

    // The breaker's open periods (docs/behaviour.md's values); tests shorten them.
    qint64 breakerOpenBaseMs = 10'000;
    qint64 breakerOpenCapMs = 120'000;
    // /gpu/stats (details: memory sizes, temperature, power) every N-th poll.
    int detailsEveryPolls = 6;

    // Injected time and randomness; null: the system's. The wall clock is for
    // lease times only (with Redis the server's clock is used when null).
    const gpupool::MonotonicClock *clock = nullptr;
    const gpupool::WallClock *wallClock = nullptr;
    gpupool::RandomSource *random = nullptr;
    // API keys of endpoints (and the Redis password); not owned, may be null.
    const endpoint::SecretStore *secrets = nullptr;
    // Lease ids (QUuid when empty): tests make them predictable.
    std::function<QString()> leaseIdGenerator;
    // The lease store and the allocator run on a thread of their own, so
    // that a store that keeps a call waiting (SQLite held by another program,
    // a slow Redis) never holds up this thread: the console's window. The
    // Pool's calls that return a store's answer then wait for that thread;
    // their asynchronous twins (a callback) do not.
    bool storeThread = false;
};

// "user@host" of this process: the operating system's name for its
// effective user id (never $USER, which cron, systemd and containers leave
// unset or set to anything) and QSysInfo::machineHostName(). GPUPOOL_OWNER,
// when set, is taken as the whole owner instead: a scheduler that runs jobs
// for others under one account names each job's owner deliberately.
// (A Redis URL with an ACL user beats both: Pool, ownerOf().)
QString defaultOwner();
// The user an owner names, as a GPU's processes name theirs: "alice" of
// "alice@gpu-7"; an owner without '@' (a worker id) is its own user.
QString ownerUser(const QString &owner);

// A request's id in its Pool.
using RequestId = quint64; // from 1, never reused; 0: none

// What the Pool's asynchronous calls answer with.
using LeaseCallback = std::function<void(const Result<lease::Lease> &)>;
using LeaseEndCallback = std::function<void(const Result<lease::LeaseEnd> &)>;
using LeasesCallback = std::function<void(const Result<QList<lease::Lease>> &)>;
using RetryFunction = std::function<QVariant()>;
using RetryCallback = std::function<void(const Result<QVariant> &)>;
using RefreshCallback = std::function<void(const RefreshResult &)>;

// Special values of GpuRequest::timeoutMs.
inline constexpr qint64 DefaultTimeout = -2; // PoolOptions::defaultRequestTimeoutMs
inline constexpr qint64 WaitForever = -1; // until served, cancelled or stopped
inline constexpr qint64 NoWait = 0; // only a GPU that is free now

struct GpuRequest
{
    qint64 timeoutMs = DefaultTimeout;
    QString owner; // empty: the pool's owner; a program may give a worker id
    QString note;
    lease::LeaseKind kind = lease::LeaseKind::Programmatic;
    qint64 durationMs = 0; // 0: the kind's default (1 h programmatic, 4 h interactive)
};

struct ReserveRequest
{
    int count = 1;
    balance::GpuFilter filter; // min memory, name substring, endpoint ids
    bool partial = false; // accept fewer than count (at least one)
    bool oneEndpoint = false; // all on one endpoint (lease::ReserveOptions::oneEndpoint)
    QString owner; // empty: the pool's owner
    QString note;
    lease::LeaseKind kind = lease::LeaseKind::Interactive;
    qint64 durationMs = 0;
};

// Who releases, and how a lease that is already gone is reported.
struct ReleaseOptions
{
    QString by; // empty: the pool's owner
    // An operator (console, gpupoolctl) gets an unknown or already-ended
    // lease as an error; a program as a warning (Error::Severity::Warning,
    // logged, nothing else happens). Someone else's lease is always an error.
    bool asProgram = false;
};

} // namespace gpupool::pool
