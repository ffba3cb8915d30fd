// config show | config set KEY VALUE | config unset KEY: the settings file
// every gpupool program of the user reads (~/.config/gpupool/gpupool.ini, or
// --config FILE). Needs no endpoint and no store.

#include "commands/commands.h"
#include "jsonout.h"
#include "run.h"

#include "config/resolver.h"
#include "config/settingkey.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QProcessEnvironment>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Config", text);
}

// A key by any of its names: "balancing/strategy", "strategy", "--strategy"
// or "GPU_LOAD_BALANCING_STRATEGY".
const config::KeyInfo *findKey(const QString &text)
{
    QString name = text.trimmed();
    if (name.startsWith(QLatin1String("--")))
        name = name.mid(2);
    for (const config::KeyInfo &info : config::allKeys())
        if (name == QLatin1String(info.settingsKey) || name == QLatin1String(info.option)
            || name.compare(QLatin1String(info.variable), Qt::CaseInsensitive) == 0
            || (info.alias && name.compare(QLatin1String(info.alias), Qt::CaseInsensitive) == 0))
            return &info;
    return nullptr;
}

QString keyList()
{
    QStringList names;
    for (const config::KeyInfo &info : config::allKeys())
        names.append(QLatin1String(info.settingsKey));
    return names.join(QLatin1String(", "));
}

void show(Run &run)
{
    const config::Resolution &r = run.resolution();
    const QString file = run.settingsFile().fileName();
    if (run.out().json()) {
        QJsonArray rows;
        for (const config::KeyInfo &info : config::allKeys()) {
            const config::Origin &o = r.origin(info.key);
            const QString option = QStringLiteral("--") + QString::fromLatin1(info.option);
            rows.append(QJsonObject { { QStringLiteral("key"), QString::fromLatin1(info.settingsKey) },
                                      { QStringLiteral("variable"), QString::fromLatin1(info.variable) },
                                      { QStringLiteral("option"), option },
                                      { QStringLiteral("value"), o.value },
                                      { QStringLiteral("source"), json::source(o.source) },
                                      { QStringLiteral("origin"), o.name } });
        }
        run.out().printJson({ { QStringLiteral("file"), file }, { QStringLiteral("settings"), rows } });
        return run.finish(0);
    }
    run.out().line(tr("Settings file: %1").arg(file));
    cli::Table table({ { tr("KEY") }, { tr("VALUE"), cli::Table::Align::Left, true, 12 }, { tr("FROM") } });
    for (const config::KeyInfo &info : config::allKeys()) {
        const config::Origin &o = r.origin(info.key);
        const QString from = o.source == config::Source::Default || o.source == config::Source::SettingsFile
            ? config::sourceName(o.source)
            : config::sourceName(o.source) + QLatin1String(" (") + o.name + QLatin1Char(')');
        const QString value = o.value.isEmpty() && info.key == config::Key::Store ? tr("(the default file)") : o.value;
        table.addRow(
            { cli::Table::Cell(QLatin1String(info.settingsKey)), cli::Table::Cell(value), cli::Table::Cell(from) });
    }
    run.out().table(table);
    run.finish(0);
}

void write(Run &run, const config::KeyInfo &info, const std::optional<QString> &value)
{
    QSettings &file = run.settingsFile();
    const QString key = QLatin1String(info.settingsKey);
    if (value)
        file.setValue(key, *value);
    else
        file.remove(key);
    file.sync();
    if (file.status() != QSettings::NoError)
        return run.fail(cli::ExitStatus::Failure, QStringLiteral("settings_not_written"),
                        tr("Could not write the settings file %1").arg(file.fileName()));
    // An option or a variable still beats the file for this program: say so.
    const config::Origin &origin = run.resolution().origin(info.key);
    if (origin.beatsSettingsFile())
        run.out().warning(
            tr("%1 is set to \"%2\" and takes precedence over the settings file").arg(origin.name, origin.value));
    if (info.key == config::Key::Strategy)
        run.out().warning(tr("the pool's strategy in the lease store, where set, wins over this file: "
                             "use \"gpupoolctl strategy NAME\" to change it for everyone"));
    if (run.out().json()) {
        run.out().printJson({ { QStringLiteral("key"), key },
                              { QStringLiteral("value"), value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null) },
                              { QStringLiteral("file"), file.fileName() } });
    } else if (value) {
        run.out().line(tr("%1 = %2 (saved in %3)").arg(key, *value, file.fileName()));
    } else {
        run.out().line(tr("%1 removed from %2: its default applies").arg(key, file.fileName()));
    }
    run.finish(0);
}

void set(Run &run, const config::KeyInfo &info, const QString &value)
{
    // The same checks as when the value is read back: a value no program
    // would accept never reaches the file.
    config::Overrides check;
    check.value(info.key) = value;
    const config::Resolution r = config::resolve(QProcessEnvironment(), nullptr, check);
    for (const config::Issue &issue : r.errors)
        if (issue.key == info.key)
            return run.usageError(issue.message);
    if (value.trimmed().isEmpty())
        return run.usageError(
            tr("config set %1: give a value, or use \"config unset %1\"").arg(QLatin1String(info.settingsKey)));
    write(run, info, value.trimmed());
}

} // namespace

void configure(Run &run)
{
    const QStringList &args = run.invocation().positional;
    const QString action = args.value(0);
    if (action == QLatin1String("show") && args.size() == 1)
        return show(run);
    if ((action == QLatin1String("set") && args.size() == 3)
        || (action == QLatin1String("unset") && args.size() == 2)) {
        const config::KeyInfo *info = findKey(args.at(1));
        if (!info)
            return run.usageError(tr("config: unknown key \"%1\"; keys: %2").arg(args.at(1), keyList()));
        if (action == QLatin1String("set"))
            return set(run, *info, args.at(2));
        return write(run, *info, std::nullopt);
    }
    run.usageError(tr("config: use \"config show\", \"config set KEY VALUE\" or \"config unset KEY\""));
}

} // namespace gpupool::ctl::commands
