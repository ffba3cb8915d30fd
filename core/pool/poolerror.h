#pragma once

#include "lease/leaseerror.h"

#include <QMetaType>
#include <QString>
#include <optional>
#include <utility>
#include <variant>

// Errors of the Pool façade: the lease layer's codes plus the ones only the
// façade can meet (a bad store URL, an unknown endpoint, a call that needs
// multi-endpoint mode). One code a program can act on, one translated line a
// person can read; nothing throws.
namespace gpupool::pool {

enum class ErrorCode : quint8 {
    // The lease layer's (lease::ErrorCode), same meaning, same values.
    GPUPOOL_LEASE_ERROR_CODES(GPUPOOL_ERROR_CODE_ENUMERATOR)
    // The façade's own.
    BadStoreUrl, // --store / storeUrl not understood
    UnknownStrategy, // exactly StrategyRegistry::unknownStrategyMessage
    UnknownEndpoint, // no endpoint with that id
    NotMultiEndpoint, // the call needs multi-endpoint mode (as the predecessor's did)
    AlreadyRunning,
    NoEndpointReachable, // refreshOnce(): no endpoint answered
};

QString errorCodeName(ErrorCode code); // "unknown_lease", "store_unavailable", ...

struct Error
{
    enum class Severity : quint8 { Error, Warning };

    ErrorCode code = ErrorCode::StoreFailed;
    QString message;
    // Warning: nothing was lost and nothing is held (releasing a lease that is
    // already gone, asked for by a program); an operator still sees an error.
    Severity severity = Severity::Error;

    bool isWarning() const { return severity == Severity::Warning; }
    static Error fromLease(const lease::LeaseError &error);

    friend bool operator==(const Error &, const Error &) = default;
};

// A value or the error that prevented it (core/util/expected.h).
template<typename T>
using Result = util::Expected<T, Error>;

// For operations that return nothing but may fail: nullopt is success.
using Status = std::optional<Error>;

// A lease-layer result as a pool result.
template<typename T>
Result<T> fromLease(const lease::Result<T> &r)
{
    if (r.ok())
        return Result<T>(r.value());
    return Result<T>(Error::fromLease(r.error()));
}

} // namespace gpupool::pool

Q_DECLARE_METATYPE(gpupool::pool::Error)
