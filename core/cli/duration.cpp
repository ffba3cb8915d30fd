#include "cli/duration.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace gpupool::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::cli::Duration", text);
}

qint64 unitMs(QChar unit)
{
    switch (unit.toLower().unicode()) {
    case 's': return msPerSecond;
    case 'm': return msPerMinute;
    case 'h': return msPerHour;
    case 'd': return msPerDay;
    default: return 0;
    }
}

bool isNumberChar(QChar c)
{
    return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.');
}

// The sum of "<number><unit>" parts; nullopt when anything does not fit that
// shape (a unit twice, no digits, a sign, spaces inside, ...).
std::optional<double> sumParts(QStringView text, bool bareNumberIsSeconds)
{
    double totalMs = 0;
    qsizetype i = 0;
    qint64 lastUnit = 0;
    while (i < text.size()) {
        const qsizetype start = i;
        while (i < text.size() && isNumberChar(text[i]))
            ++i;
        const QStringView number = text.mid(start, i - start);
        bool ok = false;
        const double value = number.toDouble(&ok);
        if (number.isEmpty() || !ok || !std::isfinite(value))
            return std::nullopt;
        if (i == text.size()) {
            // Only a plain number, alone, may go without a unit.
            if (start != 0 || !bareNumberIsSeconds)
                return std::nullopt;
            return value * msPerSecond;
        }
        const qint64 unit = unitMs(text[i]);
        // Units must go from large to small, each once ("1h30m", not "30m1h").
        if (unit == 0 || (lastUnit != 0 && unit >= lastUnit))
            return std::nullopt;
        lastUnit = unit;
        totalMs += value * static_cast<double>(unit);
        ++i;
    }
    return totalMs;
}

} // namespace

std::optional<qint64> parseDuration(QStringView text, QStringView name, const DurationRules &rules, QString *error)
{
    const QStringView trimmed = text.trimmed();
    const std::optional<double> ms = trimmed.isEmpty() ? std::nullopt : sumParts(trimmed, rules.bareNumberIsSeconds);
    const QString range = tr("from %1 to %2").arg(formatDuration(rules.minMs), formatDuration(rules.maxMs));
    if (!ms) {
        if (error) {
            const QString shape = rules.bareNumberIsSeconds
                ? tr("expected seconds or a number with a unit s, m, h or d (90s, 15m, 4h, 1d)")
                : tr("expected a number with a unit s, m, h or d (90s, 15m, 4h, 1d)");
            *error = tr("%1: \"%2\" is not a valid duration: %3").arg(name, text, shape);
        }
        return std::nullopt;
    }
    const qint64 rounded = static_cast<qint64>(std::llround(std::min(*ms, 1e15)));
    if (rounded < rules.minMs || rounded > rules.maxMs) {
        if (error)
            *error = tr("%1: \"%2\" is out of range: expected a duration %3").arg(name, text, range);
        return std::nullopt;
    }
    return rounded;
}

QString formatDuration(qint64 ms)
{
    if (ms < 0)
        return QLatin1Char('-') + formatDuration(-ms);
    if (ms == 0)
        return QStringLiteral("0s");
    // Below a minute a fraction matters ("--wait 1.5s" waits 1.5 s, not 1 s).
    if (ms < msPerMinute && ms % msPerSecond != 0)
        return QString::number(static_cast<double>(ms) / 1000.0, 'g', ms < msPerSecond ? 2 : 3) + QLatin1Char('s');
    struct Unit
    {
        qint64 ms;
        char suffix;
    };
    static constexpr Unit units[]
        = { { msPerDay, 'd' }, { msPerHour, 'h' }, { msPerMinute, 'm' }, { msPerSecond, 's' } };
    QStringList parts;
    qint64 rest = ms;
    for (const Unit &u : units) {
        const qint64 n = rest / u.ms;
        if (n > 0 || !parts.isEmpty()) {
            if (n > 0)
                parts.append(QString::number(n) + QLatin1Char(u.suffix));
            rest -= n * u.ms;
            // Two units say enough: "2d 4h", not "2d 4h 13m 7s".
            if (parts.size() == 2 || (!parts.isEmpty() && n == 0))
                break;
        }
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace gpupool::cli
