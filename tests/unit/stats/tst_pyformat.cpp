// Python-compatible number and time formatting: the predecessor's clients read
// what Python writes, so these strings are checked character for character.
#include "stats/jsonwriter.h"
#include "stats/pyformat.h"

#include <QTest>
#include <cmath>
#include <ctime>
#include <limits>

using namespace gpupool::stats;

class TestPyFormat : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("TZ", "UTC");
        tzset();
    }

    void floatRepr_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("integral") << 20.0 << QByteArray("20.0");
        QTest::newRow("half") << 17.5 << QByteArray("17.5");
        QTest::newRow("tenth") << 0.1 << QByteArray("0.1");
        QTest::newRow("two decimals") << 33.33 << QByteArray("33.33");
        QTest::newRow("power") << 694.37 << QByteArray("694.37");
        QTest::newRow("limit") << 700.0 << QByteArray("700.0");
        QTest::newRow("negative") << -2.5 << QByteArray("-2.5");
        QTest::newRow("zero") << 0.0 << QByteArray("0.0");
        QTest::newRow("negative zero") << -0.0 << QByteArray("-0.0");
        QTest::newRow("small fixed") << 0.0001 << QByteArray("0.0001");
        QTest::newRow("small exp") << 0.00001 << QByteArray("1e-05");
        QTest::newRow("small exp frac") << 0.000015 << QByteArray("1.5e-05");
        QTest::newRow("large fixed") << 123456789012345.0 << QByteArray("123456789012345.0");
        QTest::newRow("1e15") << 1e15 << QByteArray("1000000000000000.0");
        QTest::newRow("1e16") << 1e16 << QByteArray("1e+16");
        QTest::newRow("1.5e16") << 1.5e16 << QByteArray("1.5e+16");
        QTest::newRow("1e100") << 1e100 << QByteArray("1e+100");
        QTest::newRow("shortest") << 0.30000000000000004 << QByteArray("0.30000000000000004");
        QTest::newRow("nan") << std::nan("") << QByteArray("null");
        QTest::newRow("inf") << std::numeric_limits<double>::infinity() << QByteArray("null");
    }

    void floatRepr()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(py::floatRepr(value), expected);
    }

    void round2_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("expected");
        // Python: round(2.675, 2) == 2.67, because 2.675 is stored just below.
        QTest::newRow("binary below") << 2.675 << 2.67;
        // Exact ties go to even, as Python does.
        QTest::newRow("tie even down") << 0.125 << 0.12;
        QTest::newRow("tie even up") << 0.375 << 0.38;
        QTest::newRow("third") << 100.0 / 3.0 << 33.33;
        QTest::newRow("two thirds") << 200.0 / 3.0 << 66.67;
        QTest::newRow("memory") << 29751.0 / 81559.0 * 100.0 << 36.48;
        QTest::newRow("integral") << 20.0 << 20.0;
    }

    void round2()
    {
        QFETCH(double, value);
        QFETCH(double, expected);
        QCOMPARE(py::round2(value), expected);
    }

    void isoTimestamp()
    {
        using namespace std::chrono;
        const system_clock::time_point epoch {};
        QCOMPARE(py::isoTimestamp(epoch + microseconds(1500000)), QByteArray("1970-01-01T00:00:01.500000"));
        QCOMPARE(py::isoTimestamp(epoch + microseconds(974174)), QByteArray("1970-01-01T00:00:00.974174"));
        // Python leaves the fraction out when the microseconds are zero.
        QCOMPARE(py::isoTimestamp(epoch + seconds(2)), QByteArray("1970-01-01T00:00:02"));
        QCOMPARE(py::isoTimestamp(epoch + seconds(1795344811)), QByteArray("2026-11-22T10:53:31"));
    }

    void jsonStrings()
    {
        // json.dumps(ensure_ascii=False): control characters escaped, UTF-8 kept.
        QCOMPARE(JsonWriter::quoted(u"a\"b\\c"), QByteArray("\"a\\\"b\\\\c\""));
        QCOMPARE(JsonWriter::quoted(u"\n\t\r\b\f"), QByteArray("\"\\n\\t\\r\\b\\f\""));
        QCOMPARE(JsonWriter::quoted(QString(QChar(0x01))), QByteArray("\"\\u0001\""));
        QCOMPARE(JsonWriter::quoted(u"Grafikkarte ü"), QByteArray("\"Grafikkarte \xc3\xbc\""));
    }

    void jsonStructure()
    {
        JsonWriter w;
        w.beginObject().field("b", 1).key("a").beginArray().value(1.5).null().value(true).endArray();
        w.key("o").beginObject().endObject().field("s", std::optional<int>()).endObject();
        QCOMPARE(w.take(), QByteArray(R"({"b":1,"a":[1.5,null,true],"o":{},"s":null})"));
    }
};

QTEST_GUILESS_MAIN(TestPyFormat)
#include "tst_pyformat.moc"
