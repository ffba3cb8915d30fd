#pragma once

#include "endpoint/route.h"

#include <QtGlobal>

// The fault matrix runs once per transport (tests/README.md): ctest starts
// the same executables a second time with GPUPOOL_TEST_TRANSPORT=qt, and
// every endpoint they build then runs on QNetworkAccessManager.
namespace gpupool::testing {

inline endpoint::Transport transportUnderTest()
{
    return qgetenv("GPUPOOL_TEST_TRANSPORT") == "qt" ? endpoint::Transport::Qt : endpoint::Transport::Auto;
}

inline bool testingQtTransport()
{
    return transportUnderTest() == endpoint::Transport::Qt;
}

} // namespace gpupool::testing
