#include "config/settingkey.h"

#include <QCoreApplication>

namespace gpupool::config {

namespace {

// Order must follow enum Key: keyInfo() indexes by it (checked below).
constexpr std::array<KeyInfo, keyCount> kKeys { {
    { Key::ServiceEndpoint, "GPU_SERVICE_ENDPOINT", nullptr, "endpoints/single", "endpoint", "http://localhost:8080" },
    { Key::ServiceEndpoints, "GPU_STATS_SERVICE_ENDPOINTS", "GPU_SERVICE_ENDPOINTS", "endpoints/list", "endpoints",
      nullptr },
    { Key::Strategy, "GPU_LOAD_BALANCING_STRATEGY", nullptr, "balancing/strategy", "strategy", "availability" },
    { Key::MemoryThresholdPercent, "GPU_MEMORY_THRESHOLD_PERCENT", nullptr, "thresholds/memoryPercent",
      "memory-threshold", "80" },
    { Key::UtilizationThresholdPercent, "GPU_UTILIZATION_THRESHOLD_PERCENT", nullptr, "thresholds/utilizationPercent",
      "utilization-threshold", "90" },
    { Key::PollingIntervalSeconds, "GPU_POLLING_INTERVAL", "GPU_POLLING_INTERVAL_SECONDS", "polling/intervalSeconds",
      "polling-interval", "5" },
    { Key::EndpointTimeoutSeconds, "GPU_ENDPOINT_TIMEOUT", nullptr, "endpoints/timeoutSeconds", "endpoint-timeout",
      "10" },
    { Key::MaxRetries, "GPU_ENDPOINT_MAX_RETRIES", nullptr, "endpoints/maxRetries", "max-retries", "3" },
    { Key::HealthCheckIntervalSeconds, "GPU_ENDPOINT_HEALTH_CHECK_INTERVAL", nullptr,
      "endpoints/healthCheckIntervalSeconds", "health-check-interval", "30" },
    { Key::MaxBodyBytes, "GPUPOOL_MAX_BODY_BYTES", nullptr, "network/maxBodyBytes", "max-body-bytes", "4194304" },
    { Key::Store, "GPUPOOL_STORE", nullptr, "store/url", "store", nullptr },
    { Key::ApiKeyFile, "GPUPOOL_API_KEY_FILE", nullptr, "endpoints/apiKeyFile", "api-key-file", nullptr },
    { Key::CaFile, "GPUPOOL_CA_FILE", nullptr, "endpoints/caFile", "ca-file", nullptr },
    { Key::Transport, "GPUPOOL_TRANSPORT", nullptr, "network/transport", "transport", "auto" },
    { Key::Proxy, "GPUPOOL_PROXY", nullptr, "network/proxy", "proxy", "system" },
} };

constexpr bool tableInKeyOrder()
{
    for (int i = 0; i < keyCount; ++i)
        if (static_cast<int>(kKeys[static_cast<size_t>(i)].key) != i)
            return false;
    return true;
}
static_assert(tableInKeyOrder(), "kKeys must list the keys in enum order");

} // namespace

const KeyInfo &keyInfo(Key key)
{
    return kKeys[static_cast<size_t>(key)];
}

const std::array<KeyInfo, keyCount> &allKeys()
{
    return kKeys;
}

QString sourceName(Source source)
{
    switch (source) {
    case Source::Override: return QCoreApplication::translate("gpupool::config::Source", "command line");
    case Source::Environment: return QCoreApplication::translate("gpupool::config::Source", "environment");
    case Source::SettingsFile: return QCoreApplication::translate("gpupool::config::Source", "settings file");
    case Source::Default: break;
    }
    return QCoreApplication::translate("gpupool::config::Source", "default");
}

} // namespace gpupool::config
