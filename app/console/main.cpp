// gpupool-console: the operator's window. Wiring only: command line, settings,
// the Pool, the window; the logic lives in core and ui.

#include "config/resolver.h"
#include "config/settingkey.h"
#include "endpoint/apikeyfile.h"
#include "endpoint/cafile.h"
#include "pool/pool.h"
#include "ui/democluster.h"
#include "keyring/keychainsecretstore.h"
#include "ui/mainwindow.h"
#include "ui/theme.h"
#include "util/logging.h"
#include "util/translations.h"

#include <gpupool/version.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace gpupool;

namespace {

struct Console
{
    Q_DECLARE_TR_FUNCTIONS(Console)
};

constexpr int exitFailure = 1;
constexpr int exitUsage = 2;

void printError(const QString &message)
{
    std::fprintf(stderr, "gpupool-console: %s\n", qUtf8Printable(message));
}

// The settings file gpupoolctl reads too, so both agree on endpoints and strategy.
std::unique_ptr<QSettings> sharedSettings()
{
    return std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("gpupool"),
                                       QStringLiteral("gpupool"));
}

// Before there was one store for every program, the console kept its store
// URL in its own settings; carried over once, so an operator's shared store
// is not silently swapped for the local default.
void carryOverStoreSetting(QSettings &console, QSettings &shared)
{
    const QString old = console.value(QStringLiteral("store")).toString().trimmed();
    if (old.isEmpty())
        return;
    const QString key = config::settingsKeyName(config::Key::Store);
    if (!shared.contains(key)) {
        shared.setValue(key, old);
        printError(Console::tr("the lease store \"%1\" moved from %2 to %3 (%4), which gpupoolctl reads too")
                       .arg(old, console.fileName(), shared.fileName(), key));
    }
    console.remove(QStringLiteral("store"));
}

// Grabs the window once it has painted (charts lay out lazily:
// docs/platform-notes.md), writes FILE and quits: 0 when written, 1 when not.
void scheduleScreenshot(ui::MainWindow &window, const QString &file, int afterMs)
{
    QTimer::singleShot(afterMs, &window, [&window, file] {
        window.tick();
        for (int i = 0; i < 5; ++i)
            QCoreApplication::processEvents();
        const QPixmap shot = window.grab();
        if (shot.isNull() || !shot.save(file)) {
            printError(Console::tr("cannot write the screenshot to \"%1\"").arg(file));
            QCoreApplication::exit(exitFailure);
            return;
        }
        std::fprintf(stdout, "%s\n", qUtf8Printable(QDir::current().absoluteFilePath(file)));
        QCoreApplication::exit(0);
    });
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    installTranslations(app);
    QApplication::setOrganizationName(QStringLiteral("gpupool"));
    QApplication::setApplicationName(QStringLiteral("gpupool-console"));
    QApplication::setApplicationDisplayName(Console::tr("gpupool console"));
    QApplication::setApplicationVersion(QStringLiteral(GPUPOOL_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/gpupool.svg")));
    // Wayland compositors find the window's desktop entry (name, icon) by this id.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.gpupool.Console"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Console::tr("The operator's window of gpupool: endpoints, GPUs, live charts, leases, strategies.\n"
                    "--demo starts a simulated cluster on 127.0.0.1 inside the console.\n"
                    "Exit status: 0 closed normally, 1 failure, 2 bad option or setting."));
    parser.addHelpOption();
    parser.addVersionOption();
    QList<QCommandLineOption> keyOptions;
    for (const config::KeyInfo &info : config::allKeys())
        keyOptions.append(QCommandLineOption(
            QString::fromLatin1(info.option),
            Console::tr("See gpupoolctl --help [%1].").arg(QLatin1String(info.variable)), Console::tr("VALUE")));
    parser.addOptions(keyOptions);
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), Console::tr("Run on a simulated cluster on 127.0.0.1 (nothing else is touched)."));
    const QCommandLineOption themeOption(QStringLiteral("theme"), Console::tr("system, light or dark."),
                                         Console::tr("THEME"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        Console::tr("Save a picture of the window to FILE, then quit (after --quit-after MS, default 5000)."),
        Console::tr("FILE"));
    const QCommandLineOption quitAfterOption(QStringLiteral("quit-after"), Console::tr("Quit after MS milliseconds."),
                                             Console::tr("MS"));
    const QCommandLineOption debugOption(QStringLiteral("debug"),
                                         Console::tr("Log debug messages of every gpupool module."));
    parser.addOptions({ demoOption, themeOption, screenshotOption, quitAfterOption, debugOption });
    parser.process(app);
    if (parser.isSet(debugOption))
        enableDebugLogging();

    int quitAfterMs = -1;
    if (parser.isSet(quitAfterOption)) {
        bool ok = false;
        quitAfterMs = parser.value(quitAfterOption).toInt(&ok);
        if (!ok || quitAfterMs < 0) {
            printError(Console::tr("--quit-after: \"%1\" is not a number of milliseconds (0 or more)")
                           .arg(parser.value(quitAfterOption)));
            return exitUsage;
        }
    }
    QSettings consoleSettings;
    const QString themeName = parser.isSet(themeOption)
        ? parser.value(themeOption)
        : consoleSettings.value(QStringLiteral("theme"), QStringLiteral("system")).toString();
    const std::optional<ui::ThemeChoice> theme = ui::Theme::fromName(themeName);
    if (!theme) {
        printError(Console::tr("--theme: \"%1\" is not one of system, light, dark").arg(themeName));
        return exitUsage;
    }
    ui::Theme::apply(*theme);

    config::Overrides overrides;
    for (const config::KeyInfo &info : config::allKeys())
        if (parser.isSet(QString::fromLatin1(info.option)))
            overrides.value(info.key) = parser.value(QString::fromLatin1(info.option));

    pool::PoolOptions options;
    // The window never waits for the lease store (docs/architecture.md "Threads").
    options.storeThread = true;
    ui::DemoCluster demo;
    QTemporaryDir demoDir;
    std::unique_ptr<QSettings> settingsFile;
    if (parser.isSet(demoOption)) {
        if (!demo.start()) {
            printError(demo.error());
            return exitFailure;
        }
        overrides.serviceEndpoints = demo.endpointList();
        if (!overrides.pollingIntervalSeconds)
            overrides.pollingIntervalSeconds = QStringLiteral("1");
        options.breakerOpenBaseMs = 5'000;
        options.historyWindowMs = 24LL * 3600 * 1000;
    } else {
        settingsFile = sharedSettings();
        carryOverStoreSetting(consoleSettings, *settingsFile);
    }
    const config::Resolution resolution
        = config::resolveFromProcess(parser.isSet(demoOption) ? nullptr : settingsFile.get(), overrides);
    for (const QString &w : resolution.warningMessages())
        printError(w);
    if (!resolution.ok()) {
        for (const QString &e : resolution.errorMessages())
            printError(e);
        return exitUsage;
    }
    options.settings = resolution.settings;
    options.strategyPinned = resolution.origin(config::Key::Strategy).beatsSettingsFile();
    if (parser.isSet(demoOption)) {
        // The demo's leases and strategy are its own: never the operator's real store.
        options.settings.storeUrl = QStringLiteral("sqlite:") + demoDir.filePath(QStringLiteral("demo-leases.sqlite"));
    }

    keyring::KeychainSecretStore secrets;
    // The ids of the endpoints with keyring keys, for gpupoolctl (never in the demo).
    keyring::KeyringIndex keyringIndex;
    if (!parser.isSet(demoOption))
        secrets.setIndex(&keyringIndex);
    // A key file given for this run comes first; the keyring's keys after it.
    std::unique_ptr<endpoint::ApiKeyFile> keyFile;
    if (!options.settings.apiKeyFile.isEmpty()) {
        QStringList ids;
        for (const config::EndpointSpec &e : options.settings.endpoints)
            ids.append(e.id);
        std::variant<endpoint::ApiKeyFile, QString> loaded
            = endpoint::ApiKeyFile::load(options.settings.apiKeyFile, ids);
        if (const QString *error = std::get_if<QString>(&loaded)) {
            printError(*error);
            return exitUsage;
        }
        keyFile = std::make_unique<endpoint::ApiKeyFile>(std::move(std::get<endpoint::ApiKeyFile>(loaded)));
    }
    if (!options.settings.caFile.isEmpty()) {
        std::variant<QList<QSslCertificate>, QString> loaded = endpoint::loadCaFile(options.settings.caFile);
        if (const QString *error = std::get_if<QString>(&loaded)) {
            printError(resolution.origin(config::Key::CaFile).name + QLatin1String(": ") + *error);
            return exitUsage;
        }
        options.caCertificates = std::get<QList<QSslCertificate>>(std::move(loaded));
    }
    const endpoint::ChainedSecretStore allSecrets(keyFile.get(), &secrets);
    options.secrets = &allSecrets;
    pool::Pool pool(options);
    // What opening the store says (a lease file moved, a Redis that lost
    // data) comes before the window exists.
    const QMetaObject::Connection earlyWarnings
        = QObject::connect(&pool, &pool::Pool::warning, &app, [](const QString &message) { printError(message); });
    const pool::Status startError = pool.start();
    QObject::disconnect(earlyWarnings);
    if (const pool::Status s = startError) {
        printError(s->message);
        return s->code == pool::ErrorCode::BadStoreUrl ? exitUsage : exitFailure;
    }
    if (parser.isSet(demoOption))
        demo.startActivity(pool, 8'000);
    // Keys are read ahead, under the store's watchdog; polls use them as they arrive.
    if (!parser.isSet(demoOption))
        secrets.load(pool.endpointIds());

    ui::MainWindow window(pool);
    window.setSecretStore(&secrets);
    window.setDemo(parser.isSet(demoOption));
    window.restoreLayout();
    if (parser.isSet(screenshotOption)) {
        // A fixed size, so pictures are comparable from run to run.
        window.resize(1280, 800);
        scheduleScreenshot(window, parser.value(screenshotOption), quitAfterMs >= 0 ? quitAfterMs : 5'000);
    } else if (quitAfterMs >= 0) {
        QTimer::singleShot(quitAfterMs, &app, [] { QCoreApplication::exit(0); });
    }
    window.show();
    const int status = QApplication::exec();
    pool.stop();
    return status;
}
