// strategy [NAME]: show the strategy in use and where it comes from, or
// remember a new one in the settings file. Needs no endpoint.

#include "commands/commands.h"
#include "run.h"

#include "config/settingkey.h"
#include "config/strategynames.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Strategy", text);
}

// Stable names for --json (config::sourceName() is translated).
QString sourceKey(config::Source source)
{
    switch (source) {
    case config::Source::Override: return QStringLiteral("option");
    case config::Source::Environment: return QStringLiteral("environment");
    case config::Source::SettingsFile: return QStringLiteral("settings_file");
    case config::Source::Default: break;
    }
    return QStringLiteral("default");
}

void show(Run &run)
{
    const config::Origin &origin = run.resolution().origin(config::Key::Strategy);
    const QString current = run.resolution().settings.strategy;
    if (run.out().json()) {
        run.out().printJson({ { QStringLiteral("strategy"), current },
                              { QStringLiteral("source"), sourceKey(origin.source) },
                              { QStringLiteral("origin"), origin.name },
                              { QStringLiteral("available"), QJsonArray::fromStringList(config::strategyNames()) } });
        return run.finish(0);
    }
    const QString where = origin.source == config::Source::Default
        ? config::sourceName(origin.source)
        : config::sourceName(origin.source) + QLatin1String(": ") + origin.name;
    run.out().line(tr("%1 (%2)").arg(run.out().paint(cli::Style::Header, current), where));
    for (const QString &name : config::strategyNames())
        run.out().line((name == current ? QLatin1String("* ") : QLatin1String("  ")) + name);
    run.finish(0);
}

void set(Run &run, const QString &name)
{
    if (!config::isKnownStrategy(name))
        return run.fail(cli::ExitStatus::Usage, pool::errorCodeName(pool::ErrorCode::UnknownStrategy),
                        config::unknownStrategyMessage(name));
    QSettings &file = run.settingsFile();
    file.setValue(config::settingsKeyName(config::Key::Strategy), name);
    file.sync();
    if (file.status() != QSettings::NoError)
        return run.fail(cli::ExitStatus::Failure, QStringLiteral("settings_not_written"),
                        tr("Could not write the settings file %1").arg(file.fileName()));
    // An option or a variable still beats the file: say so rather than let
    // the user believe the new strategy is in force.
    const config::Origin &origin = run.resolution().origin(config::Key::Strategy);
    const bool overridden = origin.source == config::Source::Override || origin.source == config::Source::Environment;
    if (overridden)
        run.out().warning(tr("%1 is set to \"%2\" and takes precedence over the settings file")
                              .arg(origin.name, origin.value));
    if (run.out().json()) {
        run.out().printJson({ { QStringLiteral("strategy"), name },
                              { QStringLiteral("saved_to"), file.fileName() },
                              { QStringLiteral("overridden_by"),
                                overridden ? QJsonValue(origin.name) : QJsonValue(QJsonValue::Null) } });
    } else {
        run.out().line(tr("Strategy set to %1 (saved in %2).").arg(name, file.fileName()));
    }
    run.finish(0);
}

} // namespace

void strategy(Run &run)
{
    if (run.invocation().positional.isEmpty())
        show(run);
    else
        set(run, run.invocation().positional.constFirst().trimmed());
}

} // namespace gpupool::ctl::commands
