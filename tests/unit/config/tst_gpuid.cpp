// Global GPU ids: "<endpoint_id>:<local_gpu_id>", split at the last ':'.
#include "config/gpuid.h"

#include <QTest>
#include <climits>

using namespace gpupool::config;

class TestGpuId : public QObject
{
    Q_OBJECT

private slots:
    void formats();
    void formatsPerMode();
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void errorIsOptional();
    void roundTrips_data();
    void roundTrips();
    void parsesLocalIds_data();
    void parsesLocalIds();
};

void TestGpuId::formats()
{
    QCOMPARE(formatGlobalGpuId(QStringLiteral("server1_8000"), 0), QStringLiteral("server1_8000:0"));
    QCOMPARE(formatGlobalGpuId(QStringLiteral("__1_8000"), 7), QStringLiteral("__1_8000:7"));
    QCOMPARE((GlobalGpuId { QStringLiteral("gpu.example.com"), 12 }).toString(), QStringLiteral("gpu.example.com:12"));
}

void TestGpuId::formatsPerMode()
{
    QCOMPARE(formatGpuId(Mode::SingleEndpoint, QStringLiteral("localhost_8080"), 0), QStringLiteral("0"));
    QCOMPARE(formatGpuId(Mode::SingleEndpoint, QStringLiteral("localhost_8080"), 3), QStringLiteral("3"));
    QCOMPARE(formatGpuId(Mode::MultiEndpoint, QStringLiteral("server1"), 3), QStringLiteral("server1:3"));
}

void TestGpuId::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<int>("local");
    QTest::newRow("plain") << "server1:0"
                           << "server1" << 0;
    QTest::newRow("derived id") << "server1_8000:3"
                                << "server1_8000" << 3;
    QTest::newRow("dotted host") << "gpu.example.com:12"
                                 << "gpu.example.com" << 12;
    QTest::newRow("ipv6-derived") << "__1_8000:1"
                                  << "__1_8000" << 1;
    QTest::newRow("underscores only") << "_:0"
                                      << "_" << 0;
    // Odd endpoint parts: split at the LAST ':' keeps them whole.
    QTest::newRow("colon in endpoint") << "a:b:2"
                                       << "a:b" << 2;
    QTest::newRow("raw ipv6 endpoint") << "::1:5"
                                       << "::1" << 5;
    QTest::newRow("leading zeros") << "s:007"
                                   << "s" << 7;
    QTest::newRow("int max") << "s:2147483647"
                             << "s" << INT_MAX;
    QTest::newRow("unicode") << QStringLiteral("rechner-\u00e4:1") << QStringLiteral("rechner-\u00e4") << 1;
}

void TestGpuId::parses()
{
    QFETCH(QString, text);
    QFETCH(QString, endpoint);
    QFETCH(int, local);
    QString error;
    const std::optional<GlobalGpuId> id = parseGlobalGpuId(text, &error);
    QVERIFY2(id.has_value(), qPrintable(error));
    QCOMPARE(id->endpointId, endpoint);
    QCOMPARE(id->localId, local);
    QVERIFY(error.isEmpty());
}

void TestGpuId::refuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const QString local = QStringLiteral("the local GPU id after the last ':' must be a non-negative integer");
    QTest::newRow("empty") << ""
                           << "\"\" is not a global GPU id: expected <endpoint_id>:<local_gpu_id>, "
                              "e.g. server1_8000:0";
    QTest::newRow("single-endpoint id") << "0"
                                        << "\"0\" is not a global GPU id: expected <endpoint_id>:<local_gpu_id>, "
                                           "e.g. server1_8000:0";
    QTest::newRow("no endpoint") << ":0"
                                 << "\":0\" is not a global GPU id: the endpoint id before ':' is empty";
    QTest::newRow("no local") << "server1:" << QStringLiteral("\"server1:\" is not a global GPU id: ") + local;
    QTest::newRow("negative") << "server1:-1" << QStringLiteral("\"server1:-1\" is not a global GPU id: ") + local;
    QTest::newRow("plus") << "server1:+1" << QStringLiteral("\"server1:+1\" is not a global GPU id: ") + local;
    QTest::newRow("fraction") << "server1:1.5" << QStringLiteral("\"server1:1.5\" is not a global GPU id: ") + local;
    QTest::newRow("letters") << "server1:gpu0" << QStringLiteral("\"server1:gpu0\" is not a global GPU id: ") + local;
    QTest::newRow("space after colon") << "server1: 1"
                                       << QStringLiteral("\"server1: 1\" is not a global GPU id: ") + local;
    QTest::newRow("trailing space") << "server1:1 "
                                    << QStringLiteral("\"server1:1 \" is not a global GPU id: ") + local;
    QTest::newRow("overflow") << "s:2147483648" << QStringLiteral("\"s:2147483648\" is not a global GPU id: ") + local;
    QTest::newRow("colon last in odd endpoint")
        << "a:1:" << QStringLiteral("\"a:1:\" is not a global GPU id: ") + local;
    QTest::newRow("space in endpoint") << "my gpu:1"
                                       << "\"my gpu:1\" is not a global GPU id: the endpoint id cannot contain spaces";
}

void TestGpuId::refuses()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!parseGlobalGpuId(text, &error).has_value());
    QCOMPARE(error, message);
}

void TestGpuId::errorIsOptional()
{
    QVERIFY(!parseGlobalGpuId(u"nope").has_value());
    QVERIFY(!parseLocalGpuId(u"nope").has_value());
}

void TestGpuId::roundTrips_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<int>("local");
    QTest::newRow("zero") << "server1_8000" << 0;
    QTest::newRow("big") << "gpu.example.com" << 65535;
    QTest::newRow("ipv6-derived") << "fe80__1_2" << 4;
    QTest::newRow("suffixed duplicate") << "gpu_8000_1" << 2;
}

void TestGpuId::roundTrips()
{
    QFETCH(QString, endpoint);
    QFETCH(int, local);
    const std::optional<GlobalGpuId> id = parseGlobalGpuId(formatGlobalGpuId(endpoint, local));
    QVERIFY(id.has_value());
    QCOMPARE(*id, (GlobalGpuId { endpoint, local }));
}

void TestGpuId::parsesLocalIds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected"); // -1: refused
    QTest::newRow("zero") << "0" << 0;
    QTest::newRow("seven") << "7" << 7;
    QTest::newRow("empty") << "" << -1;
    QTest::newRow("negative") << "-1" << -1;
    QTest::newRow("global") << "server1:0" << -1;
    QTest::newRow("space") << " 1" << -1;
}

void TestGpuId::parsesLocalIds()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    QString error;
    const std::optional<int> local = parseLocalGpuId(text, &error);
    if (expected < 0) {
        QVERIFY(!local.has_value());
        QCOMPARE(error, QStringLiteral("\"%1\" is not a GPU id: expected a non-negative integer such as 0").arg(text));
    } else {
        QCOMPARE(local, std::optional<int>(expected));
        QVERIFY(error.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestGpuId)
#include "tst_gpuid.moc"
