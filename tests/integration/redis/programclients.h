#pragma once

// The clients of tst_rediscontention_programs: lanes of real gpupoolctl
// processes and in-process Pools, each asking for a GPU, holding it a random
// few milliseconds and releasing it until its deadline. Each writes what it
// was told as the lines contentioncheck.h reads:
//   T tag                    about to ask
//   G id gpu fence ackMs     granted: gpupoolctl printed it / the Pool called back
//   X tag                    refused: no GPU free (exit 4 / timed out waiting),
//                            or no endpoint answered (statd killed)
//   E tag code               failed because of the store (store_unavailable:
//                            nothing done; store_failed: outcome unknown)
//   Q id ms                  stops using the GPU and starts releasing it
//   R id                     release acknowledged
//   RE id code               release refused (e.g. it had expired)

#include "contentioncheck.h"

#include "../statd/statdtesting.h"

#include "pool/pool.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTimer>
#include <functional>
#include <memory>

namespace gpupool::testing {

inline qint64 wallNowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Releases that fail because the store is away are tried again until this
// long after the deadline.
constexpr qint64 ReleaseGraceMs = 10'000;

// gpupoolctl's command line and environment for one user: a private HOME,
// no gpupool variables of the caller, USER set (the lease owner is
// USER@host), the shared store, the one statd endpoint "s" and thresholds
// as high as gpupoolctl allows.
class CtlEnvironment
{
public:
    CtlEnvironment(const QString &homeRoot, const QString &user, const QString &storeUrl, const QString &statdUrl)
        : m_user(user)
        , m_storeUrl(storeUrl)
        , m_statdUrl(statdUrl)
    {
        const QString home = homeRoot + QLatin1Char('/') + user;
        QDir().mkpath(home);
        m_env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : m_env.keys())
            if (name.startsWith(QLatin1String("GPU_")) || name.startsWith(QLatin1String("GPUPOOL_"))
                || name.startsWith(QLatin1String("XDG_")) || name == QLatin1String("CUDA_VISIBLE_DEVICES"))
                m_env.remove(name);
        m_env.insert(QStringLiteral("HOME"), home);
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
        m_env.insert(QStringLiteral("GPUPOOL_OWNER"), ownerFor(user));
    }

    // The owner each lane acts as (GPUPOOL_OWNER: one OS user runs them all).
    static QString ownerFor(const QString &user)
    {
        const QString host = QSysInfo::machineHostName().trimmed();
        return user + QLatin1Char('@') + (host.isEmpty() ? QStringLiteral("localhost") : host);
    }
    QString owner() const { return ownerFor(m_user); }
    QString user() const { return m_user; }
    QProcessEnvironment environment() const { return m_env; }
    QStringList arguments(const QStringList &command) const
    {
        return QStringList { QStringLiteral("--store=") + m_storeUrl, QStringLiteral("--endpoints=s=") + m_statdUrl,
                             QStringLiteral("--memory-threshold=100"), QStringLiteral("--utilization-threshold=100"),
                             QStringLiteral("--endpoint-timeout=5") }
        + command;
    }

private:
    QString m_user;
    QString m_storeUrl;
    QString m_statdUrl;
    QProcessEnvironment m_env;
};

inline QString errorCode(const QJsonObject &answer)
{
    return answer.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

// One lane: gpupoolctl request, hold, gpupoolctl release, again, until the
// deadline. One process at a time per lane; the lanes overlap. A Wait lane
// asks with --wait (joining the store's queue when nothing is free); a Run
// lane runs `gpupoolctl run -- sh -c ...`, whose command logs from inside
// the lease what it was given and when it stopped using it, and which
// releases by itself (the lane releases only what run could not).
class CtlLane
{
public:
    enum class Mode { Request, Wait, Run };

    CtlLane(CtlEnvironment env, qint64 deadlineMs, quint32 seed, Mode mode = Mode::Request)
        : m_env(std::move(env))
        , m_mode(mode)
        , m_deadlineMs(deadlineMs)
        , m_rng(seed)
        , m_log { m_env.owner(), {} }
    {
        m_process.setProcessEnvironment(m_env.environment());
        QObject::connect(&m_process, &QProcess::finished, &m_context, [this](int code, QProcess::ExitStatus status) {
            if (!m_done)
                return;
            m_lastOut = m_process.readAllStandardOutput();
            m_lastErr = m_process.readAllStandardError();
            const QJsonObject answer = QJsonDocument::fromJson(m_lastOut).object();
            auto done = std::move(m_done);
            done(status == QProcess::NormalExit ? code : -1, answer);
        });
    }

    ~CtlLane()
    {
        // Killed and reaped (a test that failed half-way), and nobody told.
        QObject::disconnect(&m_process, nullptr, &m_context, nullptr);
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    CtlLane(const CtlLane &) = delete;
    CtlLane &operator=(const CtlLane &) = delete;

    void start()
    {
        QTimer::singleShot(0, &m_context, [this] { next(); });
    }
    bool isDone() const { return m_finished; }
    // Held: asks for nothing new (what it holds it still releases) until
    // let go; idle once it waits for that.
    void hold(bool held)
    {
        m_held_ = held;
        if (!held && m_parked) {
            m_parked = false;
            later(0, &CtlLane::next);
        }
    }
    bool isIdle() const { return m_parked || m_finished; }
    const ClientLog &log() const { return m_log; }
    int runs() const { return m_runs; }
    int grants() const { return m_grants; }
    QStringList unexpected() const { return m_unexpected; }

    // The log line of a `request --json` run's answer.
    static QByteArray requestLine(const QString &tag, int exitCode, const QJsonObject &answer, qint64 nowMs)
    {
        if (exitCode == 0) {
            const QJsonObject l = answer.value(QStringLiteral("leases")).toArray().at(0).toObject();
            return "G " + l.value(QStringLiteral("id")).toString().toUtf8() + ' '
                + l.value(QStringLiteral("global_gpu_id")).toString().toUtf8() + ' '
                + QByteArray::number(l.value(QStringLiteral("fence")).toInteger()) + ' ' + QByteArray::number(nowMs);
        }
        if (exitCode == 4 || exitCode == 3) // none free; none freed within --wait
            return "X " + tag.toUtf8();
        const QString code = errorCode(answer);
        // gpupool-statd away (the test kills it): refused, nothing granted.
        if (code == QLatin1String("no_endpoint_reachable"))
            return "X " + tag.toUtf8();
        if (exitCode < 0)
            return "E " + tag.toUtf8() + " crashed";
        if (code.startsWith(QLatin1String("store_")))
            return "E " + tag.toUtf8() + ' ' + code.toUtf8();
        return "U " + tag.toUtf8() + ' ' + QByteArray::number(exitCode) + ' ' + code.toUtf8();
    }

private:
    void run(const QStringList &command, std::function<void(int, const QJsonObject &)> done)
    {
        ++m_runs;
        m_done = std::move(done);
        m_process.start(QStringLiteral(GPUPOOL_CTL_BINARY), m_env.arguments(command));
    }

    void later(int ms, void (CtlLane::*step)())
    {
        QTimer::singleShot(ms, &m_context, [this, step] { (this->*step)(); });
    }

    void next()
    {
        if (wallNowMs() >= m_deadlineMs) {
            m_finished = true;
            return;
        }
        if (m_held_) {
            m_parked = true;
            return;
        }
        const QString tag = m_env.user() + QLatin1Char('-') + QString::number(++m_count);
        m_log.lines.append("T " + tag.toUtf8());
        if (m_mode == Mode::Run)
            return runJob(tag);
        QStringList command { QStringLiteral("--json"), QStringLiteral("request"), QStringLiteral("--ttl"),
                              QStringLiteral("3s"),     QStringLiteral("--note"),  tag };
        if (m_mode == Mode::Wait)
            command << QStringLiteral("--wait") << QStringLiteral("1s");
        run(command, [this, tag](int code, const QJsonObject &answer) {
            const QByteArray line = requestLine(tag, code, answer, wallNowMs());
            m_log.lines.append(line);
            if (line.startsWith("G ")) {
                ++m_grants;
                m_held = QString::fromUtf8(line.split(' ').at(1));
                m_releasing = false;
                later(int(m_rng.bounded(30)), &CtlLane::release);
                return;
            }
            if (line.startsWith("U "))
                m_unexpected.append(QString::fromUtf8(line) + QLatin1Char('\n') + QString::fromUtf8(m_lastErr));
            later(int(m_rng.bounded(10)), &CtlLane::next);
        });
    }

    // gpupoolctl run with a command that prints, from inside the lease,
    //   G <lease id> <gpu> - <ms>   (the fence is the store's: "-")
    //   Q <lease id> <ms>           as it stops using the GPU
    void runJob(const QString &tag)
    {
        static const QString script
            = QStringLiteral("echo \"G $GPUPOOL_LEASE_IDS $GPUPOOL_GPU_IDS - $(date +%s%3N)\"; sleep \"$1\"; "
                             "echo \"Q $GPUPOOL_LEASE_IDS $(date +%s%3N)\"");
        const QString holdSeconds = QString::number(double(m_rng.bounded(30)) / 1000.0, 'f', 3);
        run({ QStringLiteral("--json"), QStringLiteral("run"), QStringLiteral("--ttl"), QStringLiteral("3s"),
              QStringLiteral("--note"), tag, QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), script,
              QStringLiteral("sh"), holdSeconds },
            [this, tag](int code, const QJsonObject &answer) {
                QByteArray granted, stopped;
                for (const QByteArray &line : m_lastOut.split('\n')) {
                    if (line.startsWith("G ") && line.split(' ').size() == 5)
                        granted = line;
                    else if (line.startsWith("Q ") && line.split(' ').size() == 3)
                        stopped = line;
                }
                if (granted.isEmpty()) { // nothing ran: the answer is run's own
                    const QByteArray line = requestLine(tag, code, answer, wallNowMs());
                    m_log.lines.append(line);
                    if (line.startsWith("U ") || line.startsWith("G "))
                        m_unexpected.append(QString::fromUtf8(line) + QLatin1Char('\n') + QString::fromUtf8(m_lastErr));
                    return later(int(m_rng.bounded(10)), &CtlLane::next);
                }
                ++m_grants;
                m_log.lines.append(granted);
                m_held = QString::fromUtf8(granted.split(' ').at(1));
                m_releasing = !stopped.isEmpty();
                if (m_releasing)
                    m_log.lines.append(stopped);
                if (code == 0 && m_releasing && !m_lastErr.contains("cannot release")) {
                    m_log.lines.append("R " + m_held.toUtf8());
                    return later(int(m_rng.bounded(10)), &CtlLane::next);
                }
                // run could not release (the store was away): as a person would.
                later(20 + int(m_rng.bounded(30)), &CtlLane::release);
            });
    }

    void release()
    {
        if (!m_releasing) {
            m_log.lines.append("Q " + m_held.toUtf8() + ' ' + QByteArray::number(wallNowMs()));
            m_releasing = true;
        }
        run({ QStringLiteral("--json"), QStringLiteral("release"), m_held },
            [this](int code, const QJsonObject &answer) {
                const QString error = errorCode(answer);
                if (code == 0) {
                    m_log.lines.append("R " + m_held.toUtf8());
                } else if (code < 0 || error.startsWith(QLatin1String("store_"))) {
                    m_log.lines.append("E " + m_held.toUtf8() + " release");
                    if (wallNowMs() < m_deadlineMs + ReleaseGraceMs)
                        return later(20 + int(m_rng.bounded(30)), &CtlLane::release);
                    m_unexpected.append(m_env.owner() + QStringLiteral(" could not release ") + m_held);
                } else {
                    m_log.lines.append("RE " + m_held.toUtf8() + ' ' + error.toUtf8());
                }
                later(int(m_rng.bounded(10)), &CtlLane::next);
            });
    }

    CtlEnvironment m_env;
    Mode m_mode;
    qint64 m_deadlineMs;
    QRandomGenerator m_rng;
    ClientLog m_log;
    QObject m_context; // the timers' and the process' receiver: dies with the lane
    QProcess m_process;
    std::function<void(int, const QJsonObject &)> m_done;
    QByteArray m_lastOut;
    QByteArray m_lastErr;
    QString m_held;
    bool m_releasing = false;
    bool m_finished = false;
    bool m_held_ = false; // hold()
    bool m_parked = false;
    int m_count = 0;
    int m_runs = 0;
    int m_grants = 0;
    QStringList m_unexpected;
};

// An in-process Pool (as a console or a program holds one) on the same
// store and endpoint: requestGpu() with a short wait, hold, releaseGpu().
class PoolClient
{
public:
    PoolClient(const QString &owner, const QString &storeUrl, const QString &statdUrl, qint64 deadlineMs, quint32 seed)
        : m_deadlineMs(deadlineMs)
        , m_rng(seed)
        , m_log { owner, {} }
        , m_pool(options(owner, storeUrl, statdUrl))
    {
    }
    PoolClient(const PoolClient &) = delete;
    PoolClient &operator=(const PoolClient &) = delete;

    bool start()
    {
        if (m_pool.start())
            return false;
        QTimer::singleShot(0, &m_context, [this] { next(); });
        return true;
    }
    bool isDone() const { return m_finished; }
    // Held: asks for nothing more once its current request and lease are
    // done (parked), until let go; so that nothing of it waits in the queue.
    void hold(bool held)
    {
        m_hold = held;
        if (!held && m_parked) {
            m_parked = false;
            later(0, &PoolClient::next);
        }
    }
    bool isIdle() const { return m_parked || m_finished; }
    const ClientLog &log() const { return m_log; }
    int requests() const { return m_count; }
    int grants() const { return m_grants; }
    QStringList unexpected() const { return m_unexpected; }

private:
    static pool::PoolOptions options(const QString &owner, const QString &storeUrl, const QString &statdUrl)
    {
        pool::PoolOptions o;
        o.settings.mode = config::Mode::MultiEndpoint;
        o.settings.endpoints.append({ QStringLiteral("s"), QUrl(statdUrl), true, {} });
        o.settings.pollingIntervalSeconds = 0.2;
        o.settings.endpointTimeoutSeconds = 2;
        // Every simulated GPU assignable whatever its load: the store decides.
        o.settings.memoryThresholdPercent = 101;
        o.settings.utilizationThresholdPercent = 101;
        // An endpoint that failed (gpupool-statd killed) is probed again soon.
        o.breakerOpenBaseMs = 500;
        o.breakerOpenCapMs = 1'000;
        o.owner = owner;
        o.settings.storeUrl = storeUrl;
        return o;
    }

    void later(int ms, void (PoolClient::*step)())
    {
        QTimer::singleShot(ms, &m_context, [this, step] { (this->*step)(); });
    }

    void next()
    {
        if (wallNowMs() >= m_deadlineMs) {
            m_finished = true;
            return;
        }
        if (m_hold) {
            m_parked = true;
            return;
        }
        const QString tag = m_log.owner + QLatin1Char('-') + QString::number(++m_count);
        m_log.lines.append("T " + tag.toUtf8());
        pool::GpuRequest request;
        request.timeoutMs = 300;
        request.durationMs = 3000;
        request.note = tag;
        m_pool.requestGpu(request, [this, tag](const pool::Result<lease::Lease> &r) {
            if (r) {
                ++m_grants;
                m_log.lines.append("G " + r->id.toUtf8() + ' ' + r->gpuId().toUtf8() + ' '
                                   + QByteArray::number(r->fence) + ' ' + QByteArray::number(wallNowMs()));
                m_held = r->id;
                m_releasing = false;
                return later(int(m_rng.bounded(30)), &PoolClient::release);
            }
            const QByteArray code = pool::errorCodeName(r.code()).toUtf8();
            if (r.code() == pool::ErrorCode::TimedOut)
                m_log.lines.append("X " + tag.toUtf8());
            else if (code.startsWith("store_"))
                m_log.lines.append("E " + tag.toUtf8() + ' ' + code);
            else
                m_unexpected.append(tag + QStringLiteral(": ") + r.error().message);
            later(int(m_rng.bounded(10)), &PoolClient::next);
        });
    }

    void release()
    {
        if (!m_releasing) {
            m_log.lines.append("Q " + m_held.toUtf8() + ' ' + QByteArray::number(wallNowMs()));
            m_releasing = true;
        }
        const pool::Result<lease::LeaseEnd> r = m_pool.releaseGpu(m_held);
        if (r) {
            m_log.lines.append("R " + m_held.toUtf8());
        } else if (pool::errorCodeName(r.code()).startsWith(QLatin1String("store_"))) {
            m_log.lines.append("E " + m_held.toUtf8() + " release");
            if (wallNowMs() < m_deadlineMs + ReleaseGraceMs)
                return later(20 + int(m_rng.bounded(30)), &PoolClient::release);
            m_unexpected.append(m_log.owner + QStringLiteral(" could not release ") + m_held);
        } else {
            m_log.lines.append("RE " + m_held.toUtf8() + ' ' + pool::errorCodeName(r.code()).toUtf8());
        }
        later(int(m_rng.bounded(10)), &PoolClient::next);
    }

    QObject m_context;
    qint64 m_deadlineMs;
    QRandomGenerator m_rng;
    ClientLog m_log;
    QString m_held;
    bool m_releasing = false;
    bool m_finished = false;
    bool m_hold = false;
    bool m_parked = false;
    int m_count = 0;
    int m_grants = 0;
    QStringList m_unexpected;
    // Last: goes first, while what its last callbacks touch is still there.
    pool::Pool m_pool;
};

// How often a GPU went from a gpupoolctl lease to a Pool's or back (by
// fence order in the store's records): evidence that the two contended.
inline int handovers(const QHash<QString, lease::Lease> &active, const QHash<QString, lease::LeaseEnd> &ended)
{
    QHash<QString, QList<lease::Lease>> byGpu;
    for (const lease::Lease &l : active)
        byGpu[l.gpuId()].append(l);
    for (const lease::LeaseEnd &e : ended)
        byGpu[e.lease.gpuId()].append(e.lease);
    int n = 0;
    for (QList<lease::Lease> &leases : byGpu) {
        std::sort(leases.begin(), leases.end(), [](const auto &a, const auto &b) { return a.fence < b.fence; });
        for (qsizetype i = 1; i < leases.size(); ++i)
            if (leases[i - 1].owner.startsWith(QLatin1String("pool"))
                != leases[i].owner.startsWith(QLatin1String("pool")))
                ++n;
    }
    return n;
}

} // namespace gpupool::testing
