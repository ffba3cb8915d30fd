#pragma once

#include "util/expected.h"

#include <QString>
#include <optional>
#include <utility>
#include <variant>

// Errors of the lease layer: a code a program can act on and one translated
// line a person can read. Nothing here throws across the module's boundary.
namespace gpupool::lease {

enum class ErrorCode : quint8 {
    InvalidArgument, // a bad request (empty owner, count < 1, ...)
    NotRunning, // the allocator is not started (or was stopped)
    UnknownLease, // no lease with that id, active or ended
    AlreadyEnded, // released, expired or revoked before
    NotOwner, // someone else's lease: never released for them
    GpuTaken, // the GPU holds a lease (another process got there first)
    NotEnoughGpus, // reserve N found fewer
    TimedOut, // waited for a GPU until the request's timeout
    Cancelled, // the request was withdrawn, or the pool stopped
    StoreCorrupt, // the lease file is not a (readable) lease database
    StoreReadOnly, // the lease file or its folder cannot be written
    StoreTooNew, // written by a newer gpupool: not touched
    StoreBusy, // another program held the file too long
    StoreFailed, // any other storage failure; for a shared store: the
    // connection was lost during the call, so the change
    // may or may not have been made
    StoreUnavailable, // a shared store that cannot serve now (down, restarting,
    // not connected yet): nothing was asked, nothing changed
};

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
