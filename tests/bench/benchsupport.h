#pragma once

// What several benchmarks share: a gpupool-statd cluster to poll, CPU time,
// percentiles. Header-only: each benchmark is one executable.
#include <QElapsedTimer>
#include <QList>
#include <QProcess>
#include <QStringList>
#include <algorithm>

#include <sys/resource.h>
#include <time.h>

namespace gpupool::bench {

// Starts `gpupool-statd --simulate GPUS --cluster E --listen 127.0.0.1:0
// EXTRA...` and reads the E base URLs it prints (fewer when it failed).
inline QStringList startStatdCluster(QProcess &statd, const QString &program, int gpus, int endpoints,
                                     const QStringList &extra = {})
{
    statd.setProgram(program);
    statd.setArguments(QStringList { QStringLiteral("--simulate"), QString::number(gpus), QStringLiteral("--cluster"),
                                     QString::number(endpoints), QStringLiteral("--listen"),
                                     QStringLiteral("127.0.0.1:0") }
                       + extra);
    statd.setStandardErrorFile(QProcess::nullDevice()); // its log is not the figures
    statd.start();
    QStringList urls;
    QElapsedTimer startup;
    startup.start();
    while (urls.size() < endpoints && startup.elapsed() < 60'000) {
        if (!statd.canReadLine() && !statd.waitForReadyRead(1'000)) {
            if (statd.state() == QProcess::NotRunning)
                break;
            continue;
        }
        while (statd.canReadLine())
            urls.append(QString::fromUtf8(statd.readLine()).trimmed());
    }
    return urls;
}

inline qint64 micros(const timeval &t)
{
    return qint64(t.tv_sec) * 1'000'000 + t.tv_usec;
}

// This process's CPU time so far (all threads), in microseconds.
inline qint64 processCpuMicros()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return micros(u.ru_utime) + micros(u.ru_stime);
}

// The calling thread's CPU time so far, in microseconds.
inline qint64 threadCpuMicros()
{
    timespec t {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1'000'000 + t.tv_nsec / 1'000;
}

template<typename T>
T percentile(QList<T> values, double p)
{
    if (values.isEmpty())
        return T(-1);
    std::sort(values.begin(), values.end());
    return values[qsizetype(std::min<double>(double(values.size() - 1), p * double(values.size())))];
}

} // namespace gpupool::bench
