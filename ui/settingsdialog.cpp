#include "settingsdialog.h"

#include "config/endpointurl.h"
#include "config/settingkey.h"
#include "endpoint/cafile.h"
#include "endpoint/poller.h"
#include "pool/storefactory.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gpupool::ui {

namespace {
enum EndpointColumn { NameColumn, UrlColumn, KeyColumn, EndpointColumnCount };
constexpr qint64 TestTimeoutMs = 5'000;
} // namespace

ConsoleSettings ConsoleSettings::from(const config::Settings &s)
{
    ConsoleSettings c;
    for (const config::EndpointSpec &e : s.endpoints)
        c.endpoints.append({ e.id, config::pinnedUrlText(e.url, e.pinnedSha256), {} });
    c.memoryThresholdPercent = s.memoryThresholdPercent;
    c.utilizationThresholdPercent = s.utilizationThresholdPercent;
    c.pollingIntervalSeconds = s.pollingIntervalSeconds;
    c.endpointTimeoutSeconds = s.endpointTimeoutSeconds;
    c.maxRetries = s.maxRetries;
    c.healthCheckIntervalSeconds = s.healthCheckIntervalSeconds;
    c.storeUrl = s.storeUrl;
    c.caFile = s.caFile;
    c.proxy = s.proxy.toString();
    c.transport = s.transport;
    return c;
}

QString ConsoleSettings::endpointList() const
{
    QStringList entries;
    for (const EndpointEntry &e : endpoints)
        entries.append(e.name.isEmpty() ? e.url : QString(e.name + QLatin1Char('=') + e.url));
    return entries.join(QLatin1Char(','));
}

std::variant<endpoint::ProxySetting, QString> ConsoleSettings::proxySetting() const
{
    auto parsed = endpoint::parseProxySetting(proxy);
    if (const QString *expected = std::get_if<QString>(&parsed))
        return QCoreApplication::translate("gpupool::ui::SettingsDialog", "Proxy \"%1\": %2").arg(proxy, *expected);
    return parsed;
}

void ConsoleSettings::save(QSettings &shared, QSettings &console) const
{
    using config::Key;
    auto put = [&shared](Key key, const QVariant &value) { shared.setValue(config::settingsKeyName(key), value); };
    put(Key::ServiceEndpoints, endpointList());
    put(Key::MemoryThresholdPercent, memoryThresholdPercent);
    put(Key::UtilizationThresholdPercent, utilizationThresholdPercent);
    put(Key::PollingIntervalSeconds, pollingIntervalSeconds);
    put(Key::EndpointTimeoutSeconds, endpointTimeoutSeconds);
    put(Key::MaxRetries, maxRetries);
    put(Key::HealthCheckIntervalSeconds, healthCheckIntervalSeconds);
    if (storeUrl.isEmpty())
        shared.remove(config::settingsKeyName(Key::Store)); // the default file
    else
        put(Key::Store, storeUrl);
    if (caFile.isEmpty())
        shared.remove(config::settingsKeyName(Key::CaFile));
    else
        put(Key::CaFile, caFile);
    // The defaults are not written, so that a later default reaches this user too.
    const auto parsedProxy = proxySetting();
    const auto *setting = std::get_if<endpoint::ProxySetting>(&parsedProxy);
    if (!setting || setting->kind == endpoint::ProxySetting::Kind::System)
        shared.remove(config::settingsKeyName(Key::Proxy));
    else
        put(Key::Proxy, setting->toString());
    if (transport == endpoint::Transport::Auto)
        shared.remove(config::settingsKeyName(Key::Transport));
    else
        put(Key::Transport, endpoint::transportName(transport));
    // API keys never: they go to the keyring.
    console.setValue(QStringLiteral("theme"), Theme::name(theme));
    console.setValue(QStringLiteral("notifications"), notifications);
}

SettingsDialog::SettingsDialog(const ConsoleSettings &current, QWidget *parent)
    : QDialog(parent)
    , m_error(new QLabel(this))
    , m_testResult(new QLabel(this))
{
    setWindowTitle(tr("Settings"));
    auto *tabs = new QTabWidget(this);
    tabs->addTab(buildEndpointsPage(), tr("&Endpoints"));
    tabs->addTab(buildGeneralPage(), tr("&Pool and display"));
    for (const EndpointEntry &e : current.endpoints)
        addEndpoint(e);
    m_memory->setValue(current.memoryThresholdPercent);
    m_utilization->setValue(current.utilizationThresholdPercent);
    m_poll->setValue(current.pollingIntervalSeconds);
    m_timeout->setValue(current.endpointTimeoutSeconds);
    m_retries->setValue(current.maxRetries);
    m_health->setValue(current.healthCheckIntervalSeconds);
    m_store->setText(current.storeUrl);
    m_caFile->setText(current.caFile);
    m_proxy->setText(current.proxy == QLatin1String("system") ? QString() : current.proxy);
    m_transport->setCurrentIndex(m_transport->findData(int(current.transport)));
    m_theme->setCurrentIndex(m_theme->findData(int(current.theme)));
    m_notifications->setChecked(current.notifications);

    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828"));
    m_error->hide();
    auto *note = new QLabel(tr("Endpoints, CA certificates, the proxy, intervals and the store apply when the console "
                               "starts again; "
                               "thresholds, theme and notifications at once. API keys are kept in the "
                               "keyring, never in the settings file."),
                            this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(note);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(640, 460);
}

SettingsDialog::~SettingsDialog() = default;

QWidget *SettingsDialog::buildEndpointsPage()
{
    auto *page = new QWidget(this);
    m_endpoints = new QTableWidget(0, EndpointColumnCount, page);
    m_endpoints->setHorizontalHeaderLabels({ tr("Name"), tr("URL"), tr("API key (new)") });
    m_endpoints->horizontalHeader()->setSectionResizeMode(UrlColumn, QHeaderView::Stretch);
    m_endpoints->verticalHeader()->hide();
    m_endpoints->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto *add = new QPushButton(tr("&Add"), page);
    auto *remove = new QPushButton(tr("&Remove"), page);
    auto *test = new QPushButton(tr("&Test connection"), page);
    connect(add, &QPushButton::clicked, this, [this] {
        addEndpoint({ QString(), QStringLiteral("http://"), {} });
        m_endpoints->editItem(m_endpoints->item(m_endpoints->rowCount() - 1, UrlColumn));
    });
    connect(remove, &QPushButton::clicked, this, [this] { removeEndpoint(m_endpoints->currentRow()); });
    connect(test, &QPushButton::clicked, this, [this] { testConnection(m_endpoints->currentRow()); });
    connect(this, &SettingsDialog::connectionTested, m_testResult, [this](int, bool ok, const QString &message) {
        m_testResult->setStyleSheet(ok ? QString() : QStringLiteral("color: #c62828"));
        m_testResult->setText(message);
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    buttons->addWidget(test);
    m_testResult->setWordWrap(true);
    m_caFile = new QLineEdit(page);
    m_caFile->setPlaceholderText(tr("none: the system's certificate authorities only"));
    m_caFile->setToolTip(tr("A PEM file of certificates to trust beside the system's for https endpoints (a "
                            "private CA, or a server's self-signed certificate). To trust one certificate for "
                            "one endpoint, end its URL with #sha256=FINGERPRINT."));
    m_proxy = new QLineEdit(page);
    m_proxy->setPlaceholderText(tr("system: http_proxy, https_proxy, no_proxy"));
    m_proxy->setToolTip(tr("How polls reach the servers: empty or \"system\" (the environment's proxies, never "
                           "for a server on this machine), \"none\", or one proxy for every endpoint: "
                           "socks5h://127.0.0.1:1080 (an ssh -D tunnel; the proxy resolves the names), "
                           "socks5://HOST:PORT or http://HOST:PORT."));
    m_transport = new QComboBox(page);
    m_transport->addItem(tr("auto: ours, Qt's where a proxy applies"), int(endpoint::Transport::Auto));
    m_transport->addItem(tr("fast: ours, direct only"), int(endpoint::Transport::Fast));
    m_transport->addItem(tr("qt: QNetworkAccessManager"), int(endpoint::Transport::Qt));
    auto *trust = new QFormLayout;
    trust->addRow(tr("&CA certificates:"), m_caFile);
    trust->addRow(tr("Pro&xy:"), m_proxy);
    trust->addRow(tr("T&ransport:"), m_transport);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_endpoints);
    layout->addLayout(trust);
    layout->addLayout(buttons);
    layout->addWidget(m_testResult);
    return page;
}

QWidget *SettingsDialog::buildGeneralPage()
{
    auto *page = new QWidget(this);
    auto percent = [page] {
        auto *s = new QDoubleSpinBox(page);
        s->setRange(0, 100);
        s->setDecimals(1);
        s->setSuffix(QStringLiteral(" %"));
        return s;
    };
    auto seconds = [page](double min, double max) {
        auto *s = new QDoubleSpinBox(page);
        s->setRange(min, max);
        s->setDecimals(1);
        s->setSuffix(tr(" s"));
        return s;
    };
    m_memory = percent();
    m_utilization = percent();
    m_poll = seconds(config::limits::minPollingIntervalSeconds, config::limits::maxSeconds);
    m_timeout = seconds(0.1, config::limits::maxSeconds);
    m_health = seconds(0.1, config::limits::maxSeconds);
    m_retries = new QSpinBox(page);
    m_retries->setRange(1, config::limits::maxRetries);
    m_store = new QLineEdit(page);
    m_store->setPlaceholderText(tr("local (one SQLite file per user)"));
    m_store->setToolTip(
        tr("sqlite:PATH, redis://[[user]:password@]host[:port][/db]?cluster=NAME, unix:///path?cluster=NAME"));
    m_theme = new QComboBox(page);
    for (ThemeChoice c : { ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark })
        m_theme->addItem(Theme::displayName(c), int(c));
    m_notifications
        = new QCheckBox(tr("Endpoint down/up, queued request granted, lease about to expire, leased GPU idle"), page);
    auto *form = new QFormLayout(page);
    form->addRow(tr("&Memory threshold:"), m_memory);
    form->addRow(tr("&Utilization threshold:"), m_utilization);
    form->addRow(tr("&Polling interval:"), m_poll);
    form->addRow(tr("Endpoint &timeout:"), m_timeout);
    form->addRow(tr("Failures before the breaker &opens:"), m_retries);
    form->addRow(tr("&Health-check interval:"), m_health);
    form->addRow(tr("Lease &store:"), m_store);
    form->addRow(tr("T&heme:"), m_theme);
    form->addRow(tr("&Notifications:"), m_notifications);
    return page;
}

void SettingsDialog::addEndpoint(const EndpointEntry &entry)
{
    const int row = m_endpoints->rowCount();
    m_endpoints->insertRow(row);
    m_endpoints->setItem(row, NameColumn, new QTableWidgetItem(entry.name));
    m_endpoints->setItem(row, UrlColumn, new QTableWidgetItem(entry.url));
    // The key is never shown: what is typed is replaced by dots once entered.
    auto *key = new QLineEdit(m_endpoints);
    key->setEchoMode(QLineEdit::Password);
    key->setPlaceholderText(tr("unchanged"));
    key->setText(entry.apiKey);
    m_endpoints->setCellWidget(row, KeyColumn, key);
}

void SettingsDialog::removeEndpoint(int row)
{
    if (row >= 0 && row < m_endpoints->rowCount())
        m_endpoints->removeRow(row);
}

int SettingsDialog::endpointCount() const
{
    return m_endpoints->rowCount();
}

ConsoleSettings SettingsDialog::settings() const
{
    ConsoleSettings s;
    for (int r = 0; r < m_endpoints->rowCount(); ++r) {
        EndpointEntry e;
        e.name = m_endpoints->item(r, NameColumn) ? m_endpoints->item(r, NameColumn)->text().trimmed() : QString();
        e.url = m_endpoints->item(r, UrlColumn) ? m_endpoints->item(r, UrlColumn)->text().trimmed() : QString();
        if (auto *key = qobject_cast<QLineEdit *>(m_endpoints->cellWidget(r, KeyColumn)))
            e.apiKey = key->text();
        s.endpoints.append(e);
    }
    s.memoryThresholdPercent = m_memory->value();
    s.utilizationThresholdPercent = m_utilization->value();
    s.pollingIntervalSeconds = m_poll->value();
    s.endpointTimeoutSeconds = m_timeout->value();
    s.maxRetries = m_retries->value();
    s.healthCheckIntervalSeconds = m_health->value();
    s.storeUrl = m_store->text().trimmed();
    s.caFile = m_caFile->text().trimmed();
    s.proxy = m_proxy->text().trimmed().isEmpty() ? QStringLiteral("system") : m_proxy->text().trimmed();
    s.transport = endpoint::Transport(m_transport->currentData().toInt());
    s.theme = ThemeChoice(m_theme->currentData().toInt());
    s.notifications = m_notifications->isChecked();
    return s;
}

QString SettingsDialog::validationError() const
{
    const ConsoleSettings s = settings();
    QStringList names;
    for (int i = 0; i < s.endpoints.size(); ++i) {
        const EndpointEntry &e = s.endpoints[i];
        const config::PinnedUrlCheck check = config::checkPinnedEndpointUrl(e.url);
        if (!check.ok())
            return tr("Endpoint %1: URL \"%2\": %3").arg(i + 1).arg(e.url, check.reason);
        const QString id = e.name.isEmpty() ? config::endpointIdForUrl(check.url) : e.name;
        if (!e.name.isEmpty() && !config::isValidEndpointName(e.name))
            return tr("Endpoint %1: name \"%2\": use no ':' and no spaces").arg(i + 1).arg(e.name);
        if (names.contains(id))
            return tr("Endpoint %1: the name \"%2\" is used twice").arg(i + 1).arg(id);
        names.append(id);
    }
    const auto proxy = s.proxySetting();
    if (const QString *error = std::get_if<QString>(&proxy))
        return *error;
    if (!s.storeUrl.isEmpty()) {
        const auto spec = pool::StoreSpec::parse(s.storeUrl);
        if (!spec.ok())
            return tr("Lease store: %1").arg(spec.error().message);
    }
    return {};
}

void SettingsDialog::showValidation()
{
    const QString error = validationError();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

void SettingsDialog::accept()
{
    showValidation();
    if (validationError().isEmpty())
        QDialog::accept();
}

void SettingsDialog::testConnection(int row)
{
    const ConsoleSettings s = settings();
    if (row < 0 || row >= s.endpoints.size()) {
        emit connectionTested(row, false, tr("Select an endpoint to test."));
        return;
    }
    const EndpointEntry &e = s.endpoints[row];
    const config::PinnedUrlCheck check = config::checkPinnedEndpointUrl(e.url);
    if (!check.ok()) {
        emit connectionTested(row, false, tr("URL \"%1\": %2").arg(e.url, check.reason));
        return;
    }
    const QString id = e.name.isEmpty() ? config::endpointIdForUrl(check.url) : e.name;
    m_testKeys = {};
    if (!e.apiKey.isEmpty())
        m_testKeys.setApiKey(id, e.apiKey.toUtf8());
    // Through the proxy and on the transport the settings name, as the Pool would poll it.
    const auto proxy = s.proxySetting();
    const auto *proxySetting = std::get_if<endpoint::ProxySetting>(&proxy);
    if (!proxySetting) {
        emit connectionTested(row, false, std::get<QString>(proxy));
        return;
    }
    m_tester = std::make_unique<endpoint::Poller>(endpoint::EndpointConfig { id, check.url, check.pinnedSha256 },
                                                  &m_testKeys, m_testScheduler, nullptr, s.transport, *proxySetting);
    m_tester->setLimits(TestTimeoutMs, config::defaults::maxBodyBytes);
    if (!s.caFile.isEmpty()) {
        // A few kilobytes from a local file, read when the operator asks for the test.
        auto loaded = endpoint::loadCaFile(s.caFile);
        if (const QString *error = std::get_if<QString>(&loaded)) {
            m_tester.reset();
            emit connectionTested(row, false, tr("CA certificates: %1").arg(*error));
            return;
        }
        m_tester->setCaCertificates(std::get<QList<QSslCertificate>>(loaded));
    }
    connect(m_tester.get(), &endpoint::Poller::polled, this, [this, row](const endpoint::PollOutcome &outcome) {
        if (outcome.ok)
            emit connectionTested(row, true,
                                  tr("Connected: %n GPU(s), answered in %1 ms.", nullptr, outcome.summary.gpuCount)
                                      .arg(outcome.elapsedUs / 1000.0, 0, 'f', 1));
        else
            emit connectionTested(row, false, tr("Failed: %1").arg(outcome.failure.text));
    });
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Testing %1…").arg(check.url.toString()));
    m_tester->poll();
}

} // namespace gpupool::ui
