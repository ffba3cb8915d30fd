#include "config/resolver.h"

#include "config/endpointlist.h"
#include "config/endpointurl.h"
#include "balance/strategyregistry.h"
#include "util/logging.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QSettings>
#include <cmath>

namespace gpupool::config {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::config::Resolver", text);
}

// A value found at some level, before it is checked.
struct Found
{
    bool present = false;
    Source source = Source::Default;
    QString name;
    QString value;
};

// QSettings' INI reader turns an unquoted value with commas into a string list;
// join it back so the value reads as written (an endpoint list, or a mistake
// such as "7,5" that must be quoted in the error as the user wrote it).
QString settingsText(const QVariant &value)
{
    if (value.metaType().id() == QMetaType::QStringList)
        return value.toStringList().join(QLatin1Char(','));
    return value.toString();
}

std::optional<double> readNumber(const QString &text)
{
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v)) // toDouble takes "nan" and "inf"
        return std::nullopt;
    return v;
}

std::optional<qint64> readWhole(const QString &text)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return v;
}

class Reader
{
public:
    Reader(const QProcessEnvironment &env, const QSettings *file, const Overrides &overrides, Resolution &r)
        : m_env(env)
        , m_file(file)
        , m_overrides(overrides)
        , m_r(r)
    {
    }

    void endpoints();
    void strategy();
    void route();
    void text(Key key, QString &out); // any text: checked where it is used
    void number(Key key, double &out, double lo, bool loIncluded, double hi, const QString &expected);
    void whole(Key key, qint64 &out, qint64 lo, qint64 hi, const QString &expected);

private:
    Found find(Key key);
    void use(Key key, const Found &found) { m_r.origins[static_cast<size_t>(key)] = origin(key, found); }
    static Origin origin(Key key, const Found &found);
    void refuse(Key key, const Found &found, const QString &value, const QString &message);
    void refuseValue(Key key, const Found &found, const QString &value, const QString &expected);
    void warn(Key key, const Found &found, const QString &value, const QString &message);

    const QProcessEnvironment &m_env;
    const QSettings *m_file;
    const Overrides &m_overrides;
    Resolution &m_r;
};

Found Reader::find(Key key)
{
    const KeyInfo &info = keyInfo(key);
    const std::optional<QString> &given = m_overrides.value(key);
    if (given && !given->trimmed().isEmpty())
        return { true, Source::Override, QLatin1String("--") + QLatin1String(info.option), given->trimmed() };

    const QString variable = QLatin1String(info.variable);
    const QString primary = m_env.value(variable).trimmed();
    const QString alias = info.alias ? QString(QLatin1String(info.alias)) : QString();
    const QString aliasValue = alias.isEmpty() ? QString() : m_env.value(alias).trimmed();
    if (!primary.isEmpty()) {
        if (!aliasValue.isEmpty() && aliasValue != primary)
            warn(key, { true, Source::Environment, alias, aliasValue }, aliasValue,
                 tr("%1: ignored, because %2 is also set and takes precedence").arg(alias, variable));
        return { true, Source::Environment, variable, primary };
    }
    if (!aliasValue.isEmpty())
        return { true, Source::Environment, alias, aliasValue };

    const QString settingsKey = QLatin1String(info.settingsKey);
    if (m_file && m_file->contains(settingsKey)) {
        const QString text = settingsText(m_file->value(settingsKey)).trimmed();
        if (!text.isEmpty())
            return { true, Source::SettingsFile, tr("%1 in %2").arg(settingsKey, m_file->fileName()), text };
    }
    return {};
}

Origin Reader::origin(Key key, const Found &found)
{
    if (found.present)
        return { found.source, found.name, found.value };
    const char *text = keyInfo(key).defaultText;
    return { Source::Default, {}, text ? QString(QLatin1String(text)) : QString() };
}

void Reader::refuse(Key key, const Found &found, const QString &value, const QString &message)
{
    m_r.errors.append({ key, found.source, found.name, value, message });
}

void Reader::refuseValue(Key key, const Found &found, const QString &value, const QString &expected)
{
    refuse(key, found, value, tr("%1: \"%2\" is not valid: %3").arg(found.name, value, expected));
}

void Reader::warn(Key key, const Found &found, const QString &value, const QString &message)
{
    m_r.warnings.append({ key, found.source, found.name, value, message });
}

void Reader::endpoints()
{
    Settings &s = m_r.settings;
    const Found list = find(Key::ServiceEndpoints);
    const Found single = find(Key::ServiceEndpoint);
    use(Key::ServiceEndpoints, list);
    use(Key::ServiceEndpoint, single);

    if (list.present) {
        s.mode = Mode::MultiEndpoint;
        const EndpointList parsed = parseEndpointList(list.value);
        for (const EndpointListProblem &p : parsed.errors)
            refuseValue(Key::ServiceEndpoints, list, p.entry, p.reason);
        for (const QString &w : parsed.warnings)
            warn(Key::ServiceEndpoints, list, list.value, tr("%1: %2").arg(list.name, w));
        if (single.present)
            warn(Key::ServiceEndpoint, single, single.value,
                 tr("%1: ignored, because an endpoint list is set (%2)").arg(single.name, list.name));
        s.endpoints = parsed.endpoints;
        return;
    }

    s.mode = Mode::SingleEndpoint;
    const QString text = single.present ? single.value : QString(QLatin1String(defaults::serviceEndpoint));
    const PinnedUrlCheck check = checkPinnedEndpointUrl(text);
    if (!check.ok()) {
        refuseValue(Key::ServiceEndpoint, single, text, check.reason);
        use(Key::ServiceEndpoint, {});
        s.endpoints.clear();
        return;
    }
    s.endpoints = { EndpointSpec { endpointIdForUrl(check.url), check.url, false, check.pinnedSha256 } };
}

void Reader::strategy()
{
    const Found found = find(Key::Strategy);
    if (found.present && !balance::StrategyRegistry::contains(found.value)) {
        // The spec fixes this text; it names the setting in its own words.
        refuse(Key::Strategy, found, found.value, balance::StrategyRegistry::unknownStrategyMessage(found.value));
        use(Key::Strategy, {});
        return;
    }
    use(Key::Strategy, found);
    if (found.present)
        m_r.settings.strategy = found.value;
}

void Reader::route()
{
    const Found transport = find(Key::Transport);
    if (transport.present) {
        if (const std::optional<endpoint::Transport> t = endpoint::parseTransport(transport.value)) {
            m_r.settings.transport = *t;
            use(Key::Transport, transport);
        } else {
            refuseValue(Key::Transport, transport, transport.value, tr("expected auto, fast or qt"));
            use(Key::Transport, {});
        }
    } else {
        use(Key::Transport, {});
    }

    const Found proxy = find(Key::Proxy);
    if (!proxy.present) {
        use(Key::Proxy, {});
        return;
    }
    std::variant<endpoint::ProxySetting, QString> parsed = endpoint::parseProxySetting(proxy.value);
    if (const QString *expected = std::get_if<QString>(&parsed)) {
        refuseValue(Key::Proxy, proxy, proxy.value, *expected);
        use(Key::Proxy, {});
        return;
    }
    m_r.settings.proxy = std::get<endpoint::ProxySetting>(parsed);
    use(Key::Proxy, proxy);
}

void Reader::text(Key key, QString &out)
{
    const Found found = find(key);
    if (found.present)
        out = found.value;
    use(key, found);
}

void Reader::number(Key key, double &out, double lo, bool loIncluded, double hi, const QString &expected)
{
    const Found found = find(key);
    if (found.present) {
        const std::optional<double> v = readNumber(found.value);
        if (!v || (loIncluded ? *v < lo : *v <= lo) || *v > hi) {
            refuseValue(key, found, found.value, expected);
            use(key, {});
            return;
        }
        out = *v;
    }
    use(key, found);
}

void Reader::whole(Key key, qint64 &out, qint64 lo, qint64 hi, const QString &expected)
{
    const Found found = find(key);
    if (found.present) {
        const std::optional<qint64> v = readWhole(found.value);
        if (!v || *v < lo || *v > hi) {
            refuseValue(key, found, found.value, expected);
            use(key, {});
            return;
        }
        out = *v;
    }
    use(key, found);
}

} // namespace

const std::optional<QString> &Overrides::value(Key key) const
{
    return const_cast<Overrides *>(this)->value(key);
}

std::optional<QString> &Overrides::value(Key key)
{
    switch (key) {
    case Key::ServiceEndpoint: return serviceEndpoint;
    case Key::ServiceEndpoints: return serviceEndpoints;
    case Key::Strategy: return strategy;
    case Key::MemoryThresholdPercent: return memoryThresholdPercent;
    case Key::UtilizationThresholdPercent: return utilizationThresholdPercent;
    case Key::PollingIntervalSeconds: return pollingIntervalSeconds;
    case Key::EndpointTimeoutSeconds: return endpointTimeoutSeconds;
    case Key::MaxRetries: return maxRetries;
    case Key::HealthCheckIntervalSeconds: return healthCheckIntervalSeconds;
    case Key::MaxBodyBytes: return maxBodyBytes;
    case Key::Store: return store;
    case Key::ApiKeyFile: return apiKeyFile;
    case Key::CaFile: return caFile;
    case Key::Transport: return transport;
    case Key::Proxy: break;
    }
    return proxy;
}

QStringList Resolution::errorMessages() const
{
    QStringList out;
    for (const Issue &i : errors)
        out.append(i.message);
    return out;
}

QStringList Resolution::warningMessages() const
{
    QStringList out;
    for (const Issue &i : warnings)
        out.append(i.message);
    return out;
}

Resolution resolve(const QProcessEnvironment &environment, const QSettings *settingsFile, const Overrides &overrides)
{
    Resolution r;
    Reader reader(environment, settingsFile, overrides, r);
    Settings &s = r.settings;

    reader.endpoints();
    reader.strategy();
    const QString percent = tr("expected a number from 0 to 100");
    reader.number(Key::MemoryThresholdPercent, s.memoryThresholdPercent, 0, true, 100, percent);
    reader.number(Key::UtilizationThresholdPercent, s.utilizationThresholdPercent, 0, true, 100, percent);
    reader.number(Key::PollingIntervalSeconds, s.pollingIntervalSeconds, limits::minPollingIntervalSeconds, true,
                  limits::maxSeconds, tr("expected a number of seconds from 0.2 to 86400"));
    const QString seconds = tr("expected a number of seconds greater than 0 and at most 86400");
    reader.number(Key::EndpointTimeoutSeconds, s.endpointTimeoutSeconds, 0, false, limits::maxSeconds, seconds);
    reader.number(Key::HealthCheckIntervalSeconds, s.healthCheckIntervalSeconds, 0, false, limits::maxSeconds, seconds);
    qint64 retries = s.maxRetries;
    reader.whole(Key::MaxRetries, retries, 1, limits::maxRetries, tr("expected a whole number from 1 to 1000"));
    s.maxRetries = static_cast<int>(retries);
    reader.whole(Key::MaxBodyBytes, s.maxBodyBytes, limits::minBodyBytes, limits::maxBodyBytes,
                 tr("expected a whole number of bytes from 1024 to 1073741824"));
    reader.text(Key::Store, s.storeUrl);
    reader.text(Key::ApiKeyFile, s.apiKeyFile);
    reader.text(Key::CaFile, s.caFile);
    reader.route();

    for (const KeyInfo &info : allKeys()) {
        const Origin &o = r.origin(info.key);
        qCDebug(lcConfig).noquote() << info.variable << "=" << o.value << "from" << sourceName(o.source) << o.name;
    }
    return r;
}

Resolution resolveFromProcess(const QSettings *settingsFile, const Overrides &overrides)
{
    return resolve(QProcessEnvironment::systemEnvironment(), settingsFile, overrides);
}

} // namespace gpupool::config
