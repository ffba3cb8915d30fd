#include "pool/recoverysummary.h"

#include <QStringList>

namespace gpupool::pool {

namespace {

// "CLOSED", "OPEN", "HALF_OPEN": the breaker's state name, upper case.
QString upperState(endpoint::BreakerState state)
{
    return endpoint::stateName(state).toUpper();
}

} // namespace

// Not translated: scripts read it, and docs/behaviour.md fixes every byte.
QString recoverySummaryText(const ErrorRecoveryStatus &status)
{
    QString out = QStringLiteral("\n=== Error Recovery Status ===\n");
    if (!status.multiEndpoint) {
        out += QStringLiteral("Mode: Single-endpoint (error recovery not applicable)\n\n");
        return out;
    }
    out += QStringLiteral("System Status: ")
        + (status.fullyDegraded ? QStringLiteral("DEGRADED") : QStringLiteral("OPERATIONAL")) + QLatin1Char('\n');
    out += QStringLiteral("Total Endpoints: ") + QString::number(status.totalEndpoints) + QLatin1Char('\n');
    out += QStringLiteral("Healthy Endpoints: ") + QString::number(status.healthyEndpoints) + QLatin1Char('\n');
    out += QStringLiteral("Degraded Endpoints: ") + QString::number(status.degradedEndpoints) + QLatin1Char('\n');
    out += QStringLiteral("Queued Requests: ") + QString::number(status.queuedRequests) + QLatin1Char('\n');
    out += QStringLiteral("Recovery Operations Active: ") + QString::number(status.recoveryOperationsActive)
        + QLatin1Char('\n');
    if (!status.endpoints.isEmpty()) {
        out += QStringLiteral("\n--- Circuit Breaker Status ---\n");
        for (const EndpointRecovery &e : status.endpoints)
            out += e.id + QStringLiteral(": ") + upperState(e.state) + QStringLiteral(" (Failure Rate: ")
                + QString::number(e.failureRatePercent, 'f', 1) + QStringLiteral("%)\n");
    }
    out += QLatin1Char('\n');
    return out;
}

} // namespace gpupool::pool
