#include "cli/exitstatus.h"

#include <QCoreApplication>

namespace gpupool::cli {

ExitStatus exitStatusFor(pool::ErrorCode error)
{
    using pool::ErrorCode;
    switch (error) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::BadStoreUrl:
    case ErrorCode::UnknownStrategy:
    case ErrorCode::UnknownEndpoint:
    case ErrorCode::NotMultiEndpoint: return ExitStatus::Usage;
    case ErrorCode::TimedOut: return ExitStatus::TimedOut;
    case ErrorCode::NotEnoughGpus: return ExitStatus::NotEnoughGpus;
    case ErrorCode::NoEndpointReachable: return ExitStatus::NoEndpoint;
    case ErrorCode::NotRunning:
    case ErrorCode::UnknownLease:
    case ErrorCode::AlreadyEnded:
    case ErrorCode::NotOwner:
    case ErrorCode::GpuTaken:
    case ErrorCode::Cancelled:
    case ErrorCode::StoreCorrupt:
    case ErrorCode::StoreReadOnly:
    case ErrorCode::StoreTooNew:
    case ErrorCode::StoreBusy:
    case ErrorCode::StoreFailed:
    case ErrorCode::StoreUnavailable:
    case ErrorCode::AlreadyRunning: break;
    }
    return ExitStatus::Failure;
}

QString exitStatusHelp()
{
    return QCoreApplication::translate("gpupool::cli::ExitStatus",
                                       "Exit status:\n"
                                       "  0  success\n"
                                       "  1  failure\n"
                                       "  2  usage or configuration error\n"
                                       "  3  timed out waiting for GPUs (--wait)\n"
                                       "  4  not enough GPUs\n"
                                       "  5  no endpoint reachable\n"
                                       "  run: the command's status (128+N when signal N ended it); 126 when it "
                                       "cannot\n  be started, 127 when there is no such command");
}

} // namespace gpupool::cli
