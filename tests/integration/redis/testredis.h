#pragma once

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

// A real redis-server for one test, on a unix socket in a temporary folder
// (no TCP port at all), always killed and reaped at the end. Tests QSKIP
// when redis-server is not installed.
namespace gpupool::testing {

class TestRedis
{
public:
    TestRedis() = default;
    ~TestRedis() { kill(); }
    TestRedis(const TestRedis &) = delete;
    TestRedis &operator=(const TestRedis &) = delete;

    static QString program() { return QStandardPaths::findExecutable(QStringLiteral("redis-server")); }

    // Starts it with the test defaults plus `extra` (e.g. --appendonly yes);
    // a restart reuses the folder (and its append-only file) and the socket.
    // Waits, bounded, for "Ready to accept connections".
    bool start(const QStringList &extra = {}, QString *why = nullptr)
    {
        if (!m_dir) {
            m_dir = std::make_unique<QTemporaryDir>();
            if (!m_dir->isValid())
                return fail(why, QStringLiteral("no temporary folder"));
        }
        m_extra = extra;
        return launch(why);
    }
    bool restart(QString *why = nullptr) { return launch(why); }

    // SIGKILL: a crash, as far as Redis can tell.
    void kill()
    {
        if (!m_process)
            return;
        m_process->kill();
        m_process->waitForFinished(5000);
        m_process.reset();
    }
    // SIGTERM: a clean shutdown.
    void terminate()
    {
        if (!m_process)
            return;
        m_process->terminate();
        if (!m_process->waitForFinished(5000))
            kill();
        m_process.reset();
    }
    bool isRunning() const { return m_process && m_process->state() == QProcess::Running; }

    QString socketPath() const { return m_dir->filePath(QStringLiteral("r.sock")); }
    QString url(const QString &cluster = QStringLiteral("test")) const
    {
        return QStringLiteral("unix://") + socketPath() + QStringLiteral("?cluster=") + cluster;
    }
    QString dir() const { return m_dir->path(); }

private:
    static bool fail(QString *why, const QString &text)
    {
        if (why)
            *why = text;
        return false;
    }

    bool launch(QString *why)
    {
        kill();
        const QString exe = program();
        if (exe.isEmpty())
            return fail(why, QStringLiteral("redis-server is not installed"));
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        QStringList args {
            QStringLiteral("--port"),           QStringLiteral("0"),   QStringLiteral("--unixsocket"), socketPath(),
            QStringLiteral("--unixsocketperm"), QStringLiteral("700"), QStringLiteral("--save"),       QString(),
            QStringLiteral("--appendonly"),     QStringLiteral("no"),  QStringLiteral("--dir"),        m_dir->path()
        };
        args += m_extra; // later options win
        m_process->start(exe, args);
        if (!m_process->waitForStarted(5000))
            return fail(why, QStringLiteral("redis-server did not start: ") + m_process->errorString());
        QByteArray out;
        const QDeadlineTimer deadline(10000);
        while (!out.toLower().contains("ready to accept connections")) {
            if (deadline.hasExpired() || m_process->state() != QProcess::Running)
                return fail(why, QStringLiteral("redis-server did not get ready: ") + QString::fromLocal8Bit(out));
            m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
            out += m_process->readAll();
        }
        return true;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QStringList m_extra;
};

} // namespace gpupool::testing

// In a test function: start a Redis or skip the test.
#define GPUPOOL_START_REDIS(redis, ...)                                                                                \
    do {                                                                                                               \
        if (gpupool::testing::TestRedis::program().isEmpty())                                                          \
            QSKIP("redis-server is not installed (apt-get install redis-server)");                                     \
        QString redisWhy_;                                                                                             \
        QVERIFY2((redis).start(__VA_ARGS__, &redisWhy_), qPrintable(redisWhy_));                                       \
    } while (false)
