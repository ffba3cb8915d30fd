#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <optional>
#include <variant>

// gpupool-statd's settings from its command line and environment, checked.
// Kept out of main() so the rules (precedence, ranges, messages) are tested.
namespace gpupool::server {

// What the command line said; nullopt where an option was not given.
struct StatdArguments
{
    std::optional<QString> listen;
    std::optional<QString> simulate;
    std::optional<QString> seed;
    std::optional<QString> cluster;
    std::optional<QString> refreshInterval;
    std::optional<QString> nvidiaSmi;
    std::optional<QString> smiTimeout;
    std::optional<QString> apiKeyFile;
    std::optional<QString> tlsCert;
    std::optional<QString> tlsKey;
    std::optional<QString> corsOrigin; // comma-separated, or "*"
    bool noCors = false;
    bool protectHealth = false;
    bool insecurePublic = false;
    bool simulateIdle = false;
    bool debug = false;
};

struct StatdOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8000; // 0: the system picks (each server of a cluster its own)
    std::optional<int> simulatedGpus; // nullopt: read real GPUs with nvidia-smi
    quint64 seed = 1;
    // Every simulated GPU idle and nearly empty: a pool whose GPUs are all
    // free, for demos and tests that need exactly that.
    bool simulatedIdle = false;
    int cluster = 1; // servers on consecutive ports
    qint64 refreshIntervalMs = 1000;
    QString nvidiaSmi = QStringLiteral("nvidia-smi");
    int smiTimeoutMs = 5000;
    QString apiKeyFile; // empty: no access control
    bool protectHealth = false; // /health needs a key too
    QString tlsCert; // both or neither
    QString tlsKey;
    // CORS (corspolicy.h): on for any origin, as the predecessor's; --no-cors or
    // ENABLE_CORS=false turns it off, --cors-origin names the origins.
    bool cors = true;
    QList<QByteArray> corsOrigins { QByteArrayLiteral("*") };
    // The predecessor's server variables, as /config reports them.
    QString title = QStringLiteral("GPU Statistics Server"); // TITLE
    QString description; // DESCRIPTION (/docs, /openapi.json)
    QString apiVersion = QStringLiteral("1.0.0"); // VERSION
    int maxHistory = 100; // MAX_HISTORY (reported; no history here)
    QString apiPrefix; // API_PREFIX: "" or "/api/v1"
    QString logLevel = QStringLiteral("info"); // LOG_LEVEL (--debug: "debug")
    bool accessLog = false; // ACCESS_LOG: every request at info
    bool debug = false;

    bool tls() const { return !tlsCert.isEmpty(); }

    static constexpr int maxSimulatedGpus = 1024;
    static constexpr int maxCluster = 4096;
    static constexpr double maxRefreshIntervalS = 3600;
};

struct ListenAddress
{
    QHostAddress address;
    quint16 port = 0;
};

// "ADDR:PORT" with an IPv4 address, "[IPv6]:PORT", or "localhost:PORT".
std::optional<ListenAddress> parseListenAddress(const QString &text);
// An IP address ("0.0.0.0", "::1", "[::1]") or "localhost".
std::optional<QHostAddress> parseHostAddress(const QString &text);
// "http://127.0.0.1:8000", "http://[::1]:8000".
QString baseUrl(const QHostAddress &address, quint16 port, bool tls = false);

// Options beat the environment (HOST, PORT, REFRESH_INTERVAL), which beats the
// defaults. Returns the options or one line naming the option or variable, the
// value and what is valid. Listening on an address other than loopback without
// an API key file is refused unless insecurePublic says the operator means it:
// GPU usage tells outsiders what a team runs.
std::variant<StatdOptions, QString> resolveStatdOptions(const StatdArguments &arguments,
                                                        const QProcessEnvironment &environment);

} // namespace gpupool::server
