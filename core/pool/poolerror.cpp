#include "pool/poolerror.h"

#include "pool/poolstatus.h"

namespace gpupool::pool {

QString errorCodeName(ErrorCode code)
{
    if (int(code) < lease::kErrorCodeCount)
        return lease::errorCodeName(lease::ErrorCode(code));
    switch (code) {
    case ErrorCode::BadStoreUrl: return QStringLiteral("bad_store_url");
    case ErrorCode::UnknownStrategy: return QStringLiteral("unknown_strategy");
    case ErrorCode::UnknownEndpoint: return QStringLiteral("unknown_endpoint");
    case ErrorCode::NotMultiEndpoint: return QStringLiteral("not_multi_endpoint");
    case ErrorCode::AlreadyRunning: return QStringLiteral("already_running");
    case ErrorCode::NoEndpointReachable: return QStringLiteral("no_endpoint_reachable");
    default: break; // the lease layer's, named above
    }
    return QStringLiteral("unknown");
}

// Both enums expand one list, so a lease code is the pool code of the same value.
#define GPUPOOL_ERROR_CODE_SAME(c, name) static_assert(int(lease::ErrorCode::c) == int(ErrorCode::c));
GPUPOOL_LEASE_ERROR_CODES(GPUPOOL_ERROR_CODE_SAME)
#undef GPUPOOL_ERROR_CODE_SAME

Error Error::fromLease(const lease::LeaseError &error)
{
    return Error { ErrorCode(error.code), error.message, Severity::Error };
}

QString storeStateName(StoreState state)
{
    switch (state) {
    case StoreState::Closed: return QStringLiteral("closed");
    case StoreState::Ready: return QStringLiteral("ready");
    case StoreState::Connecting: return QStringLiteral("connecting");
    case StoreState::Unavailable: return QStringLiteral("unavailable");
    case StoreState::Failed: return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}

} // namespace gpupool::pool
