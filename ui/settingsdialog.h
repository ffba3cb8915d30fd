#pragma once

#include "theme.h"

#include "config/settings.h"
#include "endpoint/pollscheduler.h"
#include "endpoint/route.h"
#include "endpoint/secretstore.h"

#include <QDialog>
#include <memory>
#include <variant>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;
class QSettings;

namespace gpupool::endpoint {
class Poller;
}

// Settings: endpoints (add, edit, remove, test connection; checked by
// core/config as docs/behaviour.md says), thresholds, intervals, the lease store,
// theme, notifications, the CA file, the proxy and transport, and API keys - which go to the keyring
// (KeychainSecretStore), never to the settings file. Endpoints, the proxy, intervals and
// the store are the Pool's configuration and apply when the console starts
// again; thresholds, theme and notifications apply at once.
namespace gpupool::ui {

struct EndpointEntry
{
    QString name;
    QString url;
    QString apiKey; // typed in this dialog; empty: unchanged
};

struct ConsoleSettings
{
    QList<EndpointEntry> endpoints;
    double memoryThresholdPercent = config::defaults::memoryThresholdPercent;
    double utilizationThresholdPercent = config::defaults::utilizationThresholdPercent;
    double pollingIntervalSeconds = config::defaults::pollingIntervalSeconds;
    double endpointTimeoutSeconds = config::defaults::endpointTimeoutSeconds;
    int maxRetries = config::defaults::maxRetries;
    double healthCheckIntervalSeconds = config::defaults::healthCheckIntervalSeconds;
    QString storeUrl; // empty: the local default
    QString caFile; // PEM certificates trusted beside the system's; empty: none
    QString proxy = QStringLiteral("system"); // network/proxy as typed (endpoint/route.h)
    endpoint::Transport transport = endpoint::Transport::Auto;
    ThemeChoice theme = ThemeChoice::System;
    bool notifications = true;

    static ConsoleSettings from(const config::Settings &settings);
    // The endpoint list as config reads it: "name=URL,name=URL".
    QString endpointList() const;
    // The proxy the field names, or the line that says why it names none.
    std::variant<endpoint::ProxySetting, QString> proxySetting() const;
    // Writes what gpupoolctl shares to `shared` (config's keys), the rest to `console`.
    void save(QSettings &shared, QSettings &console) const;
};

class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(const ConsoleSettings &current, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    ConsoleSettings settings() const;
    // Empty when everything is valid; else the first problem, naming the field.
    QString validationError() const;

    // The endpoint table, for tests and the buttons.
    void addEndpoint(const EndpointEntry &entry);
    void removeEndpoint(int row);
    int endpointCount() const;
    // Polls /gpu/summary of that row once (through core's Poller) and
    // reports with connectionTested().
    void testConnection(int row);

    void accept() override;

signals:
    void connectionTested(int row, bool ok, const QString &message);

private:
    QWidget *buildEndpointsPage();
    QWidget *buildGeneralPage();
    void showValidation();

    QTableWidget *m_endpoints;
    QDoubleSpinBox *m_memory;
    QDoubleSpinBox *m_utilization;
    QDoubleSpinBox *m_poll;
    QDoubleSpinBox *m_timeout;
    QSpinBox *m_retries;
    QDoubleSpinBox *m_health;
    QLineEdit *m_store;
    QLineEdit *m_caFile;
    QLineEdit *m_proxy;
    QComboBox *m_transport;
    QComboBox *m_theme;
    QCheckBox *m_notifications;
    QLabel *m_error;
    QLabel *m_testResult;
    endpoint::InMemorySecretStore m_testKeys;
    endpoint::PollScheduler m_testScheduler { gpupool::SteadyClock::instance() }; // the test's deadline
    std::unique_ptr<endpoint::Poller> m_tester; // after the scheduler: goes first
};

} // namespace gpupool::ui
