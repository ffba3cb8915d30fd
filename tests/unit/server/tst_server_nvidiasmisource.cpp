// The nvidia-smi source against stand-in nvidia-smi scripts: real processes
// that print the H100 fixtures, fail, hang, or print garbage.
#include "server/nvidiasmisource.h"
#include "server/processowner.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace gpupool::server;

// The first line of a stand-in that passes the version check, as a working nvidia-smi does.
#define VERSION_OK "[ \"$1\" = --version ] && { echo 'NVIDIA-SMI version  : 535.183.01'; exit 0; }\n"

class TestNvidiaSmiSource : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // An executable shell script standing in for nvidia-smi.
    QString script(const QString &name, const QByteArray &body)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write("#!/bin/sh\n" + body);
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }

    QString fixture(const char *name) const
    {
        return QStringLiteral(GPUPOOL_TEST_FIXTURES "/nvidia-smi/h100/") + QLatin1String(name);
    }

    NvidiaSmiSource source(const QString &program, int timeoutMs = 5000)
    {
        NvidiaSmiSource::Options o;
        o.program = program;
        o.timeoutMs = timeoutMs;
        return NvidiaSmiSource(o);
    }

private slots:
    void readsRealOutput()
    {
        // Our query adds the uuid column after the predecessor's nine.
        const QString program = script(QStringLiteral("smi-ok"),
                                       "case \"$1\" in\n"
                                       "--query-gpu=index,name,memory.total,memory.used,memory.free,utilization.gpu,"
                                       "temperature.gpu,power.draw,power.limit,uuid)\n"
                                       "  echo '0, NVIDIA H100 80GB HBM3, 81559, 29751, 51329, 100, 57, 694.37, "
                                       "700.00, GPU-5be79425-faf0-340b-0c20-f48fb02b4036';;\n"
                                       "--query-compute-apps=pid,process_name,used_memory,gpu_uuid)\n"
                                       "  echo \"$$, python3, 29742, GPU-5be79425-faf0-340b-0c20-f48fb02b4036\"\n"
                                       "  echo '999999999, python3, [N/A], GPU-unknown';;\n"
                                       "*) exit 2;;\nesac\n");
        NvidiaSmiSource s = source(program);
        QVERIFY(!s.nvidiaSmiAvailable()); // nothing known before the first reading
        const GpuReading r = s.read();
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QVERIFY(s.nvidiaSmiAvailable()); // it worked
        QCOMPARE(r.gpus().size(), 1);
        QCOMPARE(r.gpus()[0].memoryUsedMb, 29751);
        QCOMPARE(r.gpus()[0].powerDrawW, std::optional<double>(694.37));
        QCOMPARE(s.totalSystemGpus(), 1);

        const ProcessReading p = s.readProcesses(r.gpus());
        QVERIFY(std::holds_alternative<QList<GpuProcess>>(p));
        const QList<GpuProcess> list = std::get<QList<GpuProcess>>(p);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].gpuIndex, std::optional<int>(0));
        QCOMPARE(list[0].usedMemoryMb, std::optional<qint64>(29742));
        // The script's own pid is gone by now; the second never existed here:
        // both are shown, as not visible, rather than dropped.
        QCOMPARE(list[1].pidVisible, false);
        QCOMPARE(list[1].user, std::nullopt);
        QCOMPARE(list[1].gpuIndex, std::nullopt);
    }

    void fixtureBytesThroughCat()
    {
        // The fixture lacks the uuid column: a parse failure that names the line.
        const QString program
            = script(QStringLiteral("smi-cat"), "cat '" + fixture("busy_summary.csv").toUtf8() + "'\n");
        const GpuReading r = source(program).read();
        QVERIFY(!r.ok());
        QVERIFY2(r.errorMessage().startsWith(
                     QLatin1String("Failed to get GPU stats: unexpected nvidia-smi output: line 1:")),
                 qPrintable(r.errorMessage()));
    }

    void missingProgram()
    {
        NvidiaSmiSource s = source(m_dir.filePath(QStringLiteral("no-such-nvidia-smi")));
        QVERIFY(!s.nvidiaSmiAvailable());
        QCOMPARE(s.read().errorMessage(), QStringLiteral("nvidia-smi not available"));
        NvidiaSmiSource byName = source(QStringLiteral("gpupool-test-no-such-program"));
        QCOMPARE(byName.read().errorMessage(), QStringLiteral("nvidia-smi not available"));
    }

    void nonZeroExit()
    {
        // The version check passes: the query itself is what failed.
        const QString program = script(QStringLiteral("smi-fail"),
                                       VERSION_OK "cat '" + fixture("bad_field.txt").toUtf8() + "' >&2\nexit 2\n");
        NvidiaSmiSource s = source(program);
        const GpuReading r = s.read();
        QCOMPARE(r.errorMessage(),
                 QStringLiteral("Failed to get GPU stats: nvidia-smi exited with status 2: "
                                "Field \"bogus.field\" is not a valid field to query."));
        QVERIFY(s.nvidiaSmiAvailable());
    }

    void versionCheckFailsIsNotAvailable()
    {
        // nvidia-smi without a driver fails every command, --version included:
        // the predecessor's "not available", and /health's false.
        const QString program = script(
            QStringLiteral("smi-nodriver"),
            "echo 'NVIDIA-SMI has failed because it couldn'\"'\"'t communicate with the NVIDIA driver.'\nexit 9\n");
        NvidiaSmiSource s = source(program);
        QCOMPARE(s.read().errorMessage(), QStringLiteral("nvidia-smi not available"));
        QVERIFY(!s.nvidiaSmiAvailable());
        // The driver comes back: the next reading sees it.
        script(QStringLiteral("smi-nodriver"),
               "echo '0, NVIDIA H100 80GB HBM3, 81559, 0, 81079, 0, 34, 122.7, 700.00, GPU-a'\n");
        QVERIFY(s.read().ok());
        QVERIFY(s.nvidiaSmiAvailable());
    }

    void hangIsStopped()
    {
        const QString program = script(QStringLiteral("smi-hang"), VERSION_OK "exec sleep 30\n");
        QElapsedTimer timer;
        timer.start();
        const GpuReading r = source(program, 300).read();
        QVERIFY2(r.errorMessage().contains(QLatin1String("did not finish within 0.3 s")), qPrintable(r.errorMessage()));
        QVERIFY(timer.elapsed() < 5000); // bounded by the timeout, not by the script
    }

    void garbage()
    {
        const QString program = script(QStringLiteral("smi-garbage"),
                                       "printf 'NVIDIA-SMI has failed because it couldn'\"'\"'t communicate\\n'\n");
        const GpuReading r = source(program).read();
        QVERIFY2(r.errorMessage().startsWith(QLatin1String("Failed to get GPU stats: unexpected nvidia-smi output")),
                 qPrintable(r.errorMessage()));
    }

    void processOwnerFromProc()
    {
        QCOMPARE(processOwner(0), std::nullopt);
        // Our own process is visible and owned by whoever runs the test.
        const std::optional<QString> me = processOwner(getpid());
        QVERIFY(me.has_value());
        QVERIFY(!me->isEmpty());
        // A fake /proc: a uid nobody has comes back as the number.
        QTemporaryDir proc;
        QDir().mkpath(proc.filePath(QStringLiteral("42")));
        QFile status(proc.filePath(QStringLiteral("42/status")));
        QVERIFY(status.open(QIODevice::WriteOnly));
        status.write("Name:\tpython3\nUid:\t4000123\t4000123\t4000123\t4000123\n");
        status.close();
        QCOMPARE(processOwner(42, proc.path()), std::optional<QString>(QStringLiteral("4000123")));
        QCOMPARE(processOwner(43, proc.path()), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestNvidiaSmiSource)
#include "tst_server_nvidiasmisource.moc"
