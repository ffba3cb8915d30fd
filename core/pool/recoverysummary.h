#pragma once

#include "pool/poolstatus.h"

#include <QString>

namespace gpupool::pool {

// docs/behaviour.md "Error-recovery summary text", byte for byte: a blank line,
// the header, the counts, then (when there are endpoints) a blank line, the
// breaker block with "Failure Rate" to one decimal, and a closing blank line.
// In single-endpoint mode the body is one line:
// "Mode: Single-endpoint (error recovery not applicable)".
QString recoverySummaryText(const ErrorRecoveryStatus &status);

} // namespace gpupool::pool
