#pragma once

#include "util/expected.h"

#include <QString>
#include <optional>
#include <utility>
#include <variant>

// Errors of the lease layer: a code a program can act on and one translated
// line a person can read. Nothing here throws across the module's boundary.
namespace gpupool::lease {

// The lease layer's error codes and the names programs read (--json "code",
// the Python module). pool::ErrorCode begins with this same list, so the
// list has one owner: add a code here and both enums, both name functions
// and the conversion follow.
// clang-format off
#define GPUPOOL_LEASE_ERROR_CODES(X) \
    X(InvalidArgument, "invalid_argument") /* a bad request (empty owner, count < 1, ...) */ \
    X(NotRunning, "not_running") /* the allocator is not started (or was stopped) */ \
    X(UnknownLease, "unknown_lease") /* no lease with that id, active or ended */ \
    X(AlreadyEnded, "already_ended") /* released, expired or revoked before */ \
    X(NotOwner, "not_owner") /* someone else's lease: never released for them */ \
    X(GpuTaken, "gpu_taken") /* the GPU holds a lease (another process got there first) */ \
    X(NotEnoughGpus, "not_enough_gpus") /* reserve N found fewer */ \
    X(TimedOut, "timed_out") /* waited for a GPU until the request's timeout */ \
    X(Cancelled, "cancelled") /* the request was withdrawn, or the pool stopped */ \
    X(StoreCorrupt, "store_corrupt") /* the lease file is not a (readable) lease database */ \
    X(StoreReadOnly, "store_read_only") /* the lease file or its folder cannot be written */ \
    X(StoreTooNew, "store_too_new") /* written by a newer gpupool: not touched */ \
    X(StoreBusy, "store_busy") /* another program held the file too long */ \
    /* any other storage failure; for a shared store: the connection was lost \
       during the call, so the change may or may not have been made */ \
    X(StoreFailed, "store_failed") \
    /* a shared store that cannot serve now (down, restarting, not connected \
       yet): nothing was asked, nothing changed */ \
    X(StoreUnavailable, "store_unavailable")
// clang-format on

#define GPUPOOL_ERROR_CODE_ENUMERATOR(code, name) code,
enum class ErrorCode : quint8 { GPUPOOL_LEASE_ERROR_CODES(GPUPOOL_ERROR_CODE_ENUMERATOR) };
#define GPUPOOL_ERROR_CODE_COUNT(code, name) +1
inline constexpr int kErrorCodeCount = 0 GPUPOOL_LEASE_ERROR_CODES(GPUPOOL_ERROR_CODE_COUNT);
#undef GPUPOOL_ERROR_CODE_COUNT

QString errorCodeName(ErrorCode code);

struct LeaseError
{
    ErrorCode code = ErrorCode::StoreFailed;
    QString message;

    friend bool operator==(const LeaseError &, const LeaseError &) = default;
};

// A value or the error that prevented it (core/util/expected.h).
template<typename T>
using Result = util::Expected<T, LeaseError>;

// For operations that return nothing but may fail.
using Status = std::optional<LeaseError>;

} // namespace gpupool::lease
