#include "commandline.h"

#include "cli/exitstatus.h"
#include "config/settingkey.h"

#include <gpupool/version.h>

#include <QCommandLineParser>
#include <QCoreApplication>

namespace gpupool::ctl {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::CommandLine", text);
}

// Options of the given list that take a value, by every name they have.
QStringList valueOptionNames(const QList<QCommandLineOption> &options)
{
    QStringList names;
    for (const QCommandLineOption &o : options)
        if (!o.valueName().isEmpty())
            names += o.names();
    return names;
}

// Splits the arguments (program excluded) at the command: what precedes it,
// the command, and what follows.
void splitAtCommand(const QStringList &args, QStringList *before, QString *command, QStringList *after)
{
    const QStringList takesValue = valueOptionNames(globalOptions());
    qsizetype i = 1;
    while (i < args.size()) {
        const QString &a = args[i];
        if (a == QLatin1String("--")) {
            before->append(a);
            ++i;
            break;
        }
        if (a.size() > 1 && a.startsWith(QLatin1Char('-'))) {
            const QString name = a.mid(a.startsWith(QLatin1String("--")) ? 2 : 1).section(QLatin1Char('='), 0, 0);
            before->append(a);
            if (takesValue.contains(name) && !a.contains(QLatin1Char('=')) && i + 1 < args.size())
                before->append(args[++i]);
            ++i;
            continue;
        }
        break;
    }
    if (!before->isEmpty() && before->constLast() == QLatin1String("--"))
        before->removeLast(); // "--" only ends the global options
    if (i < args.size())
        *command = args[i++];
    *after = args.mid(i);
}

ParseOutcome error(const QString &message, bool json)
{
    ParseOutcome out;
    out.kind = ParseOutcome::Kind::Error;
    out.text = message;
    out.json = json;
    return out;
}

// Qt's "Unknown option 'x'." without the full stop, so a hint can follow.
QString sentence(QString text)
{
    while (text.endsWith(QLatin1Char('.')) || text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    return text;
}

QString optionsBlock(const QList<QCommandLineOption> &options)
{
    QCommandLineParser parser;
    parser.addOptions(options);
    const QString text = parser.helpText();
    const qsizetype at = text.indexOf(QLatin1String("Options:\n"));
    return at < 0 ? QString() : text.mid(at + 9);
}

} // namespace

QString Invocation::value(const QString &option) const
{
    const QStringList v = m_values.value(option);
    return v.isEmpty() ? QString() : v.constLast();
}

QStringList Invocation::values(const QString &option) const
{
    return m_values.value(option);
}

QString generalHelp()
{
    QString text = tr("Usage: gpupoolctl [global options] COMMAND [options] [arguments]\n"
                      "The GPU pool from the command line: see, lease and release the GPUs of shared GPU "
                      "servers.\n\nCommands:\n");
    for (const CommandSpec &c : commandSpecs()) {
        const QString name = c.arguments.isEmpty() ? c.name : c.name + QLatin1Char(' ') + c.arguments;
        text += QLatin1String("  ") + name.leftJustified(26) + QLatin1Char(' ') + c.summary + QLatin1Char('\n');
    }
    text += tr("\n\"gpupoolctl COMMAND --help\" shows a command's options.\n\nGlobal options:\n");
    text += optionsBlock(globalOptions());
    text += QLatin1String("  -h, --help                            ") + tr("Show this help.") + QLatin1Char('\n');
    text += QLatin1String("  -v, --version                         ") + tr("Show the version.") + QLatin1Char('\n');
    text += tr("\nEnvironment: the variables above in [brackets] (an option beats a variable, which beats the "
               "settings file);\nNO_COLOR (any value but empty) turns colours off. Colours are only used on a "
               "terminal, never with --json.\n\n");
    text += cli::exitStatusHelp() + QLatin1Char('\n');
    return text;
}

QString commandHelp(const CommandSpec &command)
{
    QString text
        = tr("Usage: gpupoolctl [global options] %1%2%3\n%4\n")
              .arg(command.name, command.options.isEmpty() ? QString() : tr(" [options]"),
                   command.arguments.isEmpty() ? QString() : QLatin1Char(' ') + command.arguments, command.description);
    if (!command.options.isEmpty())
        text += tr("\nOptions:\n") + optionsBlock(command.options);
    text += tr("\nGlobal options (see gpupoolctl --help) may come before or after the command.\n\n");
    text += cli::exitStatusHelp() + QLatin1Char('\n');
    return text;
}

ParseOutcome parseCommandLine(const QStringList &arguments)
{
    const QString program = arguments.value(0, QStringLiteral("gpupoolctl"));
    QStringList before;
    QString command;
    QStringList after;
    splitAtCommand(arguments, &before, &command, &after);
    const qsizetype dashes = arguments.indexOf(QStringLiteral("--"));
    const bool json = arguments.mid(0, dashes < 0 ? arguments.size() : dashes).contains(QStringLiteral("--json"));

    QCommandLineParser global;
    global.addOptions(globalOptions());
    const QCommandLineOption help = global.addHelpOption();
    const QCommandLineOption version = global.addVersionOption();
    if (!global.parse(QStringList { program } + before))
        return error(sentence(global.errorText()) + tr(" (see gpupoolctl --help)"), json);
    if (global.isSet(help) || global.isSet(QStringLiteral("help-all")))
        return { ParseOutcome::Kind::Help, {}, generalHelp(), json };
    if (global.isSet(version))
        return { ParseOutcome::Kind::Version, {}, QStringLiteral("gpupoolctl " GPUPOOL_VERSION "\n"), json };
    if (command.isEmpty())
        return error(tr("no command given (see gpupoolctl --help)"), json);

    const CommandSpec *spec = findCommand(command);
    if (!spec) {
        QStringList names;
        for (const CommandSpec &c : commandSpecs())
            names.append(c.name);
        return error(tr("unknown command \"%1\"; commands: %2").arg(command, names.join(QLatin1String(", "))), json);
    }

    // run: its own options, then "--" and the command, whose options are its own.
    QStringList commandToRun;
    if (spec->name == QLatin1String("run")) {
        const qsizetype at = after.indexOf(QStringLiteral("--"));
        if (at >= 0) {
            commandToRun = after.mid(at + 1);
            after = after.mid(0, at);
        }
    }

    QCommandLineParser local;
    local.addOptions(spec->options);
    QStringList own;
    for (const QCommandLineOption &o : spec->options)
        own += o.names();
    for (const QCommandLineOption &o : globalOptions())
        if (!own.contains(o.names().constFirst()))
            local.addOption(o);
    local.addHelpOption();
    if (!local.parse(QStringList { program } + after))
        return error(tr("%1: %2 (see gpupoolctl %1 --help)").arg(command, sentence(local.errorText())), json);
    if (local.isSet(help) || spec->name == QLatin1String("help")) {
        if (spec->name != QLatin1String("help") || local.positionalArguments().isEmpty())
            return { ParseOutcome::Kind::Help,
                     {},
                     spec->name == QLatin1String("help") ? generalHelp() : commandHelp(*spec),
                     json };
        const CommandSpec *about = findCommand(local.positionalArguments().constFirst());
        if (!about)
            return error(
                tr("unknown command \"%1\" (see gpupoolctl --help)").arg(local.positionalArguments().constFirst()),
                json);
        return { ParseOutcome::Kind::Help, {}, commandHelp(*about), json };
    }
    const QStringList positional = local.positionalArguments();
    if (spec->name == QLatin1String("run") && !positional.isEmpty())
        return error(tr("run: \"%1\": the command goes after --: gpupoolctl run [options] -- %1 ...")
                         .arg(positional.constFirst()),
                     json);
    if (positional.size() > spec->maxPositional)
        return error(tr("%1: unexpected argument \"%2\"").arg(command, positional.at(spec->maxPositional)), json);
    if (positional.size() < spec->minPositional)
        return error(tr("%1: missing %2 (see gpupoolctl %1 --help)").arg(command, spec->arguments), json);
    if (spec->name == QLatin1String("run") && commandToRun.isEmpty())
        return error(tr("run: no command given: gpupoolctl run [options] -- COMMAND [ARGS...]"), json);

    ParseOutcome out;
    out.kind = ParseOutcome::Kind::Run;
    out.json = json;
    Invocation &inv = out.invocation;
    inv.command = command;
    inv.positional = spec->name == QLatin1String("run") ? commandToRun : positional;
    for (const QString &name : own)
        if (local.isSet(name))
            inv.set(name, local.values(name));
    // A global option after the command beats the same one before it.
    const auto globalValue = [&](const QString &name) -> std::optional<QString> {
        if (!own.contains(name) && local.isSet(name))
            return local.value(name);
        if (global.isSet(name))
            return global.value(name);
        return std::nullopt;
    };
    for (const config::KeyInfo &info : config::allKeys())
        inv.overrides.value(info.key) = globalValue(QString::fromLatin1(info.option));
    inv.configFile = globalValue(QStringLiteral("config"));
    inv.json = global.isSet(QStringLiteral("json")) || local.isSet(QStringLiteral("json"));
    inv.debug = global.isSet(QStringLiteral("debug")) || local.isSet(QStringLiteral("debug"));
    out.json = inv.json;
    return out;
}

} // namespace gpupool::ctl
