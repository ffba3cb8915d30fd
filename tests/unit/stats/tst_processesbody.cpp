// /gpu/processes on the wire (gpupool-statd's extension): what the server
// writes the client reads back unchanged; unknowns stay unknown (null, not
// zero); a body that breaks the rules is refused with the field it broke.
#include "stats/bodyparser.h"
#include "stats/bodywriter.h"

#include <QTest>

using namespace gpupool::stats;

class TestProcessesBody : public QObject
{
    Q_OBJECT

private slots:
    void roundTrips()
    {
        ProcessesBody b;
        b.timestamp = QStringLiteral("2026-12-07T10:00:00.000000");
        GpuProcess train;
        train.pid = 4242;
        train.processName = QStringLiteral("python3");
        train.user = QStringLiteral("alice");
        train.usedMemoryMb = 30'000;
        train.gpuIndex = 1;
        train.gpuUuid = QStringLiteral("GPU-1111");
        GpuProcess contained; // in another pid namespace: no user, no memory
        contained.pid = 17;
        contained.processName = QStringLiteral("[not found]");
        contained.pidVisible = false;
        contained.gpuUuid = QStringLiteral("GPU-2222");
        b.processes = { train, contained };
        const QByteArray written = writeProcesses(b);
        QVERIFY(written.contains("\"user\":null")); // unknown stays unknown
        const Parsed<ProcessesBody> read = parseProcesses(written);
        QVERIFY2(read.ok(), read.ok() ? "" : qPrintable(read.error().toString()));
        QCOMPARE(read.value(), b);
    }

    void readsWhatStatdWrites()
    {
        const Parsed<ProcessesBody> read = parseProcesses(
            R"({"processes":[{"pid":100,"process_name":"/usr/bin/python3","user":"bob","pid_visible":true,)"
            R"("used_memory_mb":512,"gpu_id":0,"gpu_uuid":"GPU-a"}],"timestamp":"t"})");
        QVERIFY(read.ok());
        QCOMPARE(read->processes.size(), 1);
        QCOMPARE(read->processes.first().user, std::optional<QString>(QStringLiteral("bob")));
        QCOMPARE(read->processes.first().usedMemoryMb, std::optional<qint64>(512));
        // Nothing runs: an empty list, not an error.
        QVERIFY(parseProcesses(R"({"processes":[],"timestamp":"t"})").ok());
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("no list") << QByteArray(R"({"timestamp":"t"})") << QStringLiteral("processes");
        QTest::newRow("list not an array") << QByteArray(R"({"processes":{}})") << QStringLiteral("processes");
        QTest::newRow("no pid") << QByteArray(R"({"processes":[{"user":"a"}]})") << QStringLiteral("processes[0].pid");
        QTest::newRow("negative pid") << QByteArray(R"({"processes":[{"pid":-1}]})")
                                      << QStringLiteral("processes[0].pid");
        QTest::newRow("user a number") << QByteArray(R"({"processes":[{"pid":1,"user":7}]})")
                                       << QStringLiteral("processes[0].user");
        QTest::newRow("memory negative") << QByteArray(R"({"processes":[{"pid":1,"used_memory_mb":-5}]})")
                                         << QStringLiteral("processes[0].used_memory_mb");
        QTest::newRow("gpu a string") << QByteArray(R"({"processes":[{"pid":1,"gpu_id":"0"}]})")
                                      << QStringLiteral("processes[0].gpu_id");
        QTest::newRow("visible a string") << QByteArray(R"({"processes":[{"pid":1,"pid_visible":"yes"}]})")
                                          << QStringLiteral("processes[0].pid_visible");
    }
    void refuses()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const Parsed<ProcessesBody> read = parseProcesses(body);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().field, field);
        QVERIFY(!read.error().message.isEmpty());
    }

    void aServerErrorIsSaid()
    {
        const Parsed<ProcessesBody> read = parseProcesses(R"({"error":"nvidia-smi failed"})");
        QVERIFY(!read.ok());
        QCOMPARE(read.error().kind, ParseError::Kind::ServerError);
        QCOMPARE(read.error().message, QStringLiteral("nvidia-smi failed"));
    }
};

QTEST_GUILESS_MAIN(TestProcessesBody)
#include "tst_processesbody.moc"
