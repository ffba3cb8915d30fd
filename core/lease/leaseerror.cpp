#include "lease/leaseerror.h"

namespace gpupool::lease {

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
    }
    return QString();
}

} // namespace gpupool::lease
