// The wire format: the predecessor's bodies parse, ours are byte-identical to
// its, round trips hold, and every rejection names the field.
#include "stats/bodyparser.h"
#include "stats/bodywriter.h"

#include "specgpus.h"

#include <QTest>

using namespace gpupool::stats;

namespace {

// docs/wire-format.md's example, as the predecessor serves it (the spec prints it
// with spaces; the parser must not care).
const QByteArray kPredecessorSummary = R"({"gpu_count": 2, "total_memory_mb": 20480, "total_used_memory_mb": 4096,
 "average_utilization_percent": 17.5,
 "gpus_summary": [
   {"gpu_id": 0, "name": "NVIDIA GeForce RTX 3080", "memory_usage_percent": 20.0, "utilization_percent": 15},
   {"gpu_id": 1, "name": "NVIDIA GeForce RTX 3080", "memory_usage_percent": 20.0, "utilization_percent": 20}],
 "total_memory_usage_percent": 20.0, "timestamp": "2026-11-22T10:53:31.974174"})";

const QByteArray kPredecessorStats = R"({"gpu_count": 2,
 "gpus": [
  {"gpu_id": 0, "name": "NVIDIA GeForce RTX 3080",
   "memory": {"total_mb": 10240, "used_mb": 2048, "free_mb": 8192, "usage_percent": 20.0},
   "utilization_percent": 15, "temperature_c": 45, "power": {"draw_w": 120.5, "limit_w": 320.0}},
  {"gpu_id": 1, "name": "NVIDIA GeForce RTX 3080",
   "memory": {"total_mb": 10240, "used_mb": 2048, "free_mb": 8192, "usage_percent": 20.0},
   "utilization_percent": 20, "temperature_c": 47, "power": {"draw_w": null, "limit_w": null}}],
 "timestamp": "2026-11-22T10:53:31.974174"})";

const QByteArray kTimestamp = "2026-11-22T10:53:31.974174";

// Removes the insignificant white space of the spec's pretty-printed example.
QByteArray compact(const QByteArray &json)
{
    QByteArray out;
    bool inString = false;
    for (const char c : json) {
        if (c == '"')
            inString = !inString;
        if (!inString && (c == ' ' || c == '\n'))
            continue;
        out += c;
    }
    return out;
}

} // namespace

class TestBodyCodec : public QObject
{
    Q_OBJECT

private slots:
    void parsesPredecessorSummary()
    {
        const auto parsed = parseSummary(kPredecessorSummary);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        const SummaryBody &s = parsed.value();
        QCOMPARE(s.gpuCount, 2);
        QCOMPARE(s.totalMemoryMb, 20480);
        QCOMPARE(s.totalUsedMemoryMb, 4096);
        QCOMPARE(s.averageUtilizationPercent, 17.5);
        QCOMPARE(s.gpus.size(), 2);
        QCOMPARE(s.gpus[1].gpuId, 1);
        QCOMPARE(s.gpus[1].name, QStringLiteral("NVIDIA GeForce RTX 3080"));
        QCOMPARE(s.gpus[1].memoryUsagePercent, 20.0);
        QCOMPARE(s.gpus[1].utilizationPercent, 20.0);
        QCOMPARE(s.totalMemoryUsagePercent, std::optional<double>(20.0));
        QCOMPARE(s.timestamp, QString::fromLatin1(kTimestamp));
    }

    void writesSummaryLikePredecessor()
    {
        QCOMPARE(writeSummary(gpupool::testing::specExampleGpus(), kTimestamp), compact(kPredecessorSummary));
    }

    void writesStatsLikePredecessor()
    {
        QCOMPARE(writeStats(gpupool::testing::specExampleGpus(), kTimestamp), compact(kPredecessorStats));
    }

    void parsesPredecessorStats()
    {
        const auto parsed = parseStats(kPredecessorStats);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value(), toStatsBody(gpupool::testing::specExampleGpus(), QString::fromLatin1(kTimestamp)));
        QCOMPARE(parsed.value().gpus[1].powerDrawW, std::nullopt);
        QCOMPARE(parsed.value().gpus[0].temperatureC, std::optional<double>(45));
    }

    void zeroGpus()
    {
        // Integer 0 on zero totals, and no total_memory_usage_percent.
        const QByteArray body = writeSummary({}, kTimestamp);
        QCOMPARE(body,
                 QByteArray(
                     R"({"gpu_count":0,"total_memory_mb":0,"total_used_memory_mb":0,)"
                     R"("average_utilization_percent":0,"gpus_summary":[],"timestamp":"2026-11-22T10:53:31.974174"})"));
        const auto parsed = parseSummary(body);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().totalMemoryUsagePercent, std::nullopt);
        QCOMPARE(parsed.value(), summarize({}, QString::fromLatin1(kTimestamp)));
    }

    void zeroMemoryGpuWritesIntegerZero()
    {
        GpuSample g;
        g.name = QStringLiteral("Odd");
        const QByteArray body = writeSummary({ g }, kTimestamp);
        QVERIFY(body.contains(R"("memory_usage_percent":0,)"));
        QVERIFY(body.contains(R"("total_memory_usage_percent":0,)"));
        QVERIFY(body.contains(R"("average_utilization_percent":0.0,)"));
        QVERIFY(writeStats({ g }, kTimestamp).contains(R"("usage_percent":0})"));
    }

    void roundsLikePython()
    {
        GpuSample g;
        g.name = QStringLiteral("NVIDIA H100 80GB HBM3");
        g.memoryTotalMb = 81559;
        g.memoryUsedMb = 29751;
        g.memoryFreeMb = 51329;
        g.utilizationPercent = 100;
        GpuSample h = g;
        h.index = 1;
        h.utilizationPercent = 33;
        GpuSample i = g;
        i.index = 2;
        i.utilizationPercent = 34;
        const QByteArray body = writeSummary({ g, h, i }, kTimestamp);
        QVERIFY2(body.contains(R"("memory_usage_percent":36.48,)"), body.constData());
        // mean(100, 33, 34) = 55.666… → 55.67
        QVERIFY2(body.contains(R"("average_utilization_percent":55.67,)"), body.constData());
    }

    void roundTrips()
    {
        const GpuSamples gpus = gpupool::testing::specExampleGpus();
        const QString ts = QString::fromLatin1(kTimestamp);
        QCOMPARE(parseSummary(writeSummary(gpus, kTimestamp)).value(), summarize(gpus, ts));
        QCOMPARE(parseStats(writeStats(gpus, kTimestamp)).value(), toStatsBody(gpus, ts));
        QCOMPARE(parseCount(writeCount(2, kTimestamp)).value(), (CountBody { 2, ts }));
        QCOMPARE(parseCount(writeCount(0, std::nullopt)).value(), (CountBody { 0, std::nullopt }));
        const HealthBody health { QStringLiteral("healthy"), true, ts };
        QCOMPARE(parseHealth(writeHealth(health)).value(), health);
        ServerConfigBody config;
        config.gpuFiltering.cudaVisibleDevices = QStringLiteral("0,2");
        config.gpuFiltering.visibleGpuIds = QList<int> { 0, 2 };
        config.gpuFiltering.filteringActive = true;
        config.gpuFiltering.totalSystemGpus = 4;
        config.gpuFiltering.visibleGpuCount = 2;
        QCOMPARE(parseConfig(writeConfig(config)).value(), config);
    }

    void writesCountHealthConfigInOrder()
    {
        QCOMPARE(writeCount(2, std::nullopt), QByteArray(R"({"gpu_count":2,"timestamp":null})"));
        QCOMPARE(writeHealth({ QStringLiteral("healthy"), false, QString::fromLatin1(kTimestamp) }),
                 QByteArray(
                     R"({"status":"healthy","nvidia_smi_available":false,"timestamp":"2026-11-22T10:53:31.974174"})"));
        ServerConfigBody c;
        c.server.reload = true;
        c.gpuFiltering.totalSystemGpus = 2;
        c.gpuFiltering.visibleGpuCount = 2;
        const QByteArray expected = compact(
            R"({"server": {"host": "0.0.0.0", "port": 8000, "reload": true, "log_level": "info", "access_log": true, "workers": 1},
 "api": {"title": "GPU Statistics Server", "version": "1.0.0", "docs_url": "/docs", "redoc_url": "/redoc", "enable_cors": true, "api_prefix": ""},
 "monitoring": {"refresh_interval": 1.0, "max_history": 100},
 "gpu_filtering": {"cuda_visible_devices": null, "visible_gpu_ids": null, "filtering_active": false, "total_system_gpus": 2, "visible_gpu_count": 2}})");
        QCOMPARE(writeConfig(c), expected);
        QCOMPARE(writeErrorBody(QStringLiteral("nvidia-smi not available")),
                 QByteArray(R"({"error":"nvidia-smi not available","gpu_count":0,"gpus":[]})"));
        QCOMPARE(writeDetail(QStringLiteral("Not Found")), QByteArray(R"({"detail":"Not Found"})"));
        QCOMPARE(
            writeRoot(QStringLiteral("m"), QStringLiteral("1"), { { QStringLiteral("/health"), QStringLiteral("h") } }),
            QByteArray(R"({"message":"m","version":"1","endpoints":{"/health":"h"}})"));
    }

    void acceptsExtraKeysAndIntegerOrFloat()
    {
        const QByteArray body = R"({"gpu_count":1.0,"total_memory_mb":100,"total_used_memory_mb":50.0,
            "average_utilization_percent":7,"extra":{"nested":[1,2]},
            "gpus_summary":[{"gpu_id":0,"name":"X","memory_usage_percent":50,"utilization_percent":7.5,"uuid":"u"}],
            "timestamp":"t"})";
        const auto parsed = parseSummary(body);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed.value().gpus[0].utilizationPercent, 7.5);
        QCOMPARE(parsed.value().totalMemoryUsagePercent, std::nullopt);
    }

    void serverErrorBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("no smi") << QByteArray(R"({"error": "nvidia-smi not available", "gpu_count": 0, "gpus": []})")
                                << QStringLiteral("nvidia-smi not available");
        QTest::newRow("failed") << QByteArray(
            R"({"error": "Failed to get GPU stats: boom", "gpu_count": 0, "gpus": []})")
                                << QStringLiteral("Failed to get GPU stats: boom");
        QTest::newRow("not a string") << QByteArray(R"({"error": 42})") << QStringLiteral("42");
        // Found by fuzz_bodies: an empty error must still read as one.
        QTest::newRow("empty") << QByteArray(R"({"error":"","gpu_count":0,"gpus":[]})")
                               << QStringLiteral("an error without a message");
        QTest::newRow("blank") << QByteArray(R"({"error":"  "})") << QStringLiteral("an error without a message");
    }

    void serverErrorBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        for (const auto &error : { parseSummary(body).error(), parseStats(body).error() }) {
            QCOMPARE(error.kind, ParseError::Kind::ServerError);
            QCOMPARE(error.message, message);
        }
    }

    void rejectsSummary_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("messagePart");
        const int schema = int(ParseError::Kind::Schema);
        auto withGpu = [](const char *gpu) -> QByteArray {
            return QByteArray(
                       R"({"gpu_count":1,"total_memory_mb":10,"total_used_memory_mb":1,"average_utilization_percent":1,"gpus_summary":[)")
                + gpu + "]}";
        };
        const char *good = R"({"gpu_id":0,"name":"g","memory_usage_percent":1,"utilization_percent":1})";
        QTest::newRow("malformed") << QByteArray("{\"gpu_count\": 2,") << int(ParseError::Kind::Malformed) << QString()
                                   << QStringLiteral("malformed JSON");
        QTest::newRow("truncated") << kPredecessorSummary.left(100) << int(ParseError::Kind::Malformed) << QString()
                                   << QStringLiteral("malformed JSON");
        QTest::newRow("empty") << QByteArray() << int(ParseError::Kind::Malformed) << QString()
                               << QStringLiteral("malformed JSON");
        QTest::newRow("array") << QByteArray("[1,2]") << schema << QString()
                               << QStringLiteral("expected a JSON object");
        QTest::newRow("deep") << (QByteArray(100, '[') + QByteArray(100, ']')) << int(ParseError::Kind::TooDeep)
                              << QString() << QStringLiteral("deeper than 32");
        QTest::newRow("deep braces in strings ok-ish")
            << QByteArray("{\"x\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}") << schema << QStringLiteral("gpu_count")
            << QStringLiteral("missing");
        QTest::newRow("missing count") << QByteArray("{}") << schema << QStringLiteral("gpu_count")
                                       << QStringLiteral("missing");
        QTest::newRow("negative count") << QByteArray(R"({"gpu_count":-1})") << schema << QStringLiteral("gpu_count")
                                        << QStringLiteral("non-negative integer, got -1");
        QTest::newRow("string count") << QByteArray(R"({"gpu_count":"2"})") << schema << QStringLiteral("gpu_count")
                                      << QStringLiteral("got \"2\"");
        QTest::newRow("huge count") << QByteArray(R"({"gpu_count":1e12})") << schema << QStringLiteral("gpu_count")
                                    << QStringLiteral("non-negative integer");
        QTest::newRow("used over total") << QByteArray(
            R"({"gpu_count":0,"total_memory_mb":1,"total_used_memory_mb":2})")
                                         << schema << QStringLiteral("total_used_memory_mb")
                                         << QStringLiteral("more than total_memory_mb");
        QTest::newRow("list not array") << QByteArray(
            R"({"gpu_count":0,"total_memory_mb":1,"total_used_memory_mb":0,"average_utilization_percent":0,"gpus_summary":{}})")
                                        << schema << QStringLiteral("gpus_summary")
                                        << QStringLiteral("must be an array");
        QTest::newRow("count mismatch")
            << QByteArray(
                   R"({"gpu_count":2,"total_memory_mb":10,"total_used_memory_mb":1,"average_utilization_percent":1,"gpus_summary":[)")
                + good + "]}"
            << schema << QStringLiteral("gpus_summary") << QStringLiteral("has 1 entries but gpu_count is 2");
        QTest::newRow("gpu not object") << withGpu("3") << schema << QStringLiteral("gpus_summary[0]")
                                        << QStringLiteral("must be an object");
        QTest::newRow("fractional id") << withGpu(
            R"({"gpu_id":0.5,"name":"g","memory_usage_percent":1,"utilization_percent":1})")
                                       << schema << QStringLiteral("gpus_summary[0].gpu_id")
                                       << QStringLiteral("non-negative integer");
        QTest::newRow("negative id") << withGpu(
            R"({"gpu_id":-3,"name":"g","memory_usage_percent":1,"utilization_percent":1})")
                                     << schema << QStringLiteral("gpus_summary[0].gpu_id") << QStringLiteral("got -3");
        QTest::newRow("no name") << withGpu(R"({"gpu_id":0,"memory_usage_percent":1,"utilization_percent":1})")
                                 << schema << QStringLiteral("gpus_summary[0].name") << QStringLiteral("missing");
        QTest::newRow("name number") << withGpu(
            R"({"gpu_id":0,"name":5,"memory_usage_percent":1,"utilization_percent":1})")
                                     << schema << QStringLiteral("gpus_summary[0].name")
                                     << QStringLiteral("must be a string");
        QTest::newRow("memory over 100") << withGpu(
            R"({"gpu_id":0,"name":"g","memory_usage_percent":100.5,"utilization_percent":1})")
                                         << schema << QStringLiteral("gpus_summary[0].memory_usage_percent")
                                         << QStringLiteral("within [0, 100], got 100.5");
        QTest::newRow("util negative") << withGpu(
            R"({"gpu_id":0,"name":"g","memory_usage_percent":1,"utilization_percent":-1})")
                                       << schema << QStringLiteral("gpus_summary[0].utilization_percent")
                                       << QStringLiteral("within [0, 100]");
        QTest::newRow("util null") << withGpu(
            R"({"gpu_id":0,"name":"g","memory_usage_percent":1,"utilization_percent":null})")
                                   << schema << QStringLiteral("gpus_summary[0].utilization_percent")
                                   << QStringLiteral("must be a number, got null");
        QTest::newRow("average over 100") << QByteArray(
            R"({"gpu_count":0,"total_memory_mb":1,"total_used_memory_mb":0,"average_utilization_percent":101,"gpus_summary":[]})")
                                          << schema << QStringLiteral("average_utilization_percent")
                                          << QStringLiteral("within [0, 100]");
        QTest::newRow("total pct bad") << QByteArray(
            R"({"gpu_count":0,"total_memory_mb":1,"total_used_memory_mb":0,"average_utilization_percent":1,"gpus_summary":[],"total_memory_usage_percent":"x"})")
                                       << schema << QStringLiteral("total_memory_usage_percent")
                                       << QStringLiteral("must be a number");
        QTest::newRow("timestamp number") << QByteArray(
            R"({"gpu_count":0,"total_memory_mb":1,"total_used_memory_mb":0,"average_utilization_percent":1,"gpus_summary":[],"timestamp":5})")
                                          << schema << QStringLiteral("timestamp")
                                          << QStringLiteral("must be a string");
        const QByteArray two
            = R"({"gpu_count":2,"total_memory_mb":10,"total_used_memory_mb":1,"average_utilization_percent":1,"gpus_summary":[)"
            + QByteArray(good) + "," + good + "]}";
        QTest::newRow("duplicate id") << two << schema << QStringLiteral("gpus_summary[1].gpu_id")
                                      << QStringLiteral("duplicate gpu_id 0");
    }

    void rejectsSummary()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(QString, field);
        QFETCH(QString, messagePart);
        const auto parsed = parseSummary(body);
        QVERIFY(!parsed.ok());
        QCOMPARE(int(parsed.error().kind), kind);
        QCOMPARE(parsed.error().field, field);
        QVERIFY2(parsed.error().message.contains(messagePart), qPrintable(parsed.error().toString()));
    }

    void rejectsStats_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        auto gpu = [](const char *g) -> QByteArray { return QByteArray(R"({"gpu_count":1,"gpus":[)") + g + "]}"; };
        QTest::newRow("no memory") << gpu(R"({"gpu_id":0,"name":"g","utilization_percent":1})")
                                   << QStringLiteral("gpus[0].memory");
        QTest::newRow("memory total string") << gpu(
            R"({"gpu_id":0,"name":"g","memory":{"total_mb":"x","used_mb":1,"free_mb":1,"usage_percent":1},"utilization_percent":1})")
                                             << QStringLiteral("gpus[0].memory.total_mb");
        QTest::newRow("usage 200") << gpu(
            R"({"gpu_id":0,"name":"g","memory":{"total_mb":1,"used_mb":1,"free_mb":1,"usage_percent":200},"utilization_percent":1})")
                                   << QStringLiteral("gpus[0].memory.usage_percent");
        QTest::newRow("temperature string") << gpu(
            R"({"gpu_id":0,"name":"g","memory":{"total_mb":1,"used_mb":1,"free_mb":1,"usage_percent":1},"utilization_percent":1,"temperature_c":"hot"})")
                                            << QStringLiteral("gpus[0].temperature_c");
        QTest::newRow("power not object") << gpu(
            R"({"gpu_id":0,"name":"g","memory":{"total_mb":1,"used_mb":1,"free_mb":1,"usage_percent":1},"utilization_percent":1,"power":3})")
                                          << QStringLiteral("gpus[0].power");
        QTest::newRow("power draw string") << gpu(
            R"({"gpu_id":0,"name":"g","memory":{"total_mb":1,"used_mb":1,"free_mb":1,"usage_percent":1},"utilization_percent":1,"power":{"draw_w":"x"}})")
                                           << QStringLiteral("gpus[0].power.draw_w");
        QTest::newRow("count mismatch") << QByteArray(R"({"gpu_count":3,"gpus":[]})") << QStringLiteral("gpus");
    }

    void rejectsStats()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const auto parsed = parseStats(body);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().kind, ParseError::Kind::Schema);
        QCOMPARE(parsed.error().field, field);
    }

    void rejectsOthers()
    {
        QCOMPARE(parseHealth(R"({"nvidia_smi_available":true})").error().field, QStringLiteral("status"));
        QCOMPARE(parseHealth(R"({"status":"healthy","nvidia_smi_available":"yes"})").error().field,
                 QStringLiteral("nvidia_smi_available"));
        QCOMPARE(parseCount(R"({"gpu_count":1,"timestamp":3})").error().field, QStringLiteral("timestamp"));
        QCOMPARE(parseConfig(R"({"server":{}})").error().field, QStringLiteral("server.host"));
        QCOMPARE(parseConfig(R"({"server":{"host":"h","port":70000}})").error().field, QStringLiteral("server.port"));
    }

    void sizeCap()
    {
        ParseLimits limits;
        limits.maxBytes = 64;
        const auto parsed = parseSummary(kPredecessorSummary, limits);
        QCOMPARE(parsed.error().kind, ParseError::Kind::TooLarge);
        QVERIFY(parsed.error().message.contains(QStringLiteral("over the limit of 64 bytes")));
        QVERIFY(parseSummary(kPredecessorSummary).ok()); // default cap is 4 MiB
    }
};

QTEST_GUILESS_MAIN(TestBodyCodec)
#include "tst_bodycodec.moc"
