// Durations as typed on gpupoolctl's command line, and as it prints them.
#include "cli/duration.h"

#include <QTest>

using namespace gpupool::cli;

class TestDuration : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void bareNumberIsSecondsOnlyWhenAllowed();
    void boundsAreInclusive();
    void formats_data();
    void formats();
};

void TestDuration::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("90s") << QStringLiteral("90s") << qint64(90'000);
    QTest::newRow("15m") << QStringLiteral("15m") << qint64(15 * 60'000);
    QTest::newRow("4h") << QStringLiteral("4h") << qint64(4 * 3'600'000);
    QTest::newRow("1d") << QStringLiteral("1d") << qint64(86'400'000);
    QTest::newRow("combined") << QStringLiteral("1h30m") << qint64(90 * 60'000);
    QTest::newRow("all units") << QStringLiteral("1d2h3m4s") << qint64(((24 + 2) * 60 + 3) * 60'000 + 4000);
    QTest::newRow("fraction") << QStringLiteral("1.5h") << qint64(90 * 60'000);
    QTest::newRow("sub-second") << QStringLiteral("0.25s") << qint64(250);
    QTest::newRow("upper case") << QStringLiteral("2H") << qint64(2 * 3'600'000);
    QTest::newRow("spaces around") << QStringLiteral("  10m ") << qint64(600'000);
}

void TestDuration::parses()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    QString error;
    const std::optional<qint64> parsed = parseDuration(text, u"--ttl", DurationRules(), &error);
    QVERIFY2(parsed.has_value(), qPrintable(error));
    QCOMPARE(*parsed, ms);
    QVERIFY(error.isEmpty());
}

void TestDuration::refuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const QString shape = QStringLiteral("expected a number with a unit s, m, h or d (90s, 15m, 4h, 1d)");
    for (const char *bad :
         { "", "4", "4x", "h", "-5m", "+5m", "5 m", "30m1h", "1h1h", "1..5h", "nan", "infh", "5m3", "1e3s", "abc" })
        QTest::newRow(bad) << QString::fromLatin1(
            bad) << QStringLiteral("--ttl: \"%1\" is not a valid duration: %2").arg(QLatin1String(bad), shape);
    QTest::newRow("zero") << QStringLiteral("0s")
                          << QStringLiteral("--ttl: \"0s\" is out of range: expected a duration from 0.001s to 365d");
    QTest::newRow("too long") << QStringLiteral(
        "366d") << QStringLiteral("--ttl: \"366d\" is out of range: expected a duration from 0.001s to 365d");
}

void TestDuration::refuses()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QString error;
    QCOMPARE(parseDuration(text, u"--ttl", DurationRules(), &error), std::nullopt);
    QCOMPARE(error, message);
}

void TestDuration::bareNumberIsSecondsOnlyWhenAllowed()
{
    DurationRules rules;
    rules.bareNumberIsSeconds = true;
    QCOMPARE(parseDuration(u"2", u"--interval", rules), std::optional<qint64>(2000));
    QCOMPARE(parseDuration(u"0.5", u"--interval", rules), std::optional<qint64>(500));
    QCOMPARE(parseDuration(u"2m", u"--interval", rules), std::optional<qint64>(120'000));
    // A plain number is only a whole duration, never a part of one.
    QString error;
    QCOMPARE(parseDuration(u"1m30", u"--interval", rules, &error), std::nullopt);
    QCOMPARE(error,
             QStringLiteral("--interval: \"1m30\" is not a valid duration: expected seconds or a number "
                            "with a unit s, m, h or d (90s, 15m, 4h, 1d)"));
}

void TestDuration::boundsAreInclusive()
{
    DurationRules rules;
    rules.minMs = 0;
    rules.maxMs = 60'000;
    QCOMPARE(parseDuration(u"0s", u"--wait", rules), std::optional<qint64>(0));
    QCOMPARE(parseDuration(u"1m", u"--wait", rules), std::optional<qint64>(60'000));
    QString error;
    QCOMPARE(parseDuration(u"61s", u"--wait", rules, &error), std::nullopt);
    QCOMPARE(error, QStringLiteral("--wait: \"61s\" is out of range: expected a duration from 0s to 1m"));
}

void TestDuration::formats_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
    QTest::newRow("sub-second") << qint64(400) << QStringLiteral("0.4s");
    QTest::newRow("seconds") << qint64(45'000) << QStringLiteral("45s");
    QTest::newRow("fraction of a second") << qint64(1500) << QStringLiteral("1.5s");
    QTest::newRow("fraction below a minute") << qint64(59'200) << QStringLiteral("59.2s");
    QTest::newRow("millisecond") << qint64(1) << QStringLiteral("0.001s");
    QTest::newRow("minutes and seconds") << qint64(90'000) << QStringLiteral("1m 30s");
    QTest::newRow("whole minutes") << qint64(15 * 60'000) << QStringLiteral("15m");
    QTest::newRow("hours and minutes") << qint64(90 * 60'000 + 5000) << QStringLiteral("1h 30m");
    QTest::newRow("zero minutes") << qint64(3'600'000 + 30'000) << QStringLiteral("1h");
    QTest::newRow("days") << qint64(2 * 86'400'000 + 4 * 3'600'000 + 999) << QStringLiteral("2d 4h");
    QTest::newRow("negative") << qint64(-90'000) << QStringLiteral("-1m 30s");
}

void TestDuration::formats()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(formatDuration(ms), text);
}

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
