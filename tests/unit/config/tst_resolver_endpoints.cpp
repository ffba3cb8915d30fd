// Settings resolution of the strategy and the endpoints: every source,
// single endpoint against a list, list entries' errors and warnings, and
// every error at once. The environment and the settings file are always
// injected: nothing here reads the real environment or user settings.
#include "resolvertesting.h"

using namespace gpupool::config;
using namespace resolvertesting;

class TestResolverEndpoints : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(iniFile.isValid()); }

    void strategyNamesAllValid();
    void strategyFromEachSource();
    void unknownStrategy_data();
    void unknownStrategy();

    void singleEndpointFromEachSource();
    void badSingleEndpoint_data();
    void badSingleEndpoint();
    void endpointListFromEachSource_data();
    void endpointListFromEachSource();
    void listWithOneUrlIsMultiEndpoint();
    void listBeatsSingleAtAnyLevel_data();
    void listBeatsSingleAtAnyLevel();
    void listEntryErrors();
    void listDuplicatesWarn();
    void listWithoutEntriesIsAnError();
    void overrideListBeatsEnvironmentList();

    void allErrorsReportedAtOnce();

private:
    IniFiles iniFile;
};

void TestResolverEndpoints::strategyNamesAllValid()
{
    QCOMPARE(gpupool::balance::StrategyRegistry::names().join(QStringLiteral(", ")), allStrategies);
    for (const QString &name : gpupool::balance::StrategyRegistry::names()) {
        const Resolution r = resolve(envOf({ { QStringLiteral("GPU_LOAD_BALANCING_STRATEGY"), name } }));
        QVERIFY2(r.ok(), qPrintable(name));
        QCOMPARE(r.settings.strategy, name);
        QCOMPARE(r.origin(Key::Strategy).source, Source::Environment);
        QCOMPARE(r.origin(Key::Strategy).name, QStringLiteral("GPU_LOAD_BALANCING_STRATEGY"));
    }
}

void TestResolverEndpoints::strategyFromEachSource()
{
    auto file = iniFile("[balancing]\nstrategy=weighted\n");
    Resolution r = resolve(envOf({}), file.get());
    QCOMPARE(r.settings.strategy, QStringLiteral("weighted"));
    QCOMPARE(r.origin(Key::Strategy).source, Source::SettingsFile);

    const QProcessEnvironment env
        = envOf({ { QStringLiteral("GPU_LOAD_BALANCING_STRATEGY"), QStringLiteral("round_robin") } });
    r = resolve(env, file.get());
    QCOMPARE(r.settings.strategy, QStringLiteral("round_robin"));

    Overrides o;
    o.strategy = QStringLiteral("least_connections");
    r = resolve(env, file.get(), o);
    QCOMPARE(r.settings.strategy, QStringLiteral("least_connections"));
    QCOMPARE(r.origin(Key::Strategy).source, Source::Override);
    QCOMPARE(r.origin(Key::Strategy).name, QStringLiteral("--strategy"));
    QVERIFY(r.ok());
}

void TestResolverEndpoints::unknownStrategy_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("unknown") << "fastest";
    QTest::newRow("wrong case") << "Availability";
    QTest::newRow("dash") << "round-robin";
}

void TestResolverEndpoints::unknownStrategy()
{
    QFETCH(QString, name);
    const QString message = QStringLiteral("Unknown load balancing strategy: ") + name
        + QStringLiteral(". Available strategies: ") + allStrategies;
    QCOMPARE(gpupool::balance::StrategyRegistry::unknownStrategyMessage(name), message);

    Resolution r = resolve(envOf({ { QStringLiteral("GPU_LOAD_BALANCING_STRATEGY"), name } }));
    QCOMPARE(r.errorMessages(), QStringList { message });
    QCOMPARE(r.errors[0].key, Key::Strategy);
    QCOMPARE(r.errors[0].name, QStringLiteral("GPU_LOAD_BALANCING_STRATEGY"));
    QCOMPARE(r.errors[0].value, name);
    QCOMPARE(r.settings.strategy, QStringLiteral("availability"));
    QCOMPARE(r.origin(Key::Strategy).source, Source::Default);

    Overrides o;
    o.strategy = name;
    r = resolve(envOf({}), nullptr, o);
    QCOMPARE(r.errorMessages(), QStringList { message });
    QCOMPARE(r.errors[0].source, Source::Override);
}

void TestResolverEndpoints::singleEndpointFromEachSource()
{
    auto file = iniFile("[endpoints]\nsingle=http://from-file:1/\n");
    Resolution r = resolve(envOf({}), file.get());
    QCOMPARE(r.settings.mode, Mode::SingleEndpoint);
    QCOMPARE(idsOf(r.settings), QStringList { QStringLiteral("from-file_1") });
    QCOMPARE(r.settings.endpoints[0].url.toString(), QStringLiteral("http://from-file:1"));
    QCOMPARE(r.origin(Key::ServiceEndpoint).source, Source::SettingsFile);

    const QProcessEnvironment env
        = envOf({ { QStringLiteral("GPU_SERVICE_ENDPOINT"), QStringLiteral("http://gpu-server:8000") } });
    r = resolve(env, file.get());
    QCOMPARE(idsOf(r.settings), QStringList { QStringLiteral("gpu-server_8000") });
    QCOMPARE(r.origin(Key::ServiceEndpoint).source, Source::Environment);

    Overrides o;
    o.serviceEndpoint = QStringLiteral("https://GPU-Service.Company.com/");
    r = resolve(env, file.get(), o);
    QCOMPARE(r.settings.mode, Mode::SingleEndpoint);
    QCOMPARE(idsOf(r.settings), QStringList { QStringLiteral("gpu-service.company.com") });
    QCOMPARE(r.settings.endpoints[0].url.toString(), QStringLiteral("https://gpu-service.company.com"));
    QCOMPARE(r.origin(Key::ServiceEndpoint).source, Source::Override);
    QCOMPARE(r.origin(Key::ServiceEndpoint).name, QStringLiteral("--endpoint"));
    QVERIFY(r.ok());
}

void TestResolverEndpoints::badSingleEndpoint_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("why");
    QTest::newRow("file") << "file:///tmp/gpu"
                          << "only http and https URLs are accepted, not file:";
    QTest::newRow("ftp") << "ftp://gpu:21"
                         << "only http and https URLs are accepted, not ftp:";
    QTest::newRow("no host") << "http://"
                             << "the URL has no host";
    QTest::newRow("no scheme") << "gpu-server:8000"
                               << "expected an http or https URL such as http://server1:8000";
    QTest::newRow("spaces") << "http://gpu server"
                            << "a URL cannot contain spaces";
}

void TestResolverEndpoints::badSingleEndpoint()
{
    QFETCH(QString, url);
    QFETCH(QString, why);
    const Resolution r = resolve(envOf({ { QStringLiteral("GPU_SERVICE_ENDPOINT"), url } }));
    QCOMPARE(r.errorMessages(),
             QStringList { QStringLiteral("GPU_SERVICE_ENDPOINT: \"%1\" is not valid: %2").arg(url, why) });
    QCOMPARE(r.errors[0].key, Key::ServiceEndpoint);
    QCOMPARE(r.settings.mode, Mode::SingleEndpoint);
    QVERIFY(r.settings.endpoints.isEmpty()); // not silently localhost
}

void TestResolverEndpoints::endpointListFromEachSource_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<Vars>("env");
    QTest::addColumn<QString>("overrideList");
    QTest::addColumn<Source>("source");
    QTest::addColumn<QString>("name"); // "%file" stands for the settings key's origin name

    const QString list = QStringLiteral("http://server1:8000, s2=http://server2:8000/");
    QTest::newRow("variable") << QByteArray() << Vars { { QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS"), list } }
                              << QString() << Source::Environment << "GPU_STATS_SERVICE_ENDPOINTS";
    QTest::newRow("alias") << QByteArray() << Vars { { QStringLiteral("GPU_SERVICE_ENDPOINTS"), list } } << QString()
                           << Source::Environment << "GPU_SERVICE_ENDPOINTS";
    QTest::newRow("ini unquoted") << QByteArray("[endpoints]\nlist=http://server1:8000, s2=http://server2:8000/\n")
                                  << Vars {} << QString() << Source::SettingsFile << "%file";
    QTest::newRow("ini quoted") << QByteArray("[endpoints]\nlist=\"http://server1:8000, s2=http://server2:8000/\"\n")
                                << Vars {} << QString() << Source::SettingsFile << "%file";
    QTest::newRow("override") << QByteArray() << Vars {} << list << Source::Override << "--endpoints";
}

void TestResolverEndpoints::endpointListFromEachSource()
{
    QFETCH(QByteArray, ini);
    QFETCH(Vars, env);
    QFETCH(QString, overrideList);
    QFETCH(Source, source);
    QFETCH(QString, name);

    auto file = iniFile(ini);
    Overrides o;
    if (!overrideList.isEmpty())
        o.serviceEndpoints = overrideList;
    const Resolution r = resolve(envOf(env), file.get(), o);
    QVERIFY2(r.ok(), qPrintable(r.errorMessages().join(u'\n')));
    QVERIFY(r.warnings.isEmpty());
    QCOMPARE(r.settings.mode, Mode::MultiEndpoint);
    QCOMPARE(idsOf(r.settings), (QStringList { QStringLiteral("server1_8000"), QStringLiteral("s2") }));
    QCOMPARE(r.settings.endpoints[1].url.toString(), QStringLiteral("http://server2:8000"));
    QVERIFY(r.settings.endpoints[1].nameGiven);
    QCOMPARE(r.origin(Key::ServiceEndpoints).source, source);
    if (name == QLatin1String("%file"))
        name = QStringLiteral("endpoints/list in ") + file->fileName();
    QCOMPARE(r.origin(Key::ServiceEndpoints).name, name);
}

void TestResolverEndpoints::listWithOneUrlIsMultiEndpoint()
{
    const Resolution r
        = resolve(envOf({ { QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS"), QStringLiteral("http://only:1") } }));
    QVERIFY(r.ok());
    QCOMPARE(r.settings.mode, Mode::MultiEndpoint);
    QCOMPARE(idsOf(r.settings), QStringList { QStringLiteral("only_1") });
}

void TestResolverEndpoints::listBeatsSingleAtAnyLevel_data()
{
    QTest::addColumn<Source>("listAt");
    QTest::addColumn<Source>("singleAt");
    QTest::addColumn<QString>("singleName"); // "%file": the settings key in the file
    QTest::addColumn<QString>("listName");
    const QString env1 = QStringLiteral("GPU_SERVICE_ENDPOINT");
    const QString envN = QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS");
    QTest::newRow("both environment") << Source::Environment << Source::Environment << env1 << envN;
    QTest::newRow("both overrides") << Source::Override << Source::Override << "--endpoint"
                                    << "--endpoints";
    QTest::newRow("list in file, single in env") << Source::SettingsFile << Source::Environment << env1 << "%file";
    QTest::newRow("list in file, single overridden") << Source::SettingsFile << Source::Override << "--endpoint"
                                                     << "%file";
    QTest::newRow("list in env, single overridden") << Source::Environment << Source::Override << "--endpoint" << envN;
    QTest::newRow("list overridden, single in file") << Source::Override << Source::SettingsFile << "%file"
                                                     << "--endpoints";
}

void TestResolverEndpoints::listBeatsSingleAtAnyLevel()
{
    QFETCH(Source, listAt);
    QFETCH(Source, singleAt);
    QFETCH(QString, singleName);
    QFETCH(QString, listName);

    const QString list = QStringLiteral("http://a:1,http://b:2");
    const QString single = QStringLiteral("http://single:9");
    QByteArray ini = "[endpoints]\n";
    Vars env;
    Overrides o;
    switch (listAt) {
    case Source::SettingsFile: ini += "list=\"" + list.toUtf8() + "\"\n"; break;
    case Source::Environment: env.append({ QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS"), list }); break;
    default: o.serviceEndpoints = list; break;
    }
    switch (singleAt) {
    case Source::SettingsFile: ini += "single=" + single.toUtf8() + "\n"; break;
    case Source::Environment: env.append({ QStringLiteral("GPU_SERVICE_ENDPOINT"), single }); break;
    default: o.serviceEndpoint = single; break;
    }
    auto file = iniFile(ini);
    const QString fileName = file->fileName();
    if (singleName == QLatin1String("%file"))
        singleName = QStringLiteral("endpoints/single in ") + fileName;
    if (listName == QLatin1String("%file"))
        listName = QStringLiteral("endpoints/list in ") + fileName;

    const Resolution r = resolve(envOf(env), file.get(), o);
    QVERIFY(r.ok());
    QCOMPARE(r.settings.mode, Mode::MultiEndpoint);
    QCOMPARE(idsOf(r.settings), (QStringList { QStringLiteral("a_1"), QStringLiteral("b_2") }));
    QCOMPARE(r.origin(Key::ServiceEndpoints).source, listAt);
    QCOMPARE(
        r.warningMessages(),
        QStringList { singleName + QStringLiteral(": ignored, because an endpoint list is set (") + listName + u')' });
    QCOMPARE(r.warnings[0].key, Key::ServiceEndpoint);
}

void TestResolverEndpoints::listEntryErrors()
{
    // A bad single endpoint that a list shadows is not used, so not an error.
    const Resolution r = resolve(envOf({ { QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS"),
                                           QStringLiteral("http://a:1, ftp://b:2, x y=http://c:3, http://d e") },
                                         { QStringLiteral("GPU_SERVICE_ENDPOINT"), QStringLiteral("ftp://z") } }));
    const QString v = QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS");
    QCOMPARE(r.errorMessages(),
             (QStringList {
                 v + QStringLiteral(": \"ftp://b:2\" is not valid: only http and https URLs are accepted, not ftp:"),
                 v
                     + QStringLiteral(": \"x y=http://c:3\" is not valid: an endpoint name must be non-empty, "
                                      "without ':' or spaces"),
                 v + QStringLiteral(": \"http://d e\" is not valid: a URL cannot contain spaces"),
             }));
    QCOMPARE(r.errors[1].value, QStringLiteral("x y=http://c:3"));
    QCOMPARE(r.errors[1].key, Key::ServiceEndpoints);
    // The good entries stay visible to a console; the caller refuses to go on.
    QCOMPARE(idsOf(r.settings), QStringList { QStringLiteral("a_1") });
    QCOMPARE(r.settings.mode, Mode::MultiEndpoint);
    QCOMPARE(r.warnings.size(), 1);
}

void TestResolverEndpoints::listDuplicatesWarn()
{
    Overrides o;
    o.serviceEndpoints = QStringLiteral("http://a:8000,http://A:8000/,http://a:8000/x");
    const Resolution r = resolve(envOf({}), nullptr, o);
    QVERIFY(r.ok());
    QCOMPARE(idsOf(r.settings), (QStringList { QStringLiteral("a_8000"), QStringLiteral("a_8000_1") }));
    QCOMPARE(
        r.warningMessages(),
        QStringList { QStringLiteral("--endpoints: \"http://A:8000/\" repeats an earlier endpoint and is ignored") });
}

void TestResolverEndpoints::listWithoutEntriesIsAnError()
{
    const Resolution r = resolve(envOf({ { QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS"), QStringLiteral(" , ,") } }));
    QCOMPARE(r.errorMessages(),
             QStringList { QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS: \", ,\" is not valid: expected at least one "
                                          "http or https URL") });
    QCOMPARE(r.settings.mode, Mode::MultiEndpoint);
    QVERIFY(r.settings.endpoints.isEmpty());
}

void TestResolverEndpoints::overrideListBeatsEnvironmentList()
{
    auto file = iniFile("[endpoints]\nlist=\"http://file:1\"\n");
    Overrides o;
    o.serviceEndpoints = QStringLiteral("http://cli:1");
    const QProcessEnvironment env
        = envOf({ { QStringLiteral("GPU_STATS_SERVICE_ENDPOINTS"), QStringLiteral("http://env:1") } });
    QCOMPARE(idsOf(resolve(envOf({}), file.get()).settings), QStringList { QStringLiteral("file_1") });
    QCOMPARE(idsOf(resolve(env, file.get()).settings), QStringList { QStringLiteral("env_1") });
    QCOMPARE(idsOf(resolve(env, file.get(), o).settings), QStringList { QStringLiteral("cli_1") });
}

void TestResolverEndpoints::allErrorsReportedAtOnce()
{
    Overrides o;
    o.maxRetries = QStringLiteral("0");
    const Resolution r = resolve(envOf({ { QStringLiteral("GPU_SERVICE_ENDPOINT"), QStringLiteral("ftp://x") },
                                         { QStringLiteral("GPU_LOAD_BALANCING_STRATEGY"), QStringLiteral("best") },
                                         { QStringLiteral("GPU_MEMORY_THRESHOLD_PERCENT"), QStringLiteral("150") } }),
                                 nullptr, o);
    QCOMPARE(r.errorMessages(),
             (QStringList {
                 QStringLiteral("GPU_SERVICE_ENDPOINT: \"ftp://x\" is not valid: only http and https URLs are "
                                "accepted, not ftp:"),
                 QStringLiteral("Unknown load balancing strategy: best. Available strategies: ") + allStrategies,
                 QStringLiteral("GPU_MEMORY_THRESHOLD_PERCENT: \"150\" is not valid: expected a number from 0 to 100"),
                 QStringLiteral("--max-retries: \"0\" is not valid: expected a whole number from 1 to 1000"),
             }));
}

QTEST_GUILESS_MAIN(TestResolverEndpoints)
#include "tst_resolver_endpoints.moc"
