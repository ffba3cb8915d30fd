#pragma once

// Helpers of gpupoolctl's integration tests: the program as a child process
// in a private HOME (settings, lease store), and gpupool-statd processes.

#include "../statd/statdtesting.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace gpupool::ctl::testing {

using statd::testing::Statd;

// Long enough for a loaded machine; every run is bounded by it.
constexpr int runTimeoutMs = 30000;

struct CtlResult
{
    int exitCode = -1; // -1: crashed or did not finish in time
    QString out;
    QString err;

    QJsonObject json() const
    {
        QJsonParseError error {};
        const QJsonDocument doc = QJsonDocument::fromJson(out.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            qWarning().noquote() << "not a JSON object:" << error.errorString() << out;
        return doc.object();
    }
    // For QVERIFY2: everything the run said.
    QByteArray describe() const
    {
        return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(exitCode).arg(out, err).toUtf8();
    }
};

// Runs gpupoolctl with HOME, XDG_* and the lease store inside one temporary
// folder, no gpupool variables from the caller's environment, and the owner
// set (GPUPOOL_OWNER), so that the user's own settings and leases are never
// touched.
class Ctl
{
public:
    Ctl()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : env.keys())
            if (name.startsWith(QLatin1String("GPU_")) || name.startsWith(QLatin1String("GPUPOOL_"))
                || name.startsWith(QLatin1String("XDG_")) || name == QLatin1String("NO_COLOR")
                || name == QLatin1String("CUDA_VISIBLE_DEVICES"))
                env.remove(name);
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.path() + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.path() + QStringLiteral("/cache"));
        env.insert(QStringLiteral("GPUPOOL_OWNER"), QStringLiteral("tester@ctltest"));
        m_env = env;
    }

    bool isValid() const { return m_home.isValid(); }
    QString home() const { return m_home.path(); }
    QString storeArgument() const
    {
        return QStringLiteral("sqlite:") + m_home.path() + QStringLiteral("/leases.sqlite");
    }
    QString settingsFile() const { return m_home.path() + QStringLiteral("/config/gpupool/gpupool.ini"); }
    void setEnv(const QString &name, const QString &value) { m_env.insert(name, value); }
    void unsetEnv(const QString &name) { m_env.remove(name); }

    // Runs `arguments` with --store (unless `withStore` is false). The event
    // loop runs while waiting, so servers in the test process keep answering.
    CtlResult run(const QStringList &arguments, bool withStore = true) const
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        QStringList args = arguments;
        if (withStore)
            args.prepend(QStringLiteral("--store=") + storeArgument());
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(GPUPOOL_CTL_BINARY), args);
        CtlResult r;
        if (!process.waitForStarted(statd::testing::timeoutMs))
            return r;
        if (!finished.wait(runTimeoutMs) && process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(statd::testing::timeoutMs);
        }
        r.out = QString::fromUtf8(process.readAllStandardOutput());
        r.err = QString::fromUtf8(process.readAllStandardError());
        if (process.exitStatus() == QProcess::NormalExit && !finished.isEmpty())
            r.exitCode = process.exitCode();
        return r;
    }

    // Starts gpupoolctl without waiting (watch); the caller owns the process.
    std::unique_ptr<QProcess> start(const QStringList &arguments) const
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(m_env);
        process->start(QStringLiteral(GPUPOOL_CTL_BINARY),
                       QStringList { QStringLiteral("--store=") + storeArgument() } + arguments);
        return process;
    }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
};

// gpupool-statd --simulate gpus --seed seed --cluster count on 127.0.0.1:0;
// the URLs it prints. Empty when it did not start.
struct StatdCluster
{
    std::unique_ptr<Statd> process;
    QStringList urls;

    // idle: every GPU free (--simulate-idle), for tests that count on it.
    StatdCluster(int gpus, int seed, int count = 1, bool idle = false)
        : process(std::make_unique<Statd>(
            QStringList { QStringLiteral("--simulate"), QString::number(gpus), QStringLiteral("--seed"),
                          QString::number(seed), QStringLiteral("--cluster"), QString::number(count),
                          QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }
            + (idle ? QStringList { QStringLiteral("--simulate-idle") } : QStringList {})))
    {
        for (int i = 0; i < count; ++i) {
            const QString line = process->readLine();
            if (line.isEmpty()) {
                urls.clear();
                return;
            }
            urls.append(line);
        }
    }
    bool isUp() const { return !urls.isEmpty(); }
    void kill()
    {
        process->process().kill();
        process->process().waitForFinished(statd::testing::timeoutMs);
    }
};

// Every line of a table fits the 100 columns gpupoolctl promises.
// A command line as C strings: {"--json", "status"}.
inline QStringList strings(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *s : list)
        out.append(QString::fromUtf8(s));
    return out;
}

inline bool fitsWidth(const QString &text, int width = 100)
{
    for (const QString &line : text.split(QLatin1Char('\n')))
        if (line.size() > width)
            return false;
    return true;
}

inline bool hasEscapeCodes(const QString &text)
{
    return text.contains(QChar(0x1b));
}

// The keys of a JSON object, sorted, for comparing with the documented fields.
inline QStringList keys(const QJsonObject &object)
{
    QStringList k = object.keys();
    k.sort();
    return k;
}

inline QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace gpupool::ctl::testing
