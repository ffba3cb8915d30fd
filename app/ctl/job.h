#pragma once

#include "lease/lease.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

// `gpupoolctl run`'s command while it holds its leases: started with the
// leases' variables, its leases renewed by a heartbeat while it lives,
// signals to gpupoolctl passed on (and a kill after the grace period), the
// leases released when it ends, and gpupoolctl's exit status its own.
namespace gpupool::ctl {

class Run;

struct JobOptions
{
    QString program; // as found on PATH
    QStringList arguments;
    QProcessEnvironment environment;
    qint64 ttlMs = 0; // each heartbeat moves the expiry to now + ttlMs
    qint64 graceMs = 0;
    int onLostSignal = 0; // 0: none
};

class Job final : public QObject
{
    Q_OBJECT

public:
    Job(Run &run, QList<lease::Lease> leases, JobOptions options);

    void start();
    // A signal to gpupoolctl (SignalWatcher); also before start().
    void handleSignal(int signalNumber, bool sentByKernel);

    // The heartbeat's period for a lease that lasts `ttlMs`: a third, so
    // that two beats may fail before the lease runs out.
    static qint64 heartbeatMs(qint64 ttlMs);

private:
    void heartbeat();
    void leaseLost(const QString &why);
    void signalChild(int signalNumber, const QString &why);
    void childFinished(int exitCode, QProcess::ExitStatus status);
    void childFailed(QProcess::ProcessError error);
    void releaseAndFinish(int exitStatus);

    Run &m_run;
    QList<lease::Lease> m_leases;
    JobOptions m_options;
    QProcess m_child;
    QTimer m_heartbeat;
    QTimer m_grace;
    QElapsedTimer m_started;
    qint64 m_childPid = 0;
    bool m_lost = false;
    bool m_stopping = false; // a signal asked it to end: the grace period runs
    bool m_storeTrouble = false; // the last heartbeat could not reach the store
    bool m_finished = false;
};

} // namespace gpupool::ctl
