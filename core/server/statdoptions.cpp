#include "server/statdoptions.h"

#include <QCoreApplication>
#include <QUrl>

#include <cmath>

namespace gpupool::server {

namespace {

// The translation context of these messages (free functions have no tr() of their own).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(gpupool::server::StatdOptions)
};

QString invalid(const QString &name, const QString &value, const QString &expected)
{
    return Text::tr("invalid value for %1: \"%2\" (expected %3)").arg(name, value, expected);
}

bool allDigits(const QString &s)
{
    if (s.isEmpty() || s.size() > 20)
        return false;
    for (QChar c : s) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

std::optional<qint64> parseInteger(const QString &s, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 v = allDigits(s) ? s.toLongLong(&ok) : 0;
    if (!ok || v < min || v > max)
        return std::nullopt;
    return v;
}

std::optional<quint16> parsePort(const QString &s)
{
    const std::optional<qint64> v = parseInteger(s, 0, 65535);
    return v ? std::optional<quint16>(static_cast<quint16>(*v)) : std::nullopt;
}

} // namespace

std::optional<QHostAddress> parseHostAddress(const QString &text)
{
    QString host = text;
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (host.isEmpty() || host.contains(QLatin1Char('%')) || !address.setAddress(host))
        return std::nullopt;
    return address;
}

std::optional<ListenAddress> parseListenAddress(const QString &text)
{
    qsizetype colon = -1;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0 || close + 1 >= text.size() || text.at(close + 1) != QLatin1Char(':'))
            return std::nullopt;
        colon = close + 1;
    } else {
        colon = text.lastIndexOf(QLatin1Char(':'));
        // A bare IPv6 address is ambiguous ("::1:8000"): brackets are required.
        if (colon < 0 || text.first(colon).contains(QLatin1Char(':')))
            return std::nullopt;
    }
    const std::optional<QHostAddress> address = parseHostAddress(text.first(colon));
    const std::optional<quint16> port = parsePort(text.mid(colon + 1));
    if (!address || !port)
        return std::nullopt;
    return ListenAddress { *address, *port };
}

QString baseUrl(const QHostAddress &address, quint16 port, bool tls)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
        : address.toString();
    return (tls ? QStringLiteral("https://") : QStringLiteral("http://")) + host + QLatin1Char(':')
        + QString::number(port);
}

namespace {

std::optional<bool> parseBool(const QString &text)
{
    const QString v = text.trimmed().toLower();
    if (v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("0") || v == QLatin1String("no"))
        return false;
    return std::nullopt;
}

// TITLE, DESCRIPTION, VERSION, MAX_HISTORY, API_PREFIX, LOG_LEVEL, ACCESS_LOG: what the
// predecessor's server read. Each is checked; /config reports them.
std::optional<QString> readPredecessorVariables(const QProcessEnvironment &env, StatdOptions &o)
{
    const auto has = [&env](const char *name) { return env.contains(QLatin1String(name)); };
    const auto value = [&env](const char *name) { return env.value(QLatin1String(name)); };
    if (has("TITLE") && !value("TITLE").trimmed().isEmpty())
        o.title = value("TITLE").trimmed();
    if (has("DESCRIPTION"))
        o.description = value("DESCRIPTION").trimmed();
    if (has("VERSION") && !value("VERSION").trimmed().isEmpty())
        o.apiVersion = value("VERSION").trimmed();
    if (has("MAX_HISTORY")) {
        const std::optional<qint64> n = parseInteger(value("MAX_HISTORY"), 1, 1'000'000);
        if (!n)
            return invalid(QStringLiteral("MAX_HISTORY"), value("MAX_HISTORY"),
                           Text::tr("a whole number from 1 to 1000000"));
        o.maxHistory = static_cast<int>(*n);
    }
    if (has("API_PREFIX")) {
        QString prefix = value("API_PREFIX").trimmed();
        while (prefix.endsWith(QLatin1Char('/')))
            prefix.chop(1);
        const bool ok = prefix.isEmpty()
            || (prefix.startsWith(QLatin1Char('/')) && !prefix.contains(QLatin1Char('?'))
                && !prefix.contains(QLatin1Char('#')) && !prefix.contains(QLatin1Char(' ')));
        if (!ok)
            return invalid(QStringLiteral("API_PREFIX"), value("API_PREFIX"), Text::tr("a path such as /api/v1"));
        o.apiPrefix = prefix;
    }
    if (has("LOG_LEVEL")) {
        const QString level = value("LOG_LEVEL").trimmed().toLower();
        static const QStringList levels { QStringLiteral("critical"), QStringLiteral("error"),
                                          QStringLiteral("warning"),  QStringLiteral("info"),
                                          QStringLiteral("debug"),    QStringLiteral("trace") };
        if (!levels.contains(level))
            return invalid(QStringLiteral("LOG_LEVEL"), value("LOG_LEVEL"),
                           Text::tr("critical, error, warning, info, debug or trace"));
        o.logLevel = level;
    }
    if (has("ACCESS_LOG")) {
        const std::optional<bool> on = parseBool(value("ACCESS_LOG"));
        if (!on)
            return invalid(QStringLiteral("ACCESS_LOG"), value("ACCESS_LOG"), Text::tr("true or false"));
        o.accessLog = *on;
    }
    return std::nullopt;
}

} // namespace

std::variant<StatdOptions, QString> resolveStatdOptions(const StatdArguments &args, const QProcessEnvironment &env)
{
    StatdOptions o;
    o.debug = args.debug;

    if (args.listen) {
        const std::optional<ListenAddress> listen = parseListenAddress(*args.listen);
        if (!listen)
            return invalid(QStringLiteral("--listen"), *args.listen,
                           Text::tr("ADDR:PORT with an IP address and a port 0-65535, "
                                    "e.g. 127.0.0.1:8000 or [::1]:8000"));
        o.address = listen->address;
        o.port = listen->port;
    } else {
        if (env.contains(QStringLiteral("HOST"))) {
            const QString value = env.value(QStringLiteral("HOST"));
            const std::optional<QHostAddress> host = parseHostAddress(value);
            if (!host)
                return invalid(QStringLiteral("HOST"), value,
                               Text::tr("an IP address, e.g. 127.0.0.1, 0.0.0.0 or ::1"));
            o.address = *host;
        }
        if (env.contains(QStringLiteral("PORT"))) {
            const QString value = env.value(QStringLiteral("PORT"));
            const std::optional<quint16> port = parsePort(value);
            if (!port)
                return invalid(QStringLiteral("PORT"), value, Text::tr("a port number 0-65535"));
            o.port = *port;
        }
    }

    const bool fromOption = args.refreshInterval.has_value();
    if (fromOption || env.contains(QStringLiteral("REFRESH_INTERVAL"))) {
        const QString name = fromOption ? QStringLiteral("--refresh-interval") : QStringLiteral("REFRESH_INTERVAL");
        const QString value = fromOption ? *args.refreshInterval : env.value(QStringLiteral("REFRESH_INTERVAL"));
        bool ok = false;
        const double seconds = value.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > StatdOptions::maxRefreshIntervalS)
            return invalid(name, value, Text::tr("seconds from 0 to 3600, e.g. 1 or 0.5"));
        o.refreshIntervalMs = std::llround(seconds * 1000.0);
    }

    if (args.seed) {
        bool ok = false;
        const quint64 seed = allDigits(*args.seed) ? args.seed->toULongLong(&ok) : 0;
        if (!ok)
            return invalid(QStringLiteral("--seed"), *args.seed, Text::tr("a non-negative integer below 2^64"));
        o.seed = seed;
    }

    if (args.cluster) {
        const std::optional<qint64> k = parseInteger(*args.cluster, 1, StatdOptions::maxCluster);
        if (!k)
            return invalid(QStringLiteral("--cluster"), *args.cluster,
                           Text::tr("a number of servers from 1 to %1").arg(StatdOptions::maxCluster));
        o.cluster = static_cast<int>(*k);
        if (o.port != 0 && o.port + o.cluster - 1 > 65535)
            return invalid(
                QStringLiteral("--cluster"), *args.cluster,
                Text::tr("at most %1 servers from port %2 (ports end at 65535)").arg(65536 - o.port).arg(o.port));
    }

    if (args.simulate) {
        const std::optional<qint64> n = parseInteger(*args.simulate, 0, StatdOptions::maxSimulatedGpus);
        if (!n)
            return invalid(QStringLiteral("--simulate"), *args.simulate,
                           Text::tr("a number of GPUs from 0 to %1").arg(StatdOptions::maxSimulatedGpus));
        o.simulatedGpus = static_cast<int>(*n);
    } else if (o.cluster > 1) {
        return Text::tr("--cluster runs simulated servers only: give --simulate N as well");
    } else if (args.simulateIdle) {
        return Text::tr("--simulate-idle is for simulated servers only: give --simulate N as well");
    }
    o.simulatedIdle = args.simulateIdle;

    if (args.nvidiaSmi) {
        if (args.nvidiaSmi->trimmed().isEmpty())
            return invalid(QStringLiteral("--nvidia-smi"), *args.nvidiaSmi, Text::tr("a program name or path"));
        o.nvidiaSmi = *args.nvidiaSmi;
    }
    if (args.smiTimeout) {
        bool ok = false;
        const double seconds = args.smiTimeout->trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds < 0.1 || seconds > 300)
            return invalid(QStringLiteral("--smi-timeout"), *args.smiTimeout,
                           Text::tr("seconds from 0.1 to 300, e.g. 5"));
        o.smiTimeoutMs = static_cast<int>(std::llround(seconds * 1000.0));
    }

    if (args.apiKeyFile) {
        if (args.apiKeyFile->isEmpty())
            return invalid(QStringLiteral("--api-key-file"), *args.apiKeyFile, Text::tr("a file of API keys"));
        o.apiKeyFile = *args.apiKeyFile;
    }
    o.protectHealth = args.protectHealth;
    if (o.protectHealth && o.apiKeyFile.isEmpty())
        return Text::tr("--protect-health needs --api-key-file");

    if (args.tlsCert.has_value() != args.tlsKey.has_value())
        return Text::tr("--tls-cert and --tls-key go together: give both or neither");
    if (args.tlsCert) {
        o.tlsCert = *args.tlsCert;
        o.tlsKey = *args.tlsKey;
    }

    if (const std::optional<QString> error = readPredecessorVariables(env, o))
        return *error;
    if (o.debug)
        o.logLevel = QStringLiteral("debug"); // --debug beats LOG_LEVEL

    // The predecessor's ENABLE_CORS ("true"/"false"); an option beats it.
    if (env.contains(QStringLiteral("ENABLE_CORS"))) {
        const std::optional<bool> on = parseBool(env.value(QStringLiteral("ENABLE_CORS")));
        if (!on)
            return invalid(QStringLiteral("ENABLE_CORS"), env.value(QStringLiteral("ENABLE_CORS")),
                           Text::tr("true or false"));
        o.cors = *on;
    }
    if (args.noCors && args.corsOrigin)
        return Text::tr("--no-cors and --cors-origin contradict each other: give one");
    if (args.noCors)
        o.cors = false;
    if (args.corsOrigin) {
        o.cors = true;
        o.corsOrigins.clear();
        for (const QString &part : args.corsOrigin->split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString origin = part.trimmed();
            const QUrl url(origin, QUrl::StrictMode);
            // An origin is a scheme, a host and perhaps a port: nothing after them.
            const bool valid = origin == QLatin1String("*")
                || (url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
                    && !url.host().isEmpty() && url.path().isEmpty() && !url.hasQuery() && !url.hasFragment()
                    && url.userInfo().isEmpty());
            if (!valid)
                return invalid(QStringLiteral("--cors-origin"), *args.corsOrigin,
                               Text::tr("* or origins such as https://dash.lab:8443, comma-separated"));
            o.corsOrigins.append(origin.toLatin1());
        }
        if (o.corsOrigins.isEmpty())
            return invalid(QStringLiteral("--cors-origin"), *args.corsOrigin,
                           Text::tr("* or origins such as https://dash.lab:8443, comma-separated"));
    }

    if (!o.address.isLoopback() && o.apiKeyFile.isEmpty() && !args.insecurePublic)
        return Text::tr("refusing to serve GPU statistics on %1 to anyone who asks: give --api-key-file, "
                        "listen on 127.0.0.1, or say --insecure-public if that is what you want")
            .arg(o.address.toString());
    return o;
}

} // namespace gpupool::server
