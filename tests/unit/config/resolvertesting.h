#pragma once

// What tst_resolver*.cpp share: building an environment and a settings file
// by hand, so nothing reads the real environment or the user's settings.
#include "config/resolver.h"
#include "balance/strategyregistry.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace gpupool::config;

Q_DECLARE_METATYPE(gpupool::config::Key)

namespace resolvertesting {

using Vars = QList<std::pair<QString, QString>>;

inline QProcessEnvironment envOf(const Vars &vars)
{
    QProcessEnvironment env; // empty: nothing inherited from this process
    for (const auto &[name, value] : vars)
        env.insert(name, value);
    return env;
}

inline QStringList texts(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *t : list)
        out.append(QString::fromUtf8(t));
    return out;
}

inline double numberOf(const Settings &s, Key key)
{
    switch (key) {
    case Key::MemoryThresholdPercent: return s.memoryThresholdPercent;
    case Key::UtilizationThresholdPercent: return s.utilizationThresholdPercent;
    case Key::PollingIntervalSeconds: return s.pollingIntervalSeconds;
    case Key::EndpointTimeoutSeconds: return s.endpointTimeoutSeconds;
    case Key::MaxRetries: return s.maxRetries;
    case Key::HealthCheckIntervalSeconds: return s.healthCheckIntervalSeconds;
    case Key::MaxBodyBytes: return double(s.maxBodyBytes);
    default: break;
    }
    qFatal("not a numeric key");
}

// "group/key" = value, as a person writes it in an INI file.
inline QByteArray iniLine(const QString &settingsKey, const QString &value)
{
    return QStringLiteral("[%1]\n%2 = %3\n")
        .arg(settingsKey.section(u'/', 0, 0), settingsKey.section(u'/', 1), value)
        .toUtf8();
}

inline QStringList idsOf(const Settings &s)
{
    QStringList out;
    for (const EndpointSpec &e : s.endpoints)
        out.append(e.id);
    return out;
}

inline const QString allStrategies
    = QStringLiteral("availability, round_robin, weighted, least_connections, least_response_time, equal_weighted, "
                     "weighted_round_robin");

// Settings files with the given text, each a new file in one temporary folder.
class IniFiles
{
public:
    bool isValid() const { return m_dir.isValid(); }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    std::unique_ptr<QSettings> operator()(const QByteArray &content)
    {
        const QString file = m_dir.filePath(QStringLiteral("gpupool-%1.ini").arg(++m_files));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(file));
        f.close();
        return std::make_unique<QSettings>(file, QSettings::IniFormat);
    }

private:
    QTemporaryDir m_dir;
    int m_files = 0;
};

} // namespace resolvertesting
