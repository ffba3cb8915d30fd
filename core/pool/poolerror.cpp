#include "pool/poolerror.h"

#include "pool/poolstatus.h"

namespace gpupool::pool {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return QStringLiteral("invalid_argument");
    case ErrorCode::NotRunning: return QStringLiteral("not_running");
    case ErrorCode::UnknownLease: return QStringLiteral("unknown_lease");
    case ErrorCode::AlreadyEnded: return QStringLiteral("already_ended");
    case ErrorCode::NotOwner: return QStringLiteral("not_owner");
    case ErrorCode::GpuTaken: return QStringLiteral("gpu_taken");
    case ErrorCode::NotEnoughGpus: return QStringLiteral("not_enough_gpus");
    case ErrorCode::TimedOut: return QStringLiteral("timed_out");
    case ErrorCode::Cancelled: return QStringLiteral("cancelled");
    case ErrorCode::StoreCorrupt: return QStringLiteral("store_corrupt");
    case ErrorCode::StoreReadOnly: return QStringLiteral("store_read_only");
    case ErrorCode::StoreTooNew: return QStringLiteral("store_too_new");
    case ErrorCode::StoreBusy: return QStringLiteral("store_busy");
    case ErrorCode::StoreFailed: return QStringLiteral("store_failed");
    case ErrorCode::StoreUnavailable: return QStringLiteral("store_unavailable");
    case ErrorCode::BadStoreUrl: return QStringLiteral("bad_store_url");
    case ErrorCode::UnknownStrategy: return QStringLiteral("unknown_strategy");
    case ErrorCode::UnknownEndpoint: return QStringLiteral("unknown_endpoint");
    case ErrorCode::NotMultiEndpoint: return QStringLiteral("not_multi_endpoint");
    case ErrorCode::AlreadyRunning: return QStringLiteral("already_running");
    case ErrorCode::NoEndpointReachable: return QStringLiteral("no_endpoint_reachable");
    }
    return QStringLiteral("unknown");
}

Error Error::fromLease(const lease::LeaseError &error)
{
    ErrorCode code = ErrorCode::StoreFailed;
    switch (error.code) {
    case lease::ErrorCode::InvalidArgument: code = ErrorCode::InvalidArgument; break;
    case lease::ErrorCode::NotRunning: code = ErrorCode::NotRunning; break;
    case lease::ErrorCode::UnknownLease: code = ErrorCode::UnknownLease; break;
    case lease::ErrorCode::AlreadyEnded: code = ErrorCode::AlreadyEnded; break;
    case lease::ErrorCode::NotOwner: code = ErrorCode::NotOwner; break;
    case lease::ErrorCode::GpuTaken: code = ErrorCode::GpuTaken; break;
    case lease::ErrorCode::NotEnoughGpus: code = ErrorCode::NotEnoughGpus; break;
    case lease::ErrorCode::TimedOut: code = ErrorCode::TimedOut; break;
    case lease::ErrorCode::Cancelled: code = ErrorCode::Cancelled; break;
    case lease::ErrorCode::StoreCorrupt: code = ErrorCode::StoreCorrupt; break;
    case lease::ErrorCode::StoreReadOnly: code = ErrorCode::StoreReadOnly; break;
    case lease::ErrorCode::StoreTooNew: code = ErrorCode::StoreTooNew; break;
    case lease::ErrorCode::StoreBusy: code = ErrorCode::StoreBusy; break;
    case lease::ErrorCode::StoreFailed: code = ErrorCode::StoreFailed; break;
    case lease::ErrorCode::StoreUnavailable: code = ErrorCode::StoreUnavailable; break;
    }
    return Error { code, error.message, Severity::Error };
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
