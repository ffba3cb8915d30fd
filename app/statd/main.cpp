// gpupool-statd: serves GPU statistics over HTTP, byte-compatible with the
// predecessor's server (docs/wire-format.md). Wiring only: the logic
// lives in core/server.

#include "server/apikeys.h"
#include "server/httpserver.h"
#include "server/nvidiasmisource.h"
#include "server/simulatedgpusource.h"
#include "server/tlshttpserver.h"
#include "server/visibledevices.h"
#include "server/statdoptions.h"
#include "server/statsservice.h"
#include "util/signalwatcher.h"
#include "util/logging.h"
#include "util/translations.h"

#include <gpupool/version.h>

#include <QCommandLineParser>
#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <memory>
#include <vector>

using namespace gpupool;
using namespace gpupool::server;

namespace {

struct Statd
{
    Q_DECLARE_TR_FUNCTIONS(Statd)
};

// Exit statuses: 2 for a bad command line or setting, 1 when serving fails.
constexpr int exitUsage = 2;
constexpr int exitFailure = 1;

void printError(const QString &message)
{
    std::fprintf(stderr, "gpupool-statd: %s\n", qUtf8Printable(message));
}

QString hostAndPort(const QHostAddress &address, quint16 port)
{
    const QString url = baseUrl(address, port);
    return url.mid(url.indexOf(QLatin1String("//")) + 2);
}

QString listenFailure(QAbstractSocket::SocketError error, const QString &qtMessage)
{
    switch (error) {
    case QAbstractSocket::AddressInUseError: return Statd::tr("address already in use");
    case QAbstractSocket::SocketAddressNotAvailableError: return Statd::tr("address not available on this machine");
    case QAbstractSocket::SocketAccessError: return Statd::tr("permission denied");
    default: return qtMessage;
    }
}

// One simulated host: its GPUs, its routes and its listener. Members are
// destroyed in reverse order, the server (which calls the service) first.
struct Node
{
    std::unique_ptr<GpuSource> source;
    std::unique_ptr<StatsService> service;
    std::unique_ptr<HttpServer> http;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    installTranslations(app);
    QCoreApplication::setApplicationName(QStringLiteral("gpupool-statd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GPUPOOL_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Statd::tr("Serves GPU statistics over HTTP, compatible with the GPU Worker Pool's server.\n"
                  "Reads the GPUs with nvidia-smi, or simulates them with --simulate N.\n"
                  "Paths: /gpu/summary /gpu/stats /gpu/count /gpu/processes /health /config /metrics /\n"
                  "Prints the server's base URL (with --cluster: one URL per line) on standard output.\n"
                  "Environment: HOST, PORT, REFRESH_INTERVAL (the options take precedence),\n"
                  "CUDA_VISIBLE_DEVICES (which GPUs to show).\n"
                  "Exit status: 0 stopped by SIGINT/SIGTERM, 1 cannot serve, 2 bad option or setting."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption listenOption(
        QStringLiteral("listen"),
        Statd::tr("Listen on ADDR:PORT (default 127.0.0.1:8000; [::1]:PORT for IPv6; port 0 picks a free port)."),
        Statd::tr("ADDR:PORT"));
    const QCommandLineOption simulateOption(QStringLiteral("simulate"), Statd::tr("Serve N simulated GPUs (0-1024)."),
                                            Statd::tr("N"));
    const QCommandLineOption seedOption(
        QStringLiteral("seed"),
        Statd::tr("Seed of the simulation (default 1): the same seed gives the same GPUs and load."), Statd::tr("S"));
    const QCommandLineOption clusterOption(
        QStringLiteral("cluster"),
        Statd::tr("Run K simulated servers on consecutive ports, seeded S, S+1, ... (default 1)."), Statd::tr("K"));
    const QCommandLineOption refreshOption(
        QStringLiteral("refresh-interval"),
        Statd::tr("Seconds a reading of the GPUs is reused (default 1; 0 reads on every request)."), Statd::tr("S"));
    const QCommandLineOption nvidiaSmiOption(
        QStringLiteral("nvidia-smi"), Statd::tr("The nvidia-smi program to run (default: nvidia-smi from PATH)."),
        Statd::tr("PATH"));
    const QCommandLineOption smiTimeoutOption(
        QStringLiteral("smi-timeout"),
        Statd::tr("Seconds nvidia-smi may take before it is stopped and the reading fails (default 5)."),
        Statd::tr("S"));
    const QCommandLineOption apiKeyFileOption(
        QStringLiteral("api-key-file"),
        Statd::tr("Require an API key (X-API-Key: KEY or Authorization: Bearer KEY) from FILE, one per line."),
        Statd::tr("FILE"));
    const QCommandLineOption protectHealthOption(QStringLiteral("protect-health"),
                                                 Statd::tr("Require the API key on /health too (open by default)."));
    const QCommandLineOption tlsCertOption(
        QStringLiteral("tls-cert"), Statd::tr("Serve HTTPS with this PEM certificate (chain)."), Statd::tr("FILE"));
    const QCommandLineOption tlsKeyOption(QStringLiteral("tls-key"), Statd::tr("The PEM private key of --tls-cert."),
                                          Statd::tr("FILE"));
    const QCommandLineOption corsOriginOption(
        QStringLiteral("cors-origin"),
        Statd::tr("Let browser pages of these origins read the answers (comma-separated; default *, any "
                  "origin, as the GPU Worker Pool's server did)."),
        Statd::tr("ORIGINS"));
    const QCommandLineOption noCorsOption(QStringLiteral("no-cors"),
                                          Statd::tr("Send no CORS headers (the same as ENABLE_CORS=false)."));
    const QCommandLineOption simulateIdleOption(
        QStringLiteral("simulate-idle"),
        Statd::tr("Every simulated GPU idle and nearly empty, so all are free (demos, tests)."));
    const QCommandLineOption insecurePublicOption(
        QStringLiteral("insecure-public"),
        Statd::tr("Allow listening on a non-loopback address without --api-key-file."));
    const QCommandLineOption debugOption(QStringLiteral("debug"), Statd::tr("Log debug messages (every request)."));
    parser.addOptions({ listenOption, simulateOption, seedOption, clusterOption, refreshOption, nvidiaSmiOption,
                        smiTimeoutOption, apiKeyFileOption, protectHealthOption, tlsCertOption, tlsKeyOption,
                        insecurePublicOption, corsOriginOption, noCorsOption, simulateIdleOption, debugOption });

    if (!parser.parse(QCoreApplication::arguments())) {
        printError(parser.errorText());
        return exitUsage;
    }
    // parse() (unlike process()) leaves --help-all to us; Qt's own options do not apply here.
    if (parser.isSet(helpOption) || parser.isSet(QStringLiteral("help-all")))
        parser.showHelp(0);
    if (parser.isSet(versionOption))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        printError(Statd::tr("unexpected argument: \"%1\"").arg(parser.positionalArguments().first()));
        return exitUsage;
    }

    StatdArguments arguments;
    auto valueOf = [&parser](const QCommandLineOption &option) -> std::optional<QString> {
        return parser.isSet(option) ? std::optional<QString>(parser.value(option)) : std::nullopt;
    };
    arguments.listen = valueOf(listenOption);
    arguments.simulate = valueOf(simulateOption);
    arguments.seed = valueOf(seedOption);
    arguments.cluster = valueOf(clusterOption);
    arguments.refreshInterval = valueOf(refreshOption);
    arguments.nvidiaSmi = valueOf(nvidiaSmiOption);
    arguments.smiTimeout = valueOf(smiTimeoutOption);
    arguments.apiKeyFile = valueOf(apiKeyFileOption);
    arguments.protectHealth = parser.isSet(protectHealthOption);
    arguments.tlsCert = valueOf(tlsCertOption);
    arguments.tlsKey = valueOf(tlsKeyOption);
    arguments.insecurePublic = parser.isSet(insecurePublicOption);
    arguments.simulateIdle = parser.isSet(simulateIdleOption);
    arguments.corsOrigin = valueOf(corsOriginOption);
    arguments.noCors = parser.isSet(noCorsOption);
    arguments.debug = parser.isSet(debugOption);

    const auto resolved = resolveStatdOptions(arguments, QProcessEnvironment::systemEnvironment());
    if (const QString *error = std::get_if<QString>(&resolved)) {
        printError(*error);
        return exitUsage;
    }
    const StatdOptions &options = std::get<StatdOptions>(resolved);
    // LOG_LEVEL as uvicorn read it; ACCESS_LOG: the request lines of gpupool.http.
    QStringList rules;
    if (options.logLevel == QLatin1String("debug") || options.logLevel == QLatin1String("trace"))
        rules << QStringLiteral("gpupool.*.debug=true");
    else if (options.logLevel != QLatin1String("info"))
        rules << QStringLiteral("gpupool.*.info=false");
    if (options.logLevel == QLatin1String("error") || options.logLevel == QLatin1String("critical"))
        rules << QStringLiteral("gpupool.*.warning=false");
    if (options.accessLog)
        rules << QStringLiteral("gpupool.http.debug=true");
    if (!rules.isEmpty())
        QLoggingCategory::setFilterRules(rules.join(QLatin1Char('\n')));

    // Everything that can be wrong with the files is said before listening.
    std::optional<ApiKeys> apiKeys;
    if (!options.apiKeyFile.isEmpty()) {
        auto loaded = ApiKeys::loadFile(options.apiKeyFile);
        if (const QString *error = std::get_if<QString>(&loaded)) {
            printError(*error);
            return exitUsage;
        }
        apiKeys = std::get<ApiKeys>(loaded);
    }
    std::optional<QSslConfiguration> tls;
    if (options.tls()) {
        auto loaded = TlsHttpServer::loadConfiguration(options.tlsCert, options.tlsKey);
        if (const QString *error = std::get_if<QString>(&loaded)) {
            printError(*error);
            return exitUsage;
        }
        tls = std::get<QSslConfiguration>(loaded);
    }
    const VisibleDevices visible = VisibleDevices::fromEnvironment();
    for (const QString &warning : visible.warnings())
        qCWarning(lcServer).noquote() << warning;

    // Before listening: a signal that arrives while we start still ends us cleanly.
    util::SignalWatcher signalWatcher({ SIGINT, SIGTERM });
    QObject::connect(&signalWatcher, &util::SignalWatcher::signalReceived, &app, [](int signalNumber) {
        qCInfo(lcServer) << "signal" << signalNumber << "received, stopping";
        QCoreApplication::exit(0);
    });

    std::vector<Node> nodes;
    nodes.reserve(static_cast<size_t>(options.cluster));
    QStringList urls;
    for (int i = 0; i < options.cluster; ++i) {
        const quint16 port = options.port == 0 ? 0 : static_cast<quint16>(options.port + i);
        Node node;
        if (options.simulatedGpus) {
            auto simulated = std::make_unique<SimulatedGpuSource>(
                *options.simulatedGpus, options.seed + static_cast<quint64>(i), steadyClock());
            simulated->setIdle(options.simulatedIdle);
            node.source = std::move(simulated);
        } else {
            NvidiaSmiSource::Options smi;
            smi.program = options.nvidiaSmi;
            smi.timeoutMs = options.smiTimeoutMs;
            node.source = std::make_unique<NvidiaSmiSource>(smi);
        }
        node.service = std::make_unique<StatsService>(*node.source, steadyClock());
        node.service->setVisibleDevices(visible);
        if (tls)
            node.http = std::make_unique<TlsHttpServer>(*tls);
        else
            node.http = std::make_unique<HttpServer>();
        CorsPolicy cors;
        cors.enabled = options.cors;
        cors.origins = options.corsOrigins;
        node.http->setCorsPolicy(cors);
        if (apiKeys) {
            const bool protectHealth = options.protectHealth;
            node.http->setRequestFilter(
                [keys = *apiKeys, protectHealth](const HttpRequest &request) -> std::optional<HttpResponse> {
                    if (!protectHealth && request.path == QLatin1String("/health"))
                        return std::nullopt;
                    if (keys.accepts(request))
                        return std::nullopt;
                    return ApiKeys::unauthorized();
                });
        }
        if (!node.http->listen(options.address, port)) {
            printError(Statd::tr("cannot listen on %1: %2")
                           .arg(hostAndPort(options.address, port),
                                listenFailure(node.http->serverError(), node.http->errorString())));
            return exitFailure;
        }
        StatsService::Settings settings;
        settings.host = options.address.toString();
        settings.port = node.http->serverPort();
        settings.refreshIntervalMs = options.refreshIntervalMs;
        settings.logLevel = options.logLevel;
        settings.accessLog = options.accessLog;
        settings.title = options.title;
        settings.description = options.description;
        settings.apiVersion = options.apiVersion;
        settings.maxHistory = options.maxHistory;
        settings.apiPrefix = options.apiPrefix;
        settings.enableCors = options.cors;
        node.service->setSettings(settings);
        node.service->registerRoutes(*node.http);
        urls.append(baseUrl(options.address, node.http->serverPort(), options.tls()));
        nodes.push_back(std::move(node));
    }

    // Scripts and tests read these lines to find the servers.
    for (const QString &url : std::as_const(urls))
        std::fprintf(stdout, "%s\n", qUtf8Printable(url));
    std::fflush(stdout);
    if (options.simulatedGpus)
        qCInfo(lcServer).noquote() << "serving" << *options.simulatedGpus << "simulated GPUs on" << urls.size()
                                   << (urls.size() == 1 ? "server" : "servers") << "from" << urls.first();
    else
        qCInfo(lcServer).noquote() << "serving the GPUs nvidia-smi sees from" << urls.first()
                                   << (apiKeys ? "(API key required)" : "");

    return QCoreApplication::exec();
}
