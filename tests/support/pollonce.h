#pragma once

#include "endpoint/endpoint.h"

#include <QSignalSpy>

// One poll of `endpoint`, waited for with a bound well above its timeout; a
// poll that never answers reads as a failure saying so.
namespace gpupool::testing {

inline endpoint::PollOutcome pollOnce(endpoint::Endpoint &endpoint, int waitMs)
{
    QSignalSpy spy(&endpoint, &endpoint::Endpoint::polled);
    endpoint.pollNow();
    if (!spy.wait(waitMs))
        return endpoint::PollOutcome {
            false, {}, { endpoint::FailureKind::Other, QStringLiteral("no answer in %1 s").arg(waitMs / 1000), 0 }, 0
        };
    return spy.takeFirst().at(0).value<endpoint::PollOutcome>();
}

} // namespace gpupool::testing
