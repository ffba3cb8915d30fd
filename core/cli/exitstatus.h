#pragma once

#include "lease/leaseerror.h"

// The exit statuses of gpupoolctl (documented in its --help and the README).
namespace gpupool::cli {

enum class ExitStatus : int {
    Ok = 0,
    Failure = 1,        // anything else that went wrong
    Usage = 2,          // bad command line or configuration
    TimedOut = 3,       // waited for a GPU until --wait ran out
    NotEnoughGpus = 4,  // fewer GPUs than asked for (and not --partial)
    NoEndpoint = 5,     // no endpoint could be reached
};

inline int code(ExitStatus status)
{
    return static_cast<int>(status);
}

// The status for a failed lease operation.
ExitStatus exitStatusFor(lease::ErrorCode error);

// One line each, for --help and the README.
QString exitStatusHelp();

} // namespace gpupool::cli
