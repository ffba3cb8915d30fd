#pragma once

#include "pool/poolerror.h"

#include <QString>

// The exit statuses of gpupoolctl (documented in its --help and the README).
namespace gpupool::cli {

enum class ExitStatus : int {
    Ok = 0,
    Failure = 1, // anything else that went wrong
    Usage = 2, // bad command line or configuration
    TimedOut = 3, // waited for GPUs until --wait ran out
    NotEnoughGpus = 4, // fewer GPUs than asked for (and not --partial)
    NoEndpoint = 5, // no endpoint could be reached
    // run: as a shell says them. Otherwise run exits with its command's status.
    CannotExecute = 126, // found but could not be started
    NotFound = 127, // no such command
};

inline int code(ExitStatus status)
{
    return static_cast<int>(status);
}

// The status for a failed Pool operation: the user's own mistakes (a bad
// store URL, an unknown strategy or endpoint id) are usage errors.
ExitStatus exitStatusFor(pool::ErrorCode error);

// The "Exit status:" block of --help (and the README).
QString exitStatusHelp();

} // namespace gpupool::cli
