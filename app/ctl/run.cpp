#include "run.h"

#include "commands/commands.h"
#include "endpoint/apikeyfile.h"
#include "endpoint/cafile.h"
#ifdef GPUPOOL_HAVE_KEYRING
#include "keyring/keychainsecretstore.h"
#endif
#include "util/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>

namespace gpupool::ctl {

namespace {

using CommandFunction = void (*)(Run &);

CommandFunction commandFunction(const QString &name)
{
    static const QList<QPair<QString, CommandFunction>> table {
        { QStringLiteral("status"), &commands::status },
        { QStringLiteral("endpoints"), &commands::endpoints },
        { QStringLiteral("gpus"), &commands::gpus },
        { QStringLiteral("ps"), &commands::ps },
        { QStringLiteral("leases"), &commands::leases },
        { QStringLiteral("request"), &commands::request },
        { QStringLiteral("run"), &commands::runJob },
        { QStringLiteral("release"), &commands::release },
        { QStringLiteral("renew"), &commands::renew },
        { QStringLiteral("queue"), &commands::queue },
        { QStringLiteral("cancel"), &commands::cancel },
        { QStringLiteral("strategy"), &commands::strategy },
        { QStringLiteral("config"), &commands::configure },
        { QStringLiteral("load"), &commands::load },
        { QStringLiteral("recover"), &commands::recover },
        { QStringLiteral("recovery-status"), &commands::recoveryStatus },
        { QStringLiteral("watch"), &commands::watch },
    };
    for (const auto &[commandName, function] : table)
        if (commandName == name)
            return function;
    return nullptr;
}

} // namespace

Run::Run(Invocation invocation, Output &output) : m_invocation(std::move(invocation)), m_output(output)
{
    m_elapsed.start();
}

Run::~Run() = default;

bool Run::openSettings()
{
    if (m_invocation.configFile) {
        const QString path = *m_invocation.configFile;
        const QFileInfo info(path);
        if (!info.isFile() || !info.isReadable()) {
            usageError(tr("--config: \"%1\": no such readable file").arg(path));
            return false;
        }
        m_settingsFile = std::make_unique<QSettings>(path, QSettings::IniFormat);
        if (m_settingsFile->status() == QSettings::FormatError) {
            usageError(tr("--config: \"%1\" is not a valid INI file").arg(path));
            return false;
        }
    } else {
        m_settingsFile = std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope,
                                                     QStringLiteral("gpupool"), QStringLiteral("gpupool"));
    }
    return true;
}

void Run::start()
{
    if (!openSettings())
        return;
    m_resolution = config::resolveFromProcess(m_settingsFile.get(), m_invocation.overrides);
    for (const QString &warning : m_resolution.warningMessages())
        m_output.warning(warning);
    // `strategy NAME` is how a bad strategy in the settings file gets fixed:
    // that one error must not stop it.
    if (m_invocation.command == QLatin1String("strategy") && !m_invocation.positional.isEmpty())
        m_resolution.errors.removeIf([](const config::Issue &issue) {
            return issue.key == config::Key::Strategy && issue.source == config::Source::SettingsFile;
        });
    // `config` is how bad settings get fixed: it shows and edits them.
    if (m_invocation.command == QLatin1String("config"))
        m_resolution.errors.clear();
    if (!m_resolution.ok()) {
        // Every bad setting at once, so one run shows all there is to fix.
        const QStringList errors = m_resolution.errorMessages();
        for (qsizetype i = 0; i + 1 < errors.size(); ++i)
            printError(errors.at(i));
        usageError(errors.constLast());
        return;
    }
    if (m_invocation.command == QLatin1String("config")) {
        dispatch();
        return;
    }
    if (!loadApiKeys() || !loadCaFile())
        return;
    loadKeyringKeys([this] { dispatch(); });
}

void Run::dispatch()
{
    qCDebug(lcCtl).noquote() << "command" << m_invocation.command << "settings from" << m_settingsFile->fileName();
    const CommandFunction function = commandFunction(m_invocation.command);
    Q_ASSERT(function);
    function(*this);
}

void Run::loadKeyringKeys(std::function<void()> then)
{
#ifdef GPUPOOL_HAVE_KEYRING
    // Only the endpoints the console noted a key for, and that the key file
    // does not cover: a run that needs none never talks to the keyring.
    const QStringList noted = keyring::KeyringIndex().endpoints();
    QStringList ids;
    for (const config::EndpointSpec &e : m_resolution.settings.endpoints)
        if (noted.contains(e.id) && !(m_apiKeys && m_apiKeys->apiKey(e.id)))
            ids.append(e.id);
    if (ids.isEmpty()) {
        then();
        return;
    }
    m_keyring = std::make_unique<keyring::KeychainSecretStore>();
    // A locked or absent keyring must not stall a script for long.
    m_keyring->setTimeoutMs(kKeyringTimeoutMs);
    m_keyring->load(ids, [this, ids, then = std::move(then)] {
        QStringList missing;
        for (const QString &id : ids)
            if (!m_keyring->hasApiKey(id))
                missing.append(id);
        qCDebug(lcCtl).noquote() << ids.size() - missing.size() << "API key(s) from the keyring";
        if (!missing.isEmpty() && !m_keyring->keyringAvailable())
            m_output.warning(tr("the keyring gave no API key for %1 (not reachable or locked); polling without")
                                 .arg(missing.join(QStringLiteral(", "))));
        m_secrets = std::make_unique<endpoint::ChainedSecretStore>(m_apiKeys.get(), m_keyring.get());
        then();
    });
#else
    then();
#endif
}

bool Run::loadApiKeys()
{
    const QString path = m_resolution.settings.apiKeyFile;
    if (path.isEmpty())
        return true;
    QStringList ids;
    for (const config::EndpointSpec &e : m_resolution.settings.endpoints)
        ids.append(e.id);
    std::variant<endpoint::ApiKeyFile, QString> keys = endpoint::ApiKeyFile::load(path, ids);
    if (const QString *error = std::get_if<QString>(&keys)) {
        usageError(m_resolution.origin(config::Key::ApiKeyFile).name + QLatin1String(": ") + *error);
        return false;
    }
    m_apiKeys = std::make_unique<endpoint::ApiKeyFile>(std::move(std::get<endpoint::ApiKeyFile>(keys)));
    return true;
}

bool Run::loadCaFile()
{
    const QString path = m_resolution.settings.caFile;
    if (path.isEmpty())
        return true;
    std::variant<QList<QSslCertificate>, QString> loaded = endpoint::loadCaFile(path);
    if (const QString *error = std::get_if<QString>(&loaded)) {
        usageError(m_resolution.origin(config::Key::CaFile).name + QLatin1String(": ") + *error);
        return false;
    }
    m_caCertificates = std::get<QList<QSslCertificate>>(std::move(loaded));
    qCDebug(lcCtl).noquote() << m_caCertificates.size() << "CA certificate(s) from" << path;
    return true;
}

pool::Pool &Run::pool()
{
    if (!m_pool) {
        pool::PoolOptions options;
        options.settings = m_resolution.settings;
        options.secrets = m_secrets ? m_secrets.get() : m_apiKeys.get();
        options.caCertificates = m_caCertificates;
        options.strategyPinned = m_resolution.origin(config::Key::Strategy).beatsSettingsFile();
        m_pool = std::make_unique<pool::Pool>(std::move(options));
        connect(m_pool.get(), &pool::Pool::warning, this,
                [this](const QString &message) { m_output.warning(message); });
    }
    return *m_pool;
}

void Run::refresh(std::function<void(const pool::RefreshResult &)> then)
{
    const pool::Status status = pool().refreshOnce([this, then = std::move(then)](const pool::RefreshResult &result) {
        qCDebug(lcCtl) << "refresh:" << result.reachable << "of" << result.endpoints << "endpoints answered";
        for (const QString &warning : pool().storeInfo().warnings)
            m_output.warning(warning);
        then(result);
    });
    if (status)
        fail(*status);
}

int Run::noEndpointReachable(const pool::RefreshResult &result)
{
    const QString message = tr("No endpoint reachable (%1 configured): %2")
                                .arg(result.endpoints)
                                .arg(result.failures.join(QLatin1String("; ")));
    fail(cli::ExitStatus::NoEndpoint, pool::errorCodeName(pool::ErrorCode::NoEndpointReachable), message);
    return cli::code(cli::ExitStatus::NoEndpoint);
}

void Run::finishAfterReport(const pool::RefreshResult &result)
{
    if (result.endpoints > 0 && !result.anyReachable())
        noEndpointReachable(result);
    else
        finish(0);
}

void Run::finish(int exitStatus)
{
    if (m_finished)
        return;
    m_finished = true;
    qCDebug(lcCtl) << "exit status" << exitStatus;
    QCoreApplication::exit(exitStatus);
}

void Run::fail(const pool::Error &error)
{
    fail(cli::exitStatusFor(error.code), pool::errorCodeName(error.code), error.message);
}

void Run::fail(cli::ExitStatus status, const QString &code, const QString &message)
{
    if (m_finished)
        return;
    finish(m_output.fail(status, code, message));
}

QString Run::hostOf(const QString &endpointId) const
{
    for (const config::EndpointSpec &e : m_resolution.settings.endpoints)
        if (e.id == endpointId)
            return e.url.host();
    return {};
}

qint64 Run::nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace gpupool::ctl
