#pragma once

#include <QLoggingCategory>

// One logging category per module, named gpupool.<module>. The programs switch
// them on with --debug (QLoggingCategory::setFilterRules("gpupool.*.debug=true")).
Q_DECLARE_LOGGING_CATEGORY(lcStats)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcEndpoint)
Q_DECLARE_LOGGING_CATEGORY(lcHistory)
Q_DECLARE_LOGGING_CATEGORY(lcBalance)
Q_DECLARE_LOGGING_CATEGORY(lcLease)
Q_DECLARE_LOGGING_CATEGORY(lcRedis)
Q_DECLARE_LOGGING_CATEGORY(lcPool)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcKeyring)
Q_DECLARE_LOGGING_CATEGORY(lcConsole)
Q_DECLARE_LOGGING_CATEGORY(lcCtl)

namespace gpupool {
// Turns every gpupool.* debug category on; used by the programs' --debug.
void enableDebugLogging();
} // namespace gpupool
