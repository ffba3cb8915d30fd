#pragma once

#include "commandline.h"
#include "output.h"

#include "config/resolver.h"
#include "endpoint/secretstore.h"
#include "pool/pool.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSettings>
#include <QSslCertificate>
#include <functional>
#include <memory>

// One run of one gpupoolctl command: the parsed command line, the output, the
// settings (resolved once), and the Pool, the program's one door to endpoints
// and leases. Commands call finish() (or fail()) exactly once; the event loop
// then ends with that status.
#ifdef GPUPOOL_HAVE_KEYRING
namespace gpupool::keyring {
class KeychainSecretStore;
}
#endif

namespace gpupool::ctl {

class Run final : public QObject
{
    Q_OBJECT

public:
    Run(Invocation invocation, Output &output);
    ~Run() override;

    // Resolves the settings and dispatches the command (from the event loop).
    void start();

    const Invocation &invocation() const { return m_invocation; }
    Output &out() { return m_output; }
    const config::Resolution &resolution() const { return m_resolution; }
    // The settings file in use: --config FILE, or the user's settings
    // (organization "gpupool", application "gpupool").
    QSettings &settingsFile() { return *m_settingsFile; }

    // The settings the Pool is built with; a command may adjust them before
    // its first call of pool().
    config::Settings &poolSettings() { return m_resolution.settings; }
    // The Pool, built on first use from the resolved settings and --store.
    pool::Pool &pool();
    // Opens the store and polls every endpoint once (bounded by the endpoint
    // timeout), then calls `then`. A store that cannot be opened ends the run.
    void refresh(std::function<void(const pool::RefreshResult &)> then);

    // The one-line reason no endpoint answered, for exit status 5.
    int noEndpointReachable(const pool::RefreshResult &result);
    // After a report from a refresh: status 5 when no endpoint answered, else 0.
    void finishAfterReport(const pool::RefreshResult &result);

    void finish(int exitStatus);
    void fail(const pool::Error &error);
    void fail(cli::ExitStatus status, const QString &code, const QString &message);
    void usageError(const QString &message) { fail(cli::ExitStatus::Usage, QStringLiteral("usage"), message); }

    // The host that serves an endpoint (for "use it on HOST").
    QString hostOf(const QString &endpointId) const;
    static qint64 nowMs();
    // Since this run began.
    qint64 elapsedMs() const { return m_elapsed.elapsed(); }

private:
    bool openSettings();
    bool loadApiKeys();
    bool loadCaFile();
    // The console's keyring keys of the configured endpoints (keyring/), then `then`.
    void loadKeyringKeys(std::function<void()> then);
    void dispatch();

    static constexpr int kKeyringTimeoutMs = 3'000;

    Invocation m_invocation;
    Output &m_output;
    std::unique_ptr<QSettings> m_settingsFile;
    config::Resolution m_resolution;
    std::unique_ptr<pool::Pool> m_pool;
    std::unique_ptr<endpoint::SecretStore> m_apiKeys; // --api-key-file
    QList<QSslCertificate> m_caCertificates; // --ca-file
#ifdef GPUPOOL_HAVE_KEYRING
    std::unique_ptr<keyring::KeychainSecretStore> m_keyring; // the console's keys (keyring/)
#endif
    std::unique_ptr<endpoint::SecretStore> m_secrets; // the key file's keys, then the keyring's
    bool m_finished = false;
    QElapsedTimer m_elapsed;
};

} // namespace gpupool::ctl
