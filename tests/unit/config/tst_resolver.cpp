// Settings resolution: every numeric row of docs/behaviour.md's table, from every
// source, precedence, errors and warnings (the strategy and the endpoints:
// tst_resolver_endpoints.cpp). The environment and the settings file are
// always injected: nothing here reads the real environment or user settings.
#include "resolvertesting.h"

using namespace gpupool::config;
using namespace resolvertesting;

class TestResolver : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void defaults();
    void keysAreTheDocumentedOnes();

    void numericRow_data();
    void numericFromEnvironment_data() { numericRow_data(); }
    void numericFromEnvironment();
    void numericFromAlias_data() { numericRow_data(); }
    void numericFromAlias();
    void numericFromSettingsFile_data() { numericRow_data(); }
    void numericFromSettingsFile();
    void numericFromOverride_data() { numericRow_data(); }
    void numericFromOverride();
    void numericPrecedence_data() { numericRow_data(); }
    void numericPrecedence();
    void numericErrorsNameTheSource_data() { numericRow_data(); }
    void numericErrorsNameTheSource();
    void numericBounds_data();
    void numericBounds();

    void variableBeatsAlias();
    void blankValuesCountAsUnset();
    void settingsFileNativeTypes();

private:
    IniFiles iniFile;
};

void TestResolver::initTestCase()
{
    QVERIFY(iniFile.isValid());
}

void TestResolver::defaults()
{
    const Resolution r = resolve(envOf({}));
    QVERIFY(r.ok());
    QVERIFY(r.warnings.isEmpty());
    const Settings &s = r.settings;
    QCOMPARE(s.mode, Mode::SingleEndpoint);
    QCOMPARE(s.endpoints.size(), 1);
    QCOMPARE(s.endpoints[0].id, QStringLiteral("localhost_8080"));
    QCOMPARE(s.endpoints[0].url.toString(), QStringLiteral("http://localhost:8080"));
    QVERIFY(!s.endpoints[0].nameGiven);
    QCOMPARE(s.strategy, QStringLiteral("availability"));
    QCOMPARE(s.memoryThresholdPercent, 80.0);
    QCOMPARE(s.utilizationThresholdPercent, 90.0);
    QCOMPARE(s.pollingIntervalSeconds, 5.0);
    QCOMPARE(s.endpointTimeoutSeconds, 10.0);
    QCOMPARE(s.maxRetries, 3);
    QCOMPARE(s.healthCheckIntervalSeconds, 30.0);
    QCOMPARE(s.maxBodyBytes, qint64(4 * 1024 * 1024));
    for (const KeyInfo &info : allKeys()) {
        QCOMPARE(r.origin(info.key).source, Source::Default);
        QVERIFY(r.origin(info.key).name.isEmpty());
    }
    QCOMPARE(r.origin(Key::ServiceEndpoint).value, QStringLiteral("http://localhost:8080"));
    QCOMPARE(r.origin(Key::MemoryThresholdPercent).value, QStringLiteral("80"));
    QCOMPARE(sourceName(Source::Default), QStringLiteral("default"));
    QCOMPARE(sourceName(Source::SettingsFile), QStringLiteral("settings file"));
    QCOMPARE(sourceName(Source::Environment), QStringLiteral("environment"));
    QCOMPARE(sourceName(Source::Override), QStringLiteral("command line"));
    // No settings file and an empty one are the same.
    auto empty = iniFile({});
    QCOMPARE(resolve(envOf({}), empty.get()).settings, s);
}

void TestResolver::keysAreTheDocumentedOnes()
{
    auto check = [](Key key, const char *variable, const char *alias, const char *settingsKey, const char *option) {
        const KeyInfo &info = keyInfo(key);
        QCOMPARE(info.key, key);
        QCOMPARE(QLatin1String(info.variable), QLatin1String(variable));
        QCOMPARE(QLatin1String(info.alias), QLatin1String(alias));
        QCOMPARE(QLatin1String(info.settingsKey), QLatin1String(settingsKey));
        QCOMPARE(QLatin1String(info.option), QLatin1String(option));
    };
    check(Key::ServiceEndpoint, "GPU_SERVICE_ENDPOINT", nullptr, "endpoints/single", "endpoint");
    check(Key::ServiceEndpoints, "GPU_STATS_SERVICE_ENDPOINTS", "GPU_SERVICE_ENDPOINTS", "endpoints/list", "endpoints");
    check(Key::Strategy, "GPU_LOAD_BALANCING_STRATEGY", nullptr, "balancing/strategy", "strategy");
    QCOMPARE(allKeys().size(), size_t(keyCount));
}

// One row per numeric setting: its names, three good values (for the three
// levels), one bad value and the "what is valid" part of its error.
void TestResolver::numericRow_data()
{
    QTest::addColumn<Key>("key");
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QString>("settingsKey");
    QTest::addColumn<QString>("option");
    QTest::addColumn<double>("defaultValue");
    QTest::addColumn<QStringList>("good"); // override, environment, settings file
    QTest::addColumn<QList<double>>("values"); // what they read as
    QTest::addColumn<QString>("bad");
    QTest::addColumn<QString>("expected");

    QTest::newRow("memory threshold") << Key::MemoryThresholdPercent << "GPU_MEMORY_THRESHOLD_PERCENT"
                                      << ""
                                      << "thresholds/memoryPercent"
                                      << "memory-threshold" << 80.0 << texts({ "75.0", "60", "0" })
                                      << QList<double> { 75, 60, 0 } << "150"
                                      << "expected a number from 0 to 100";
    QTest::newRow("utilization threshold")
        << Key::UtilizationThresholdPercent << "GPU_UTILIZATION_THRESHOLD_PERCENT"
        << ""
        << "thresholds/utilizationPercent"
        << "utilization-threshold" << 90.0 << texts({ "85.5", "100", "1e1" }) << QList<double> { 85.5, 100, 10 } << "-1"
        << "expected a number from 0 to 100";
    QTest::newRow("polling interval") << Key::PollingIntervalSeconds << "GPU_POLLING_INTERVAL"
                                      << "GPU_POLLING_INTERVAL_SECONDS"
                                      << "polling/intervalSeconds"
                                      << "polling-interval" << 5.0 << texts({ "0.2", "2.5", "60" })
                                      << QList<double> { 0.2, 2.5, 60 } << "0.1"
                                      << "expected a number of seconds from 0.2 to 86400";
    QTest::newRow("endpoint timeout") << Key::EndpointTimeoutSeconds << "GPU_ENDPOINT_TIMEOUT"
                                      << ""
                                      << "endpoints/timeoutSeconds"
                                      << "endpoint-timeout" << 10.0 << texts({ "15.0", "0.5", "3" })
                                      << QList<double> { 15, 0.5, 3 } << "0"
                                      << "expected a number of seconds greater than 0 and at most 86400";
    QTest::newRow("max retries") << Key::MaxRetries << "GPU_ENDPOINT_MAX_RETRIES"
                                 << ""
                                 << "endpoints/maxRetries"
                                 << "max-retries" << 3.0 << texts({ "1", "5", "10" }) << QList<double> { 1, 5, 10 }
                                 << "2.5"
                                 << "expected a whole number from 1 to 1000";
    QTest::newRow("health-check interval") << Key::HealthCheckIntervalSeconds << "GPU_ENDPOINT_HEALTH_CHECK_INTERVAL"
                                           << ""
                                           << "endpoints/healthCheckIntervalSeconds"
                                           << "health-check-interval" << 30.0 << texts({ "45", "0.25", "86400" })
                                           << QList<double> { 45, 0.25, 86400 } << "-5"
                                           << "expected a number of seconds greater than 0 and at most 86400";
    QTest::newRow("max body bytes") << Key::MaxBodyBytes << "GPUPOOL_MAX_BODY_BYTES"
                                    << ""
                                    << "network/maxBodyBytes"
                                    << "max-body-bytes" << double(4 * 1024 * 1024)
                                    << texts({ "1024", "1048576", "8388608" })
                                    << QList<double> { 1024, 1048576, 8388608 } << "100"
                                    << "expected a whole number of bytes from 1024 to 1073741824";
}

void TestResolver::numericFromEnvironment()
{
    QFETCH(Key, key);
    QFETCH(QString, variable);
    QFETCH(QString, settingsKey);
    QFETCH(QString, option);
    QFETCH(double, defaultValue);
    QFETCH(QStringList, good);
    QFETCH(QList<double>, values);

    QCOMPARE(QLatin1String(keyInfo(key).variable), variable);
    QCOMPARE(QLatin1String(keyInfo(key).settingsKey), settingsKey);
    QCOMPARE(QLatin1String(keyInfo(key).option), option);
    QCOMPARE(numberOf(resolve(envOf({})).settings, key), defaultValue);

    const Resolution r = resolve(envOf({ { variable, QLatin1Char(' ') + good[1] + QLatin1Char('\n') } }));
    QVERIFY2(r.ok(), qPrintable(r.errorMessages().join(u'\n')));
    QCOMPARE(numberOf(r.settings, key), values[1]);
    QCOMPARE(r.origin(key).source, Source::Environment);
    QCOMPARE(r.origin(key).name, variable);
    QCOMPARE(r.origin(key).value, good[1]);
}

void TestResolver::numericFromAlias()
{
    QFETCH(Key, key);
    QFETCH(QString, alias);
    QFETCH(QStringList, good);
    QFETCH(QList<double>, values);
    QCOMPARE(keyInfo(key).alias ? QString(QLatin1String(keyInfo(key).alias)) : QString(), alias);
    if (alias.isEmpty())
        return; // no alias for this setting (QSKIP would mark the whole test skipped)

    const Resolution r = resolve(envOf({ { alias, good[1] } }));
    QVERIFY(r.ok());
    QCOMPARE(numberOf(r.settings, key), values[1]);
    QCOMPARE(r.origin(key).source, Source::Environment);
    QCOMPARE(r.origin(key).name, alias);
}

void TestResolver::numericFromSettingsFile()
{
    QFETCH(Key, key);
    QFETCH(QString, settingsKey);
    QFETCH(QStringList, good);
    QFETCH(QList<double>, values);

    auto file = iniFile(iniLine(settingsKey, good[2]));
    const Resolution r = resolve(envOf({}), file.get());
    QVERIFY2(r.ok(), qPrintable(r.errorMessages().join(u'\n')));
    QCOMPARE(numberOf(r.settings, key), values[2]);
    QCOMPARE(r.origin(key).source, Source::SettingsFile);
    QCOMPARE(r.origin(key).name, settingsKey + QStringLiteral(" in ") + file->fileName());
    QCOMPARE(r.origin(key).value, good[2]);
}

void TestResolver::numericFromOverride()
{
    QFETCH(Key, key);
    QFETCH(QString, option);
    QFETCH(QStringList, good);
    QFETCH(QList<double>, values);

    Overrides o;
    o.value(key) = good[0];
    const Resolution r = resolve(envOf({}), nullptr, o);
    QVERIFY(r.ok());
    QCOMPARE(numberOf(r.settings, key), values[0]);
    QCOMPARE(r.origin(key).source, Source::Override);
    QCOMPARE(r.origin(key).name, QStringLiteral("--") + option);
}

void TestResolver::numericPrecedence()
{
    QFETCH(Key, key);
    QFETCH(QString, variable);
    QFETCH(QString, settingsKey);
    QFETCH(QStringList, good);
    QFETCH(QList<double>, values);

    auto file = iniFile(iniLine(settingsKey, good[2]));
    QCOMPARE(numberOf(resolve(envOf({}), file.get()).settings, key), values[2]);

    const QProcessEnvironment env = envOf({ { variable, good[1] } });
    Resolution r = resolve(env, file.get());
    QCOMPARE(numberOf(r.settings, key), values[1]);
    QCOMPARE(r.origin(key).source, Source::Environment);

    Overrides o;
    o.value(key) = good[0];
    r = resolve(env, file.get(), o);
    QCOMPARE(numberOf(r.settings, key), values[0]);
    QCOMPARE(r.origin(key).source, Source::Override);
    QVERIFY(r.ok());
    QVERIFY(r.warnings.isEmpty());
}

void TestResolver::numericErrorsNameTheSource()
{
    QFETCH(Key, key);
    QFETCH(QString, variable);
    QFETCH(QString, settingsKey);
    QFETCH(QString, option);
    QFETCH(double, defaultValue);
    QFETCH(QString, bad);
    QFETCH(QString, expected);

    auto expectError = [&](const Resolution &r, Source source, const QString &name) {
        QCOMPARE(r.errors.size(), 1);
        const Issue &e = r.errors[0];
        QCOMPARE(e.key, key);
        QCOMPARE(e.source, source);
        QCOMPARE(e.name, name);
        QCOMPARE(e.value, bad);
        QCOMPARE(e.message, QStringLiteral("%1: \"%2\" is not valid: %3").arg(name, bad, expected));
        QCOMPARE(r.errorMessages(), QStringList { e.message });
        // Never silently replaced: reported, and the setting shows its default.
        QVERIFY(!r.ok());
        QCOMPARE(numberOf(r.settings, key), defaultValue);
        QCOMPARE(r.origin(key).source, Source::Default);
    };

    expectError(resolve(envOf({ { variable, bad } })), Source::Environment, variable);

    auto file = iniFile(iniLine(settingsKey, bad));
    expectError(resolve(envOf({}), file.get()), Source::SettingsFile,
                settingsKey + QStringLiteral(" in ") + file->fileName());

    Overrides o;
    o.value(key) = bad;
    expectError(resolve(envOf({}), nullptr, o), Source::Override, QStringLiteral("--") + option);

    // A bad value at a higher level is reported even when a lower one is good.
    expectError(resolve(envOf({ { variable, QStringLiteral("1") } }), nullptr, o), Source::Override,
                QStringLiteral("--") + option);
}

void TestResolver::numericBounds_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    const QString mem = QStringLiteral("GPU_MEMORY_THRESHOLD_PERCENT");
    const QString poll = QStringLiteral("GPU_POLLING_INTERVAL");
    const QString timeout = QStringLiteral("GPU_ENDPOINT_TIMEOUT");
    const QString retries = QStringLiteral("GPU_ENDPOINT_MAX_RETRIES");
    const QString health = QStringLiteral("GPU_ENDPOINT_HEALTH_CHECK_INTERVAL");
    const QString body = QStringLiteral("GPUPOOL_MAX_BODY_BYTES");
    QTest::newRow("percent 0") << mem << "0" << true;
    QTest::newRow("percent 100") << mem << "100" << true;
    QTest::newRow("percent 100.01") << mem << "100.01" << false;
    QTest::newRow("percent -0.5") << mem << "-0.5" << false;
    QTest::newRow("percent sign") << mem << "80%" << false;
    QTest::newRow("percent comma decimal") << mem << "7,5" << false;
    QTest::newRow("percent word") << mem << "high" << false;
    QTest::newRow("percent nan") << mem << "nan" << false;
    QTest::newRow("percent inf") << mem << "inf" << false;
    QTest::newRow("poll 0.2") << poll << "0.2" << true;
    QTest::newRow("poll 0.19") << poll << "0.19" << false;
    QTest::newRow("poll 0") << poll << "0" << false;
    QTest::newRow("poll day") << poll << "86400" << true;
    QTest::newRow("poll over a day") << poll << "86401" << false;
    QTest::newRow("timeout tiny") << timeout << "0.001" << true;
    QTest::newRow("timeout 0") << timeout << "0" << false;
    QTest::newRow("timeout negative") << timeout << "-1" << false;
    QTest::newRow("timeout inf") << timeout << "inf" << false;
    QTest::newRow("retries 1") << retries << "1" << true;
    QTest::newRow("retries 1000") << retries << "1000" << true;
    QTest::newRow("retries 0") << retries << "0" << false;
    QTest::newRow("retries 1001") << retries << "1001" << false;
    QTest::newRow("retries fraction") << retries << "2.5" << false;
    QTest::newRow("retries 3.0") << retries << "3.0" << false;
    QTest::newRow("retries huge") << retries << "99999999999999999999" << false;
    QTest::newRow("health 0") << health << "0" << false;
    QTest::newRow("health 0.1") << health << "0.1" << true;
    QTest::newRow("body 1024") << body << "1024" << true;
    QTest::newRow("body 1023") << body << "1023" << false;
    QTest::newRow("body 1 GiB") << body << "1073741824" << true;
    QTest::newRow("body over 1 GiB") << body << "1073741825" << false;
    QTest::newRow("body 4M") << body << "4M" << false;
}

void TestResolver::numericBounds()
{
    QFETCH(QString, variable);
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const Resolution r = resolve(envOf({ { variable, text } }));
    QCOMPARE(r.ok(), valid);
    if (!valid) {
        QCOMPARE(r.errors.size(), 1);
        QVERIFY2(r.errors[0].message.startsWith(variable + QStringLiteral(": \"") + text
                                                + QStringLiteral("\" is not valid: expected ")),
                 qPrintable(r.errors[0].message));
    }
}

void TestResolver::variableBeatsAlias()
{
    Resolution r = resolve(envOf({ { QStringLiteral("GPU_POLLING_INTERVAL"), QStringLiteral("2") },
                                   { QStringLiteral("GPU_POLLING_INTERVAL_SECONDS"), QStringLiteral("7") } }));
    QVERIFY(r.ok());
    QCOMPARE(r.settings.pollingIntervalSeconds, 2.0);
    QCOMPARE(r.origin(Key::PollingIntervalSeconds).name, QStringLiteral("GPU_POLLING_INTERVAL"));
    QCOMPARE(r.warningMessages(),
             QStringList { QStringLiteral("GPU_POLLING_INTERVAL_SECONDS: ignored, because GPU_POLLING_INTERVAL "
                                          "is also set and takes precedence") });
    QCOMPARE(r.warnings[0].key, Key::PollingIntervalSeconds);
    QCOMPARE(r.warnings[0].value, QStringLiteral("7"));

    // Agreeing values are no news.
    r = resolve(envOf({ { QStringLiteral("GPU_POLLING_INTERVAL"), QStringLiteral("2") },
                        { QStringLiteral("GPU_POLLING_INTERVAL_SECONDS"), QStringLiteral("2") } }));
    QVERIFY(r.warnings.isEmpty());

    r = resolve(envOf({ { QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS"), QStringLiteral("http://a:1") },
                        { QStringLiteral("GPU_SERVICE_ENDPOINTS"), QStringLiteral("http://b:2") } }));
    QCOMPARE(idsOf(r.settings), QStringList { QStringLiteral("a_1") });
    QCOMPARE(r.warningMessages(),
             QStringList { QStringLiteral("GPU_SERVICE_ENDPOINTS: ignored, because GPU_STATS_SERVICE_ENDPOINTS "
                                          "is also set and takes precedence") });
}

void TestResolver::blankValuesCountAsUnset()
{
    auto file = iniFile("[thresholds]\nmemoryPercent=\n[endpoints]\nlist=\"  \"\n");
    Overrides o;
    o.utilizationThresholdPercent = QString();
    o.strategy = QStringLiteral("  ");
    const Resolution r = resolve(envOf({ { QStringLiteral("GPU_POLLING_INTERVAL"), QString() },
                                         { QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS"), QStringLiteral(" ") } }),
                                 file.get(), o);
    QVERIFY(r.ok());
    QVERIFY(r.warnings.isEmpty());
    QCOMPARE(r.settings, resolve(envOf({})).settings);
    for (const KeyInfo &info : allKeys())
        QCOMPARE(r.origin(info.key).source, Source::Default);
}

void TestResolver::settingsFileNativeTypes()
{
    // Values written by a program (the console's settings dialog) rather than by hand.
    const QString path = iniFile.path(QStringLiteral("native.ini"));
    {
        QSettings out(path, QSettings::IniFormat);
        out.setValue(QStringLiteral("thresholds/memoryPercent"), 72.5);
        out.setValue(QStringLiteral("endpoints/maxRetries"), 4);
        out.setValue(QStringLiteral("endpoints/list"),
                     QStringList { QStringLiteral("a=http://a:1"), QStringLiteral("http://b:2") });
    }
    QSettings in(path, QSettings::IniFormat);
    const Resolution r = resolve(envOf({}), &in);
    QVERIFY2(r.ok(), qPrintable(r.errorMessages().join(u'\n')));
    QCOMPARE(r.settings.memoryThresholdPercent, 72.5);
    QCOMPARE(r.settings.maxRetries, 4);
    QCOMPARE(r.settings.mode, Mode::MultiEndpoint);
    QCOMPARE(idsOf(r.settings), (QStringList { QStringLiteral("a"), QStringLiteral("b_2") }));
}

QTEST_GUILESS_MAIN(TestResolver)
#include "tst_resolver.moc"
