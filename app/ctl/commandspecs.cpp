#include "commandline.h"

#include "config/settingkey.h"
#include "balance/strategyregistry.h"

#include <QCoreApplication>

// What gpupoolctl offers: its global options and every command with its own
// options and help texts. commandline.cpp parses and prints help from these.
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
    case Key::Transport:
        *valueName = tr("NAME");
        return tr("How polls reach the servers: auto (our fast client, or Qt's where a proxy applies), fast, "
                  "or qt (default auto).");
    case Key::Proxy:
        *valueName = tr("PROXY");
        return tr("system (http_proxy, https_proxy, no_proxy and the desktop's settings; never for "
                  "loopback), none, or one proxy for every endpoint: socks5://HOST:PORT, socks5h://HOST:PORT "
                  "(names resolved by the proxy, as through ssh -D) or http://HOST:PORT (default system).");
    case Key::MaxBodyBytes: break;
    }
    *valueName = tr("BYTES");
    return tr("Largest answer accepted from an endpoint (default 4194304).");
}

QList<CommandSpec> makeCommands()
{
    const QCommandLineOption ttl(QStringLiteral("ttl"), tr("How long the lease lasts: 90s, 15m, 4h, 1d (default 4h)."),
                                 tr("DURATION"));
    QList<CommandSpec> list;
    list.append({ QStringLiteral("status"),
                  {},
                  tr("Mode, strategy, endpoints and GPUs, leases, waiting requests."),
                  tr("Polls every endpoint once and prints a summary of the pool."),
                  {},
                  0,
                  0 });
    list.append({ QStringLiteral("endpoints"),
                  {},
                  tr("Each endpoint: state, GPUs available/total, response time, last seen."),
                  tr("Polls every endpoint once and prints one line per endpoint."),
                  {},
                  0,
                  0 });
    // Which GPUs: request's, run's and gpus' (parseGpuFilter()).
    const QList<QCommandLineOption> gpuFilter {
        valueOption("min-memory",
                    tr("Only GPUs with at least this much memory, in GB as cards are sold: "
                       "--min-memory 80 takes an H100 80GB (81559 MiB)."),
                    tr("GB")),
        valueOption("min-memory-mib", tr("Only GPUs whose reported memory is at least N MiB."), tr("N")),
        valueOption("name", tr("Only GPUs whose name contains TEXT (e.g. H100)."), tr("TEXT")),
        valueOption("endpoint", tr("Only GPUs of this endpoint (repeatable)."), tr("ID")),
    };
    list.append({ QStringLiteral("gpus"),
                  {},
                  tr("Each GPU: memory, utilization, available or why not, holder."),
                  tr("Polls every endpoint once and prints one line per GPU (with --free, only those a request "
                     "could get now)."),
                  QList<QCommandLineOption> {
                      flag("free", tr("Only GPUs a request could get now.")),
                      flag("processes", tr("Also who runs on each GPU (servers that list processes).")) }
                      + gpuFilter,
                  0,
                  0 });
    list.append({ QStringLiteral("ps"),
                  tr("[ENDPOINT_ID]"),
                  tr("Who runs on each GPU: processes, users, memory, and whether they hold a lease."),
                  tr("Polls every endpoint once, reads the processes on its GPUs (gpupool-statd's "
                     "/gpu/processes; a predecessor server lists none) and prints one line per process, "
                     "marking use without a lease."),
                  {},
                  0,
                  1 });
    list.append({ QStringLiteral("leases"),
                  {},
                  tr("Your leases (--all: everyone's; --history: ended leases)."),
                  tr("Prints the active leases in the store (yours unless --all), or with --history how "
                     "leases ended."),
                  { flag("all", tr("Everyone's leases, not only yours.")),
                    flag("history", tr("Ended leases (released, expired, revoked), newest first.")),
                    valueOption("limit", tr("At most N ended leases with --history (default 20)."), tr("N")) },
                  0,
                  0 });
    // What to lease: request's and run's.
    const QList<QCommandLineOption> choose = QList<QCommandLineOption> {
        valueOption("count", tr("How many GPUs (default 1)."), tr("N")),
    } + gpuFilter + QList<QCommandLineOption> {
        valueOption("wait", tr("Wait up to DURATION for GPUs to become free (default: do not wait)."), tr("DURATION")),
        flag("partial", tr("Accept fewer GPUs than --count (at least one).")),
    };
    list.append(
        { QStringLiteral("request"),
          {},
          tr("Lease GPUs, and print how to use them."),
          tr("Leases GPUs: all of --count or none (unless --partial), at once or, with --wait, as they "
             "become free. Prints each lease, its host and CUDA_VISIBLE_DEVICES."),
          choose
              + QList<
                  QCommandLineOption> { ttl, valueOption("note", tr("A note others see with the lease."), tr("TEXT")),
                                        valueOption("kind",
                                                    tr("interactive (default; 4h unless --ttl), programmatic (1h), or "
                                                       "job (a program that renews it, as the Python module does)."),
                                                    tr("KIND")),
                                        flag("export",
                                             tr("Print only shell exports for eval: CUDA_VISIBLE_DEVICES, "
                                                "CUDA_DEVICE_ORDER, GPUPOOL_LEASE_IDS, GPUPOOL_GPU_IDS, GPUPOOL_HOST, "
                                                "GPUPOOL_HOSTS.")),
                                        flag("short", tr("Print only the device list (e.g. 0,1).")),
                                        flag("one-endpoint",
                                             tr("All GPUs on one endpoint, as run takes them (a process sees "
                                                "only its own host's GPUs).")) },
          0,
          0 });
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
              + QList<
                  QCommandLineOption> { valueOption("ttl",
                                                    tr("How long the lease outlives its last heartbeat, which comes "
                                                       "every third "
                                                       "of it: 30s, 2m (default 2m)."),
                                                    tr("DURATION")),
                                        valueOption("note",
                                                    tr("A note others see with the lease (default: the command line)."),
                                                    tr("TEXT")),
                                        valueOption(
                                            "grace",
                                            tr("After passing on a signal, how long the command may take to end before "
                                               "it is killed (default 10s)."),
                                            tr("DURATION")),
                                        valueOption(
                                            "on-lost",
                                            tr("The signal the command gets when its lease is lost (revoked, expired, "
                                               "or gpupoolctl killed): TERM, INT, HUP, USR1, USR2, KILL, or none "
                                               "(default TERM)."),
                                            tr("SIGNAL")),
                                        flag("allow-spread",
                                             tr("Accept GPUs on several endpoints (CUDA_VISIBLE_DEVICES then names the "
                                                "first one's; GPUPOOL_HOSTS says where each is).")) },
          0, 0 });
    list.append({ QStringLiteral("release"),
                  tr("[LEASE_ID]"),
                  tr("Release one of your leases."),
                  tr("Releases one of your leases, by its id (or the start of it, 4 characters at least, when no "
                     "other lease of yours starts so), by its GPU, or all of them. Never someone else's."),
                  { valueOption("gpu", tr("Release your lease on this GPU (e.g. server1_8000:0)."), tr("GLOBAL_ID")),
                    flag("all", tr("Release every lease of yours, but those of commands gpupoolctl run still runs.")) },
                  0,
                  1 });
    list.append({ QStringLiteral("renew"),
                  tr("LEASE_ID"),
                  tr("Extend one of your leases."),
                  tr("Moves the expiry of one of your leases to now + --ttl. LEASE_ID may be the start of "
                     "the id, as for release."),
                  { ttl },
                  1,
                  1 });
    list.append({ QStringLiteral("queue"),
                  {},
                  tr("Everyone's waiting requests on this store, oldest first."),
                  tr("Lists the requests waiting for GPUs on the lease store, from every console and gpupoolctl "
                     "on it (every workstation, on Redis): position, id, owner, what it waits for, for how "
                     "long, when it gives up. They are served in this order, except that a request passes "
                     "older ones that want other GPUs."),
                  {},
                  0,
                  0 });
    list.append({ QStringLiteral("cancel"),
                  tr("ID"),
                  tr("Withdraw one of your waiting requests."),
                  tr("Takes one of your waiting requests (by its id in gpupoolctl queue) off the store's queue; "
                     "the program that made it stops waiting and reports it cancelled. Never someone else's."),
                  {},
                  1,
                  1 });
    list.append({ QStringLiteral("strategy"),
                  tr("[NAME]"),
                  tr("Show the load-balancing strategy, or set it."),
                  tr("Without NAME: the strategy in use and where it comes from. With NAME: sets the pool's "
                     "strategy in the lease store, which every console and gpupoolctl on that store follows "
                     "(--strategy or GPU_LOAD_BALANCING_STRATEGY still win for the one program that has them). "
                     "Strategies: %1.")
                      .arg(balance::StrategyRegistry::names().join(QLatin1String(", "))),
                  {},
                  0,
                  1 });
    list.append({ QStringLiteral("load"),
                  {},
                  tr("Per endpoint: active leases, grants, response time, last use."),
                  tr("Polls every endpoint once and prints what the balancer works from: active leases, grants "
                     "in total (every program's on this store), response time, GPUs available/total and when "
                     "a GPU there was last granted."),
                  {},
                  0,
                  0 });
    list.append({ QStringLiteral("config"),
                  tr("show | set KEY VALUE | unset KEY"),
                  tr("Show or change the settings every gpupool program reads."),
                  tr("The settings file that the console and gpupoolctl share (~/.config/gpupool/gpupool.ini, "
                     "or --config FILE): show lists every setting with its value and where it comes from; set "
                     "checks the value as the programs will and saves it; unset returns a setting to its "
                     "default. KEY is the file's key (store/url), the option (store) or the variable "
                     "(GPUPOOL_STORE)."),
                  {},
                  1,
                  3 });
    list.append({ QStringLiteral("recover"),
                  tr("ENDPOINT_ID"),
                  tr("Probe an endpoint now and print the outcome."),
                  tr("Triggers recovery of an endpoint: an open circuit breaker goes half-open and probes at "
                     "once. Prints what the probe found."),
                  {},
                  1,
                  1 });
    list.append({ QStringLiteral("recovery-status"),
                  {},
                  tr("The error-recovery summary."),
                  tr("Polls every endpoint once and prints the error-recovery summary."),
                  {},
                  0,
                  0 });
    list.append({ QStringLiteral("watch"),
                  {},
                  tr("A live view that refreshes until Ctrl-C."),
                  tr("Polls the endpoints and redraws the pool's state until interrupted (Ctrl-C). With "
                     "--json: one JSON object per line per refresh."),
                  { valueOption("interval", tr("Seconds between refreshes, or a duration such as 2s (default 2)."),
                                tr("DURATION")) },
                  0,
                  0 });
    list.append({ QStringLiteral("help"),
                  tr("[COMMAND]"),
                  tr("Help on gpupoolctl or on one command."),
                  tr("Prints the help of gpupoolctl, or of COMMAND."),
                  {},
                  0,
                  1 });
    return list;
}
} // namespace

const QList<QCommandLineOption> &globalOptions()
{
    static const QList<QCommandLineOption> options = [] {
        QList<QCommandLineOption> list;
        for (const config::KeyInfo &info : config::allKeys()) {
            QString valueName;
            const QString description = keyDescription(info.key, &valueName);
            list.append(QCommandLineOption(
                QString::fromLatin1(info.option),
                description + QLatin1String(" [") + QLatin1String(info.variable) + QLatin1Char(']'), valueName));
        }
        list.append(
            valueOption("config", tr("Read settings from this INI file instead of the user's settings."), tr("FILE")));
        list.append(flag("json", tr("Print JSON (stable field names, see the README) instead of tables.")));
        list.append(flag("debug", tr("Log debug messages of every gpupool module to standard error.")));
        return list;
    }();
    return options;
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

} // namespace gpupool::ctl
