#include "util/logging.h"

Q_LOGGING_CATEGORY(lcStats, "gpupool.stats", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "gpupool.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "gpupool.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "gpupool.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEndpoint, "gpupool.endpoint", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHistory, "gpupool.history", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBalance, "gpupool.balance", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLease, "gpupool.lease", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRedis, "gpupool.redis", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPool, "gpupool.pool", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "gpupool.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcKeyring, "gpupool.keyring", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConsole, "gpupool.console", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCtl, "gpupool.ctl", QtInfoMsg)

namespace gpupool {
void enableDebugLogging()
{
    QLoggingCategory::setFilterRules(QStringLiteral("gpupool.*.debug=true"));
}
} // namespace gpupool
