#pragma once

#include <QLatin1String>
#include <QString>
#include <array>

// The settings gpupool reads, and where each one can come from.
//
// Precedence, highest first (docs/behaviour.md "Configuration"): command-line option or
// constructor argument -> environment variable -> settings file (QSettings) -> default.
//
// QSettings keys (read relative to the QSettings object's current group):
//
//   key                                   variable (alias)                      option
//   endpoints/single                      GPU_SERVICE_ENDPOINT                  --endpoint
//   endpoints/list                        GPU_STATS_SERVICE_ENDPOINTS           --endpoints
//                                           (GPU_SERVICE_ENDPOINTS)
//   balancing/strategy                    GPU_LOAD_BALANCING_STRATEGY           --strategy
//   thresholds/memoryPercent              GPU_MEMORY_THRESHOLD_PERCENT          --memory-threshold
//   thresholds/utilizationPercent         GPU_UTILIZATION_THRESHOLD_PERCENT     --utilization-threshold
//   polling/intervalSeconds               GPU_POLLING_INTERVAL                  --polling-interval
//                                           (GPU_POLLING_INTERVAL_SECONDS)
//   endpoints/timeoutSeconds              GPU_ENDPOINT_TIMEOUT                  --endpoint-timeout
//   endpoints/maxRetries                  GPU_ENDPOINT_MAX_RETRIES              --max-retries
//   endpoints/healthCheckIntervalSeconds  GPU_ENDPOINT_HEALTH_CHECK_INTERVAL    --health-check-interval
//   network/maxBodyBytes                  GPUPOOL_MAX_BODY_BYTES                --max-body-bytes
//   store/url                             GPUPOOL_STORE                         --store
//   endpoints/apiKeyFile                  GPUPOOL_API_KEY_FILE                  --api-key-file
//   endpoints/caFile                      GPUPOOL_CA_FILE                       --ca-file
//   network/transport                     GPUPOOL_TRANSPORT                     --transport
//   network/proxy                         GPUPOOL_PROXY                         --proxy
//
// store/url is the lease store every program of the user shares (one pool):
// sqlite:PATH, redis://... or unix://...; unset is the default SQLite file.
// The Pool checks it (pool/storefactory.h), not the resolver.
//
// endpoints/apiKeyFile names a file of API keys for the endpoints (one key
// for all, or NAME=KEY lines: endpoint/apikeyfile.h); the keys themselves are
// never a setting, an option or a variable. endpoints/caFile names a PEM file
// of certificates trusted beside the system's (endpoint/cafile.h).
//
// network/transport (auto, fast, qt) and network/proxy (system, none, or a
// proxy URL) say how polls reach the servers (endpoint/route.h).
//
// GPUPOOL_MAX_BODY_BYTES is gpupool's own (the predecessor had no body cap); its
// GPUPOOL_ prefix says so. In an INI file an unquoted endpoints/list value with
// commas reads back as a string list; the resolver joins it again, so both
// `list=a, b` and `list="a, b"` work.
namespace gpupool::config {

enum class Key {
    ServiceEndpoint,
    ServiceEndpoints,
    Strategy,
    MemoryThresholdPercent,
    UtilizationThresholdPercent,
    PollingIntervalSeconds,
    EndpointTimeoutSeconds,
    MaxRetries,
    HealthCheckIntervalSeconds,
    MaxBodyBytes,
    Store,
    ApiKeyFile,
    CaFile,
    Transport,
    Proxy,
};
inline constexpr int keyCount = 15;

// Where a resolved value came from, lowest precedence first.
enum class Source { Default, SettingsFile, Environment, Override };

struct KeyInfo
{
    Key key;
    const char *variable; // environment variable
    const char *alias; // also accepted, lower priority than variable; nullptr if none
    const char *settingsKey; // QSettings key
    const char *option; // command-line option name, without the leading "--"
    const char *defaultText; // the default as a user would type it; nullptr if none
};

const KeyInfo &keyInfo(Key key);
const std::array<KeyInfo, keyCount> &allKeys();

inline QLatin1String variableName(Key key)
{
    return QLatin1String(keyInfo(key).variable);
}
inline QLatin1String settingsKeyName(Key key)
{
    return QLatin1String(keyInfo(key).settingsKey);
}
inline QLatin1String optionName(Key key)
{
    return QLatin1String(keyInfo(key).option);
}

// "command line", "environment", "settings file", "default": for a UI that shows
// where each value came from. Translated.
QString sourceName(Source source);

} // namespace gpupool::config
