#pragma once

#include "config/settingkey.h"
#include "config/settings.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <array>
#include <optional>

class QProcessEnvironment;
class QSettings;

// Settings resolution: overrides -> environment -> settings file -> default,
// every value checked. Pure: the environment and settings file are parameters,
// so tests (and a console that re-resolves) control exactly what is read.
namespace gpupool::config {

// Values given on the command line or by a program constructing a client. They
// are text, like the other sources, so that they are checked by the same rules
// and quoted in errors exactly as given. Unset or blank means "not given".
struct Overrides
{
    std::optional<QString> serviceEndpoint;
    std::optional<QString> serviceEndpoints;
    std::optional<QString> strategy;
    std::optional<QString> memoryThresholdPercent;
    std::optional<QString> utilizationThresholdPercent;
    std::optional<QString> pollingIntervalSeconds;
    std::optional<QString> endpointTimeoutSeconds;
    std::optional<QString> maxRetries;
    std::optional<QString> healthCheckIntervalSeconds;
    std::optional<QString> maxBodyBytes;
    std::optional<QString> store;
    std::optional<QString> apiKeyFile;
    std::optional<QString> caFile;
    std::optional<QString> transport;
    std::optional<QString> proxy;

    const std::optional<QString> &value(Key key) const;
    std::optional<QString> &value(Key key);
};

// Where one value came from.
struct Origin
{
    Source source = Source::Default;
    QString name; // "--memory-threshold", "GPU_MEMORY_THRESHOLD_PERCENT",
        // "thresholds/memoryPercent in /path/file.ini"; empty for a default
    QString value; // the text as read (trimmed); the default's text for a default

    // Given on the command line or in the environment: it wins over the
    // settings file (and the pool's strategy in the store) for this program.
    bool beatsSettingsFile() const { return source == Source::Override || source == Source::Environment; }
};

// One error or warning about one setting.
struct Issue
{
    Key key;
    Source source;
    QString name; // as in Origin
    QString value; // the offending text (for a list: the offending entry)
    QString message; // one line for people; names the setting, the value and what is valid
};

struct Resolution
{
    Settings settings;
    // A setting whose value is refused keeps its default here (a console can go
    // on showing something); its Origin is then the default's. Check ok().
    // A refused single endpoint leaves settings.endpoints empty instead: polling
    // localhost in place of a mistyped server would look like it worked.
    std::array<Origin, keyCount> origins;
    QList<Issue> errors;
    QList<Issue> warnings;

    bool ok() const { return errors.isEmpty(); }
    const Origin &origin(Key key) const { return origins[static_cast<size_t>(key)]; }
    QStringList errorMessages() const;
    QStringList warningMessages() const;
};

// Endpoints: a list given at any level makes multi-endpoint mode and beats a
// single endpoint given at any level (docs/behaviour.md: "service_endpoints beats
// service_endpoint"; mode is multi "whenever an endpoint list is given"). A
// single endpoint set explicitly but shadowed by a list is reported as a warning.
// Within one level the variable beats its alias; both set and different warns.
// Values are trimmed; blank values count as not set (`export X=` unsets in
// practice). Every error is also a complete sentence in errorMessages().
Resolution resolve(const QProcessEnvironment &environment, const QSettings *settingsFile = nullptr,
                   const Overrides &overrides = {});

// The same, reading QProcessEnvironment::systemEnvironment(): for main() only.
Resolution resolveFromProcess(const QSettings *settingsFile = nullptr, const Overrides &overrides = {});

} // namespace gpupool::config
