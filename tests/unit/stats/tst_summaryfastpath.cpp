// The summary's fast reader against the full parser: what the fast one
// accepts must be exactly what QJsonDocument reads, and it must accept what
// servers really send (or the speed-up is gone without anyone noticing).
#include "stats/bodyparser.h"
#include "stats/summaryfastpath.h"

#include <QTest>

using namespace gpupool::stats;

// Declared before the test data: moc cannot read the raw string literals below.
class TestSummaryFastPath : public QObject
{
    Q_OBJECT

private slots:
    void acceptsWhatServersSend_data();
    void acceptsWhatServersSend();
    void valuesAreRead();
    void givesUpAndTheFullParserAnswers_data();
    void givesUpAndTheFullParserAnswers();
    void manyGpusWithADuplicateFarApart();
};

namespace {

const QByteArray kStatd
    = R"({"gpu_count":2,"total_memory_mb":163118,"total_used_memory_mb":57979,"average_utilization_percent":47.0,"gpus_summary":[{"gpu_id":0,"name":"NVIDIA H100 80GB HBM3","memory_usage_percent":0.0,"utilization_percent":0},{"gpu_id":1,"name":"NVIDIA H100 80GB HBM3","memory_usage_percent":71.09,"utilization_percent":94}],"total_memory_usage_percent":35.54,"timestamp":"2026-11-23T02:43:23.831247"})";

// The predecessor (FastAPI): spaces after separators are fine too, integer
// percents, no total_memory_usage_percent with zero GPUs.
const QByteArray kPredecessorEmpty
    = R"({"gpu_count": 0, "total_memory_mb": 0, "total_used_memory_mb": 0, "average_utilization_percent": 0, "gpus_summary": [], "timestamp": "2025-01-01T00:00:00"})";

} // namespace

void TestSummaryFastPath::acceptsWhatServersSend_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("gpupool-statd") << kStatd;
    QTest::newRow("predecessor, no GPUs") << kPredecessorEmpty;
    QTest::newRow("pretty-printed") << QByteArray(
        "{\n  \"gpu_count\": 1,\n  \"total_memory_mb\": 81559,\n  \"total_used_memory_mb\": 4,\n  "
        "\"average_utilization_percent\": 0,\n  \"gpus_summary\": [\n    {\"gpu_id\": 3, \"name\": \"NVIDIA "
        "A100-SXM4-80GB\", \"memory_usage_percent\": 0.0, \"utilization_percent\": 0}\n  ],\n  "
        "\"total_memory_usage_percent\": null\n}\n");
    // Qt keeps it as an integer and rounds it to a double when read; the
    // fast reader rounds the literal directly: the same double.
    QTest::newRow("integer over 2^53") << QByteArray(
        R"({"gpu_count":0,"total_memory_mb":9007199254740993,"total_used_memory_mb":0,"average_utilization_percent":0,"gpus_summary":[]})");
    // Short decimals take the exact-division path, long ones from_chars;
    // both must round as Qt does.
    QTest::newRow("decimals") << QByteArray(
        R"({"gpu_count":3,"total_memory_mb":10,"total_used_memory_mb":5,"average_utilization_percent":33.333333333333336,"gpus_summary":[{"gpu_id":0,"name":"a","memory_usage_percent":0.1,"utilization_percent":99.99},{"gpu_id":1,"name":"b","memory_usage_percent":12.345678901234,"utilization_percent":0.000000000000001},{"gpu_id":2,"name":"c","memory_usage_percent":1.0000000000000002,"utilization_percent":71.09}],"total_memory_usage_percent":0.30000000000000004})");
    QTest::newRow("extra keys, nested") << QByteArray(
        R"({"x":{"a":[1,2,{"b":null}],"c":true},"gpu_count":1,"total_memory_mb":10,"total_used_memory_mb":5,"average_utilization_percent":1e1,"gpus_summary":[{"gpu_id":0.0,"extra":[false],"name":"","memory_usage_percent":50,"utilization_percent":1E+1}]})");
}

void TestSummaryFastPath::acceptsWhatServersSend()
{
    QFETCH(QByteArray, body);
    const std::optional<SummaryBody> fast = parseSummaryFast(body, 32);
    QVERIFY(fast.has_value());
    const Parsed<SummaryBody> full = parseSummaryFull(body);
    QVERIFY2(full.ok(), full.ok() ? "" : qPrintable(full.error().toString()));
    QCOMPARE(*fast, full.value());
}

void TestSummaryFastPath::valuesAreRead()
{
    const SummaryBody s = *parseSummaryFast(kStatd, 32);
    QCOMPARE(s.gpuCount, 2);
    QCOMPARE(s.totalMemoryMb, 163118);
    QCOMPARE(s.gpus[1].name, QStringLiteral("NVIDIA H100 80GB HBM3"));
    QCOMPARE(s.gpus[1].memoryUsagePercent, 71.09);
    QCOMPARE(s.gpus[1].utilizationPercent, 94.0);
    QCOMPARE(s.totalMemoryUsagePercent, std::optional<double>(35.54));
    QCOMPARE(s.timestamp, QStringLiteral("2026-11-23T02:43:23.831247"));
    QVERIFY(!parseSummaryFast(kPredecessorEmpty, 32)->totalMemoryUsagePercent);
}

// Everything here is left to the full parser: either an error it words,
// or a form (escapes, non-ASCII, -0, duplicates) whose reading is its
// business. The public parseSummary must still give the full parser's answer.

void TestSummaryFastPath::givesUpAndTheFullParserAnswers_data()
{
    QTest::addColumn<QByteArray>("body");
    const QByteArray gpu = R"({"gpu_id":0,"name":"G","memory_usage_percent":1,"utilization_percent":2})";
    auto summary = [&](const QByteArray &extra, const QByteArray &list) -> QByteArray {
        return "{\"gpu_count\":1,\"total_memory_mb\":10,\"total_used_memory_mb\":5,\"average_utilization_percent\":2,"
               "\"gpus_summary\":["
            + list + "]" + extra + "}";
    };
    QTest::newRow("escaped name") << summary(
        {}, R"({"gpu_id":0,"name":"A\"B","memory_usage_percent":1,"utilization_percent":2})");
    QTest::newRow("unicode escape in a key") << QByteArray(summary({}, gpu)).replace("gpu_count", "gpu\\u005fcount");
    QTest::newRow("non-ASCII name") << summary(
        {}, R"({"gpu_id":0,"name":"Grafikkarte Ä","memory_usage_percent":1,"utilization_percent":2})");
    QTest::newRow("invalid UTF-8") << summary(
        {}, "{\"gpu_id\":0,\"name\":\"\xff\",\"memory_usage_percent\":1,\"utilization_percent\":2}");
    QTest::newRow("minus zero") << summary(
        {}, R"({"gpu_id":0,"name":"G","memory_usage_percent":-0,"utilization_percent":2})");
    QTest::newRow("duplicate key") << summary(",\"gpu_count\":1", gpu);
    QTest::newRow("duplicate gpu key") << summary(
        {}, R"({"gpu_id":0,"gpu_id":1,"name":"G","memory_usage_percent":1,"utilization_percent":2})");
    QTest::newRow("error body") << QByteArray(R"({"error":"nvidia-smi not available"})");
    QTest::newRow("error next to data") << summary(",\"error\":\"x\"", gpu);
    QTest::newRow("count mismatch") << summary({}, gpu + ',' + gpu);
    QTest::newRow("duplicate ids")
        << QByteArray(summary({}, gpu + ',' + gpu)).replace("\"gpu_count\":1", "\"gpu_count\":2");
    QTest::newRow("percent over 100") << summary(
        {}, R"({"gpu_id":0,"name":"G","memory_usage_percent":100.5,"utilization_percent":2})");
    QTest::newRow("used over total")
        << QByteArray(summary({}, gpu)).replace("\"total_used_memory_mb\":5", "\"total_used_memory_mb\":11");
    QTest::newRow("string number") << QByteArray(summary({}, gpu)).replace("\"gpu_count\":1", "\"gpu_count\":\"1\"");
    QTest::newRow("boolean percent") << summary(
        {}, R"({"gpu_id":0,"name":"G","memory_usage_percent":true,"utilization_percent":2})");
    QTest::newRow("object timestamp") << summary(",\"timestamp\":{}", gpu);
    QTest::newRow("number timestamp") << summary(",\"timestamp\":5", gpu);
    QTest::newRow("array total percent") << summary(",\"total_memory_usage_percent\":[]", gpu);
    QTest::newRow("missing field") << QByteArray(summary({}, gpu)).replace("\"average_utilization_percent\":2,", "");
    QTest::newRow("trailing garbage") << summary({}, gpu) + "x";
    QTest::newRow("trailing comma") << QByteArray(summary({}, gpu)).replace("]", ",]");
    QTest::newRow("leading zero")
        << QByteArray(summary({}, gpu)).replace("\"total_memory_mb\":10", "\"total_memory_mb\":010");
    QTest::newRow("huge exponent")
        << QByteArray(summary({}, gpu)).replace("\"total_memory_mb\":10", "\"total_memory_mb\":1e400");
    QTest::newRow("fractional id") << summary(
        {}, R"({"gpu_id":0.5,"name":"G","memory_usage_percent":1,"utilization_percent":2})");
    QTest::newRow("too deep") << summary(",\"x\":" + QByteArray(40, '[') + QByteArray(40, ']'), gpu);
    QTest::newRow("array at top") << QByteArray("[1]");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("cut off") << summary({}, gpu).chopped(3);
}

void TestSummaryFastPath::givesUpAndTheFullParserAnswers()
{
    QFETCH(QByteArray, body);
    QVERIFY(!parseSummaryFast(body, 32).has_value());
    const Parsed<SummaryBody> full = parseSummaryFull(body);
    const Parsed<SummaryBody> front = parseSummary(body);
    QCOMPARE(front.ok(), full.ok());
    if (full.ok())
        QCOMPARE(front.value(), full.value());
    else
        QCOMPARE(front.error().toString(), full.error().toString());
}

void TestSummaryFastPath::manyGpusWithADuplicateFarApart()
{
    // Past the scan limit the duplicate check uses a set: still caught.
    QByteArray list;
    const int n = 200;
    for (int i = 0; i < n; ++i) {
        const int id = i == n - 1 ? 3 : i; // the last repeats id 3
        list += (i ? "," : "") + QByteArray(R"({"gpu_id":)") + QByteArray::number(id)
            + R"(,"name":"G","memory_usage_percent":1,"utilization_percent":2})";
    }
    const QByteArray body = "{\"gpu_count\":" + QByteArray::number(n)
        + ",\"total_memory_mb\":10,\"total_used_memory_mb\":5,\"average_utilization_percent\":2,\"gpus_summary\":["
        + list + "]}";
    QVERIFY(!parseSummaryFast(body, 32).has_value());
    QVERIFY(!parseSummaryFull(body).ok());
    QVERIFY(parseSummaryFast(QByteArray(body).replace(
                                 R"({"gpu_id":3,"name":"G","memory_usage_percent":1,"utilization_percent":2}])",
                                 R"({"gpu_id":999,"name":"G","memory_usage_percent":1,"utilization_percent":2}])"),
                             32)
                .has_value());
}

QTEST_GUILESS_MAIN(TestSummaryFastPath)
#include "tst_summaryfastpath.moc"
