#include "commandline.h"

#include "cli/exitstatus.h"
#include "config/settingkey.h"
#include "balance/strategyregistry.h"

#include <gpupool/version.h>

#include <QCommandLineParser>
#include <QCoreApplication>

namespace gpupool::ctl {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::CommandLine", text);
}

QCommandLineOption valueOption(const char *name, const QString &description, const QString &valueName)
{
    return QCommandLineOption(QString::fromLatin1(name), description, valueName);
}

QCommandLineOption flag(const char *name, const QString &description)
{
    return QCommandLineOption(QString::fromLatin1(name), description);
}

QString keyDescription(config::Key key, QString *valueName)
{
    using config::Key;
    switch (key) {
    case Key::ServiceEndpoint:
        *valueName = tr("URL");
        return tr("The GPU statistics server, in single-endpoint mode (default http://localhost:8080).");
    case Key::ServiceEndpoints:
        *valueName = tr("LIST");
        return tr("Comma-separated endpoints, each URL or name=URL: multi-endpoint mode.");
    case Key::Strategy:
        *valueName = tr("NAME");
        return tr("Load-balancing strategy: %1.").arg(balance::StrategyRegistry::names().join(QLatin1String(", ")));
    case Key::MemoryThresholdPercent:
        *valueName = tr("PERCENT");
        return tr("A GPU is available below this memory use (0-100, default 80).");
    case Key::UtilizationThresholdPercent:
        *valueName = tr("PERCENT");
        return tr("A GPU is available below this utilization (0-100, default 90).");
    case Key::PollingIntervalSeconds:
        *valueName = tr("SECONDS");
        return tr("Seconds between polls while waiting or watching (default 5).");
    case Key::EndpointTimeoutSeconds:
        *valueName = tr("SECONDS");
        return tr("Seconds an endpoint may take to answer (default 10).");
    case Key::MaxRetries:
        *valueName = tr("N");
        return tr("Failed polls before an endpoint's circuit breaker opens (default 3).");
    case Key::HealthCheckIntervalSeconds:
        *valueName = tr("SECONDS");
        return tr("Seconds between /health checks (default 30).");
    case Key::Store:
        *valueName = tr("URL");
        return tr("Where leases live, shared by every gpupool program of the user: sqlite:PATH "
                  "(default %1), redis://[[user]:password@]host[:port][/db]?cluster=NAME or "
                  "unix:///path?cluster=NAME (shared across workstations).")
            .arg(QStringLiteral("$XDG_DATA_HOME/gpupool/leases.sqlite"));
    case Key::ApiKeyFile:
        *valueName = tr("FILE");
        return tr("API keys for the endpoints: one key for all, or NAME=KEY lines (*=KEY for the rest). "
                  "Keys are never given on the command line.");
    case Key::CaFile:
        *valueName = tr("FILE");
        return tr("PEM certificates to trust beside the system's for https endpoints (a private CA, or a "
                  "server's self-signed certificate). To trust one certificate for one endpoint, pin it: "
                  "NAME=https://HOST:PORT#sha256=FINGERPRINT.");
    case Key::MaxBodyBytes:
        break;
    }
    *valueName = tr("BYTES");
    return tr("Largest answer accepted from an endpoint (default 4194304).");
}

const QList<QCommandLineOption> &globalOptions()
{
    static const QList<QCommandLineOption> options = [] {
        QList<QCommandLineOption> list;
        for (const config::KeyInfo &info : config::allKeys()) {
            QString valueName;
            const QString description = keyDescription(info.key, &valueName);
            list.append(QCommandLineOption(QString::fromLatin1(info.option),
                                           description + QLatin1String(" [") + QLatin1String(info.variable)
                                               + QLatin1Char(']'),
                                           valueName));
        }
        list.append(valueOption("config", tr("Read settings from this INI file instead of the user's settings."),
                                tr("FILE")));
        list.append(flag("json", tr("Print JSON (stable field names, see the README) instead of tables.")));
        list.append(flag("debug", tr("Log debug messages of every gpupool module to standard error.")));
        return list;
    }();
    return options;
}

QList<CommandSpec> makeCommands()
{
    const QCommandLineOption ttl(QStringLiteral("ttl"), tr("How long the lease lasts: 90s, 15m, 4h, 1d (default 4h)."),
                                 tr("DURATION"));
    QList<CommandSpec> list;
    list.append({ QStringLiteral("status"), {}, tr("Mode, strategy, endpoints and GPUs, leases, waiting requests."),
                  tr("Polls every endpoint once and prints a summary of the pool."), {}, 0, 0 });
    list.append({ QStringLiteral("endpoints"), {},
                  tr("Each endpoint: state, GPUs available/total, response time, last seen."),
                  tr("Polls every endpoint once and prints one line per endpoint."), {}, 0, 0 });
    list.append({ QStringLiteral("gpus"), {}, tr("Each GPU: memory, utilization, available or why not, holder."),
                  tr("Polls every endpoint once and prints one line per GPU."), {}, 0, 0 });
    list.append({ QStringLiteral("leases"), {}, tr("Your leases (--all: everyone's; --history: ended leases)."),
                  tr("Prints the active leases in the store (yours unless --all), or with --history how "
                     "leases ended."),
                  { flag("all", tr("Everyone's leases, not only yours.")),
                    flag("history", tr("Ended leases (released, expired, revoked), newest first.")),
                    valueOption("limit", tr("At most N ended leases with --history (default 20)."), tr("N")) },
                  0, 0 });
    // What to lease: request's and run's.
    const QList<QCommandLineOption> choose {
        valueOption("count", tr("How many GPUs (default 1)."), tr("N")),
        valueOption("min-memory", tr("Only GPUs with at least this much memory, in GB as cards are sold: "
                                     "--min-memory 80 takes an H100 80GB (81559 MiB)."),
                    tr("GB")),
        valueOption("min-memory-mib", tr("Only GPUs whose reported memory is at least N MiB."), tr("N")),
        valueOption("name", tr("Only GPUs whose name contains TEXT (e.g. H100)."), tr("TEXT")),
        valueOption("endpoint", tr("Only GPUs of this endpoint (repeatable)."), tr("ID")),
        valueOption("wait", tr("Wait up to DURATION for GPUs to become free (default: do not wait)."), tr("DURATION")),
        flag("partial", tr("Accept fewer GPUs than --count (at least one).")),
    };
    list.append({ QStringLiteral("request"), {}, tr("Lease GPUs, and print how to use them."),
                  tr("Leases GPUs: all of --count or none (unless --partial), at once or, with --wait, as they "
                     "become free. Prints each lease, its host and CUDA_VISIBLE_DEVICES."),
                  choose
                      + QList<QCommandLineOption> {
                          ttl, valueOption("note", tr("A note others see with the lease."), tr("TEXT")),
                          valueOption("kind", tr("interactive (default; 4h unless --ttl), programmatic (1h), or "
                                                 "job (a program that renews it, as the Python module does)."),
                                      tr("KIND")),
                          flag("export", tr("Print only shell exports for eval: CUDA_VISIBLE_DEVICES, "
                                            "CUDA_DEVICE_ORDER, GPUPOOL_LEASE_IDS, GPUPOOL_GPU_IDS, GPUPOOL_HOST, "
                                            "GPUPOOL_HOSTS.")),
                          flag("short", tr("Print only the device list (e.g. 0,1).")),
                          flag("one-endpoint", tr("All GPUs on one endpoint, as run takes them (a process sees "
                                                  "only its own host's GPUs).")) },
                  0, 0 });
    list.append(
        { QStringLiteral("run"), tr("-- COMMAND [ARGS...]"), tr("Lease GPUs for the life of a command, and run it."),
          tr("Leases GPUs as request does (as a \"job\" lease, the command line in its note), runs COMMAND with "
             "CUDA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER, GPUPOOL_LEASE_IDS, GPUPOOL_GPU_IDS, GPUPOOL_HOST and "
             "GPUPOOL_HOSTS set, keeps the lease alive while it runs and releases it when it ends. Exits with "
             "the command's status (128+N when a signal N ended it). SIGTERM, SIGHUP, SIGQUIT and SIGINT sent to "
             "gpupoolctl are passed on (a Ctrl-C at the terminal reaches the command by itself); a command that "
             "has not ended --grace later is killed. If gpupoolctl itself is killed, the command gets the "
             "--on-lost signal and the lease ends within --ttl. All GPUs are taken on one endpoint unless "
             "--allow-spread: a process sees only its own host's GPUs."),
          choose
              + QList<QCommandLineOption> {
                  valueOption("ttl", tr("How long the lease outlives its last heartbeat, which comes every third "
                                        "of it: 30s, 2m (default 2m)."),
                              tr("DURATION")),
                  valueOption("note", tr("A note others see with the lease (default: the command line)."),
                              tr("TEXT")),
                  valueOption("grace", tr("After passing on a signal, how long the command may take to end before "
                                          "it is killed (default 10s)."),
                              tr("DURATION")),
                  valueOption("on-lost", tr("The signal the command gets when its lease is lost (revoked, expired, "
                                            "or gpupoolctl killed): TERM, INT, HUP, USR1, USR2, KILL, or none "
                                            "(default TERM)."),
                              tr("SIGNAL")),
                  flag("allow-spread", tr("Accept GPUs on several endpoints (CUDA_VISIBLE_DEVICES then names the "
                                          "first one's; GPUPOOL_HOSTS says where each is).")) },
          0, 0 });
    list.append({ QStringLiteral("release"), tr("[LEASE_ID]"), tr("Release one of your leases."),
                  tr("Releases one of your leases, by its id or by its GPU. Never someone else's."),
                  { valueOption("gpu", tr("Release your lease on this GPU (e.g. server1_8000:0)."),
                                tr("GLOBAL_ID")) },
                  0, 1 });
    list.append({ QStringLiteral("renew"), tr("LEASE_ID"), tr("Extend one of your leases."),
                  tr("Moves the expiry of one of your leases to now + --ttl."), { ttl }, 1, 1 });
    list.append({ QStringLiteral("queue"), {}, tr("Everyone's waiting requests on this store, oldest first."),
                  tr("Lists the requests waiting for GPUs on the lease store, from every console and gpupoolctl "
                     "on it (every workstation, on Redis): position, id, owner, what it waits for, for how "
                     "long, when it gives up. They are served in this order, except that a request passes "
                     "older ones that want other GPUs."),
                  {}, 0, 0 });
    list.append({ QStringLiteral("cancel"), tr("ID"), tr("Withdraw one of your waiting requests."),
                  tr("Takes one of your waiting requests (by its id in gpupoolctl queue) off the store's queue; "
                     "the program that made it stops waiting and reports it cancelled. Never someone else's."),
                  {}, 1, 1 });
    list.append({ QStringLiteral("strategy"), tr("[NAME]"), tr("Show the load-balancing strategy, or set it."),
                  tr("Without NAME: the strategy in use and where it comes from. With NAME: sets the pool's "
                     "strategy in the lease store, which every console and gpupoolctl on that store follows "
                     "(--strategy or GPU_LOAD_BALANCING_STRATEGY still win for the one program that has them). "
                     "Strategies: %1.")
                      .arg(balance::StrategyRegistry::names().join(QLatin1String(", "))),
                  {}, 0, 1 });
    list.append({ QStringLiteral("load"), {}, tr("Per endpoint: active leases, grants, response time, last use."),
                  tr("Polls every endpoint once and prints what the balancer works from: active leases, grants "
                     "in total (every program's on this store), response time, GPUs available/total and when "
                     "a GPU there was last granted."),
                  {}, 0, 0 });
    list.append({ QStringLiteral("config"), tr("show | set KEY VALUE | unset KEY"),
                  tr("Show or change the settings every gpupool program reads."),
                  tr("The settings file that the console and gpupoolctl share (~/.config/gpupool/gpupool.ini, "
                     "or --config FILE): show lists every setting with its value and where it comes from; set "
                     "checks the value as the programs will and saves it; unset returns a setting to its "
                     "default. KEY is the file's key (store/url), the option (store) or the variable "
                     "(GPUPOOL_STORE)."),
                  {}, 1, 3 });
    list.append({ QStringLiteral("recover"), tr("ENDPOINT_ID"), tr("Probe an endpoint now and print the outcome."),
                  tr("Triggers recovery of an endpoint: an open circuit breaker goes half-open and probes at "
                     "once. Prints what the probe found."),
                  {}, 1, 1 });
    list.append({ QStringLiteral("recovery-status"), {}, tr("The error-recovery summary."),
                  tr("Polls every endpoint once and prints the error-recovery summary."), {}, 0, 0 });
    list.append({ QStringLiteral("watch"), {}, tr("A live view that refreshes until Ctrl-C."),
                  tr("Polls the endpoints and redraws the pool's state until interrupted (Ctrl-C). With "
                     "--json: one JSON object per line per refresh."),
                  { valueOption("interval", tr("Seconds between refreshes, or a duration such as 2s (default 2)."),
                                tr("DURATION")) },
                  0, 0 });
    list.append({ QStringLiteral("help"), tr("[COMMAND]"), tr("Help on gpupoolctl or on one command."),
                  tr("Prints the help of gpupoolctl, or of COMMAND."), {}, 0, 1 });
    return list;
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

const QList<CommandSpec> &commandSpecs()
{
    static const QList<CommandSpec> list = makeCommands();
    return list;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &c : commandSpecs())
        if (c.name == name)
            return &c;
    return nullptr;
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
    QString text = tr("Usage: gpupoolctl [global options] %1%2%3\n%4\n")
                       .arg(command.name, command.options.isEmpty() ? QString() : tr(" [options]"),
                            command.arguments.isEmpty() ? QString() : QLatin1Char(' ') + command.arguments,
                            command.description);
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
            return { ParseOutcome::Kind::Help, {}, spec->name == QLatin1String("help") ? generalHelp() : commandHelp(*spec),
                     json };
        const CommandSpec *about = findCommand(local.positionalArguments().constFirst());
        if (!about)
            return error(tr("unknown command \"%1\" (see gpupoolctl --help)").arg(local.positionalArguments().constFirst()),
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
