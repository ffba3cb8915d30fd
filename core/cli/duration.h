#pragma once

#include <QString>
#include <QStringView>
#include <QtGlobal>
#include <optional>

// Durations as people type them on a command line: "90s", "15m", "4h", "1d",
// also combined ("1h30m") and with a fraction ("1.5h"). Milliseconds inside.
namespace gpupool::cli {

inline constexpr qint64 msPerSecond = 1000;
inline constexpr qint64 msPerMinute = 60 * msPerSecond;
inline constexpr qint64 msPerHour = 60 * msPerMinute;
inline constexpr qint64 msPerDay = 24 * msPerHour;

struct DurationRules
{
    qint64 minMs = 1; // "0s" is refused unless minMs is 0
    qint64 maxMs = 365 * msPerDay;
    // A plain number is seconds ("--interval 2"); otherwise a unit is required,
    // because "--ttl 4" could mean 4 hours as easily as 4 seconds.
    bool bareNumberIsSeconds = false;
};

// Parses `text`; on failure returns nullopt and sets *error to one translated
// line naming `name` (the option, e.g. "--ttl"), the text, and what is valid.
// Results are rounded to whole milliseconds.
std::optional<qint64> parseDuration(QStringView text, QStringView name, const DurationRules &rules,
                                    QString *error = nullptr);

// "45s", "15m", "1h 30m", "2d 4h": the largest unit and, when not zero, the
// next one, rounded down ("1h" for 1h 0m 30s); "0s" for zero; below a minute
// with a fraction: "0.4s", "1.5s", "59.2s". Negative values get a '-'.
QString formatDuration(qint64 ms);

} // namespace gpupool::cli
