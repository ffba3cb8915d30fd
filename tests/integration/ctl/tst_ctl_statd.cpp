// gpupoolctl against real gpupool-statd processes: what it reads from them
// (status, endpoints, gpus, recovery), a lease on a simulated GPU, watch
// until SIGINT, and an endpoint that dies between two commands.

#include "ctltesting.h"

#include <QTemporaryDir>

#include <QJsonArray>
#include <QRegularExpression>

#include <csignal>

using namespace gpupool::ctl::testing;

class TestCtlStatd : public QObject
{
    Q_OBJECT

private slots:
    void apiKeyFileReachesASecuredServer();
    void minMemoryCountsGbAsCardsAreSold();
    void initTestCase();
    void status();
    void endpoints();
    void gpus();
    void requestAndRelease();
    void recoveryStatusText();
    void recoveryStatusHasTheSameHealth();
    void recover();
    void watchUntilInterrupted();
    void watchFramesForPeople();
    void endpointDiesBetweenTwoCommands();

private:
    QStringList endpointsArgument() const;
    CtlResult run(const QStringList &arguments) const { return m_ctl.run(endpointsArgument() + arguments); }

    std::unique_ptr<StatdCluster> m_a; // a, b: one process each, so one can die alone
    std::unique_ptr<StatdCluster> m_b;
    Ctl m_ctl;
};

QStringList TestCtlStatd::endpointsArgument() const
{
    return { QStringLiteral("--endpoints=a=%1,b=%2").arg(m_a->urls.value(0), m_b->urls.value(0)),
             QStringLiteral("--endpoint-timeout=5") };
}

void TestCtlStatd::initTestCase()
{
    QVERIFY(m_ctl.isValid());
    m_a = std::make_unique<StatdCluster>(4, 11);
    m_b = std::make_unique<StatdCluster>(4, 12);
    QVERIFY(m_a->isUp());
    QVERIFY(m_b->isUp());
}

void TestCtlStatd::status()
{
    CtlResult r = run(strings({ "--json", "status" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject o = r.json();
    QCOMPARE(keys(o),
             sorted(strings({ "mode", "strategy", "endpoints_total", "endpoints_healthy", "gpus_total",
                              "gpus_available", "active_leases", "my_leases", "waiting_requests", "fully_degraded",
                              "looks_offline", "store" })));
    QCOMPARE(o.value(QStringLiteral("mode")).toString(), QStringLiteral("multi"));
    QCOMPARE(o.value(QStringLiteral("strategy")).toString(), QStringLiteral("availability"));
    QCOMPARE(o.value(QStringLiteral("endpoints_total")).toInt(), 2);
    QCOMPARE(o.value(QStringLiteral("endpoints_healthy")).toInt(), 2);
    QCOMPARE(o.value(QStringLiteral("gpus_total")).toInt(), 8);
    QVERIFY(o.value(QStringLiteral("gpus_available")).toInt() <= 8);
    QCOMPARE(o.value(QStringLiteral("waiting_requests")).toInt(), 0);
    QCOMPARE(o.value(QStringLiteral("fully_degraded")).toBool(), false);
    const QJsonObject store = o.value(QStringLiteral("store")).toObject();
    QCOMPARE(keys(store), sorted(strings({ "url", "shared", "state", "message", "warnings" })));
    QCOMPARE(store.value(QStringLiteral("warnings")).toArray().size(), 0);
    QCOMPARE(store.value(QStringLiteral("url")).toString(), m_ctl.storeArgument());
    QCOMPARE(store.value(QStringLiteral("state")).toString(), QStringLiteral("ready"));

    r = run(strings({ "--strategy", "round_robin", "status" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    for (const char *line : { "Mode:       multi-endpoint\n", "Strategy:   round_robin\n",
                              "Endpoints:  2 healthy of 2\n", "Waiting:    0 requests\n" })
        QVERIFY2(r.out.contains(QLatin1String(line)), r.describe());
    QVERIFY(QRegularExpression(QStringLiteral("GPUs: +\\d available of 8\n")).match(r.out).hasMatch());
    QVERIFY(!hasEscapeCodes(r.out));
}

void TestCtlStatd::endpoints()
{
    CtlResult r = run(strings({ "--json", "endpoints" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonArray list = r.json().value(QStringLiteral("endpoints")).toArray();
    QCOMPARE(list.size(), 2);
    const QJsonObject a = list.at(0).toObject();
    QCOMPARE(keys(a),
             sorted(strings({ "id", "url", "state", "health", "healthy", "reason", "fresh", "misconfigured", "usable",
                              "gpus_total", "gpus_available", "active_leases", "response_time_ms",
                              "last_seen_seconds_ago", "failure_rate_percent" })));
    QCOMPARE(a.value(QStringLiteral("id")).toString(), QStringLiteral("a"));
    QCOMPARE(a.value(QStringLiteral("url")).toString(), m_a->urls.at(0));
    QCOMPARE(a.value(QStringLiteral("state")).toString(), QStringLiteral("closed"));
    QCOMPARE(a.value(QStringLiteral("health")).toString(), QStringLiteral("healthy"));
    QCOMPARE(a.value(QStringLiteral("usable")), QJsonValue(true));
    QCOMPARE(a.value(QStringLiteral("gpus_total")).toInt(), 4);
    QVERIFY(a.value(QStringLiteral("response_time_ms")).isDouble());
    QVERIFY(a.value(QStringLiteral("last_seen_seconds_ago")).toDouble() >= 0);
    QVERIFY(a.value(QStringLiteral("reason")).isNull());

    r = run(strings({ "endpoints" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY(r.out.startsWith(QLatin1String("ID  URL ")));
    QVERIFY(QRegularExpression(
                QStringLiteral("\nb +http://127\\.0\\.0\\.1:\\d+ +closed +\\d/4 +\\d+ ms +(now|[0-9.]+s ago)\n"))
                .match(r.out)
                .hasMatch());
    QVERIFY(fitsWidth(r.out));
}

void TestCtlStatd::gpus()
{
    CtlResult r = run(strings({ "--json", "gpus" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonArray list = r.json().value(QStringLiteral("gpus")).toArray();
    QCOMPARE(list.size(), 8);
    for (const QJsonValue &v : list) {
        const QJsonObject g = v.toObject();
        QCOMPARE(keys(g),
                 sorted(strings({ "gpu_id", "global_gpu_id", "endpoint_id", "local_gpu_id", "name", "memory_percent",
                                  "utilization_percent", "memory_total_mb", "available", "reason", "lease", "state",
                                  "unleased_users", "processes" })));
        // Available, or a reason why not; never both.
        QCOMPARE(g.value(QStringLiteral("available")).toBool(), g.value(QStringLiteral("reason")).isNull());
        QVERIFY(g.value(QStringLiteral("name")).toString().startsWith(QLatin1String("NVIDIA")));
    }
    QCOMPARE(list.at(5).toObject().value(QStringLiteral("gpu_id")).toString(), QStringLiteral("b:1"));

    r = run(strings({ "--memory-threshold", "0", "gpus" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY(r.out.startsWith(QLatin1String("GPU  NAME ")));
    QCOMPARE(r.out.count(QLatin1String("busy: memory")), 8); // nothing is below 0 %
    QVERIFY(fitsWidth(r.out));
}

void TestCtlStatd::requestAndRelease()
{
    // 8 simulated GPUs: that none is idle enough for one request is
    // vanishingly unlikely (and would show as exit 4 here).
    CtlResult r = run(strings({ "--json", "request", "--note", "statd" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject lease = r.json().value(QStringLiteral("leases")).toArray().at(0).toObject();
    const QString id = lease.value(QStringLiteral("id")).toString();
    r = run(strings({ "--json", "gpus" }));
    bool shown = false;
    for (const QJsonValue &v : r.json().value(QStringLiteral("gpus")).toArray()) {
        const QJsonObject g = v.toObject();
        if (g.value(QStringLiteral("gpu_id")) != lease.value(QStringLiteral("gpu_id")))
            continue;
        shown = true;
        QCOMPARE(g.value(QStringLiteral("available")).toBool(), false);
        QCOMPARE(g.value(QStringLiteral("reason")).toString(), QStringLiteral("leased by you"));
        QCOMPARE(g.value(QStringLiteral("lease")).toObject().value(QStringLiteral("id")).toString(), id);
    }
    QVERIFY(shown);
    QCOMPARE(run(strings({ "--json", "status" })).json().value(QStringLiteral("my_leases")).toInt(), 1);
    QCOMPARE(run({ QStringLiteral("release"), id }).exitCode, 0);
    QCOMPARE(run(strings({ "request", "--count", "1000" })).exitCode, 4);
}

void TestCtlStatd::recoveryStatusText()
{
    const CtlResult r = run(strings({ "recovery-status" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.out,
             QStringLiteral("\n=== Error Recovery Status ===\n"
                            "System Status: OPERATIONAL\n"
                            "Total Endpoints: 2\n"
                            "Healthy Endpoints: 2\n"
                            "Degraded Endpoints: 0\n"
                            "Queued Requests: 0\n"
                            "Recovery Operations Active: 0\n"
                            "\n--- Circuit Breaker Status ---\n"
                            "a: CLOSED (Failure Rate: 0.0%)\n"
                            "b: CLOSED (Failure Rate: 0.0%)\n\n"));
    const CtlResult single
        = m_ctl.run({ QStringLiteral("--endpoint"), m_a->urls.at(0), QStringLiteral("recovery-status") });
    QVERIFY2(single.out.contains(QLatin1String("Mode: Single-endpoint (error recovery not applicable)")),
             single.describe());

    const QJsonObject o = run(strings({ "--json", "recovery-status" })).json();
    QCOMPARE(keys(o),
             sorted(strings({ "system_status", "mode", "total_endpoints", "healthy_endpoints", "degraded_endpoints",
                              "queued_requests", "recovery_operations_active", "circuit_breakers", "text" })));
    QCOMPARE(o.value(QStringLiteral("system_status")).toString(), QStringLiteral("OPERATIONAL"));
    QCOMPARE(o.value(QStringLiteral("text")).toString(), r.out);
    const QJsonObject breaker = o.value(QStringLiteral("circuit_breakers")).toArray().at(1).toObject();
    QCOMPARE(keys(breaker), sorted(strings({ "endpoint_id", "state", "health", "reason", "failure_rate_percent" })));
    QCOMPARE(breaker.value(QStringLiteral("endpoint_id")).toString(), QStringLiteral("b"));
}

void TestCtlStatd::recoveryStatusHasTheSameHealth()
{
    // b refuses: after one failed poll its breaker is still closed, but it is
    // not healthy, and recovery-status says what status says.
    const QStringList endpoints { QStringLiteral("--endpoints=a=%1,b=http://127.0.0.1:9").arg(m_a->urls.value(0)) };
    const CtlResult status = m_ctl.run(endpoints + strings({ "--json", "status" }));
    QVERIFY2(status.exitCode == 0, status.describe());
    QCOMPARE(status.json().value(QStringLiteral("endpoints_healthy")).toInt(), 1);
    const CtlResult recovery = m_ctl.run(endpoints + strings({ "--json", "recovery-status" }));
    QVERIFY2(recovery.exitCode == 0, recovery.describe());
    const QJsonObject o = recovery.json();
    QCOMPARE(o.value(QStringLiteral("healthy_endpoints")).toInt(), 1);
    QCOMPARE(o.value(QStringLiteral("degraded_endpoints")).toInt(), 1);
    const QJsonObject b = o.value(QStringLiteral("circuit_breakers")).toArray().at(1).toObject();
    QCOMPARE(b.value(QStringLiteral("state")).toString(), QStringLiteral("closed"));
    QVERIFY(o.value(QStringLiteral("text"))
                .toString()
                .contains(QLatin1String("Healthy Endpoints: 1\nDegraded Endpoints: 1\n")));
}

void TestCtlStatd::recover()
{
    CtlResult r = run(strings({ "recover", "b" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY(
        QRegularExpression(QStringLiteral("^b: reachable, breaker closed, 4 GPUs \\(\\d available\\), \\d+ ms\\.\n$"))
            .match(r.out)
            .hasMatch());
    r = run(strings({ "--json", "recover", "a" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("reachable")).toBool(), true);
    QCOMPARE(r.json().value(QStringLiteral("recovery_triggered")).toBool(), false); // its breaker was not open
}

void TestCtlStatd::watchUntilInterrupted()
{
    std::unique_ptr<QProcess> watch
        = m_ctl.start(endpointsArgument() + strings({ "--json", "watch", "--interval", "0.2" }));
    QVERIFY(watch->waitForStarted(5000));
    QSignalSpy finished(watch.get(), &QProcess::finished);
    QByteArray out;
    for (int i = 0; i < 100 && out.count('\n') < 3; ++i) {
        watch->waitForReadyRead(200);
        out += watch->readAllStandardOutput();
    }
    QVERIFY2(out.count('\n') >= 3, out.constData());
    ::kill(static_cast<pid_t>(watch->processId()), SIGINT);
    QVERIFY(finished.wait(10000));
    QCOMPARE(watch->exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch->exitCode(), 0);
    out += watch->readAllStandardOutput();
    // One JSON object per line per refresh.
    for (const QByteArray &line : out.split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonObject frame = QJsonDocument::fromJson(line).object();
        QCOMPARE(keys(frame), sorted(strings({ "time", "status", "endpoints", "gpus" })));
        QCOMPARE(frame.value(QStringLiteral("gpus")).toArray().size(), 8);
    }
}

void TestCtlStatd::watchFramesForPeople()
{
    std::unique_ptr<QProcess> watch = m_ctl.start(endpointsArgument() + strings({ "watch", "--interval", "200ms" }));
    QVERIFY(!watch->waitForFinished(100) || watch->exitCode() == 2); // "200ms" is not a duration
    QCOMPARE(watch->exitCode(), 2);
    watch = m_ctl.start(endpointsArgument() + strings({ "watch", "--interval", "0.2s" }));
    QSignalSpy finished(watch.get(), &QProcess::finished);
    QByteArray out;
    for (int i = 0; i < 100 && out.count("gpupoolctl watch") < 2; ++i) {
        watch->waitForReadyRead(200);
        out += watch->readAllStandardOutput();
    }
    QVERIFY2(out.count("gpupoolctl watch") >= 2, out.constData());
    watch->terminate(); // SIGTERM ends it as cleanly as SIGINT
    QVERIFY(finished.wait(10000));
    QCOMPARE(watch->exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch->exitCode(), 0);
    const QString text = QString::fromUtf8(out);
    QVERIFY(!hasEscapeCodes(text)); // not a terminal: no clearing, no colour
    QVERIFY(text.contains(QLatin1String("Endpoints:  2 healthy of 2")));
    QVERIFY(fitsWidth(text));
}

void TestCtlStatd::endpointDiesBetweenTwoCommands()
{
    QCOMPARE(run(strings({ "status" })).exitCode, 0);
    m_b->kill();

    CtlResult r = run(strings({ "--json", "endpoints" }));
    QVERIFY2(r.exitCode == 0, r.describe()); // one endpoint still answers
    const QJsonObject b = r.json().value(QStringLiteral("endpoints")).toArray().at(1).toObject();
    QCOMPARE(b.value(QStringLiteral("id")).toString(), QStringLiteral("b"));
    QCOMPARE(b.value(QStringLiteral("healthy")).toBool(), false);
    QVERIFY2(b.value(QStringLiteral("reason")).toString().contains(QLatin1String("refused")), r.describe());
    r = run(strings({ "status" }));
    QVERIFY2(r.exitCode == 0 && r.out.contains(QLatin1String("Endpoints:  1 healthy of 2")), r.describe());
    r = run(strings({ "recover", "b" }));
    QVERIFY2(r.exitCode == 5, r.describe());
    QVERIFY(r.out.startsWith(QLatin1String("b: not reachable: ")));
    // A new process never saw b's GPUs: only a's are listed.
    r = run(strings({ "--json", "gpus" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonArray gpus = r.json().value(QStringLiteral("gpus")).toArray();
    QCOMPARE(gpus.size(), 4);
    for (const QJsonValue &v : gpus)
        QCOMPARE(v.toObject().value(QStringLiteral("endpoint_id")).toString(), QStringLiteral("a"));

    m_a->kill();
    for (const char *command : { "status", "endpoints", "gpus", "recovery-status", "request" }) {
        r = run({ QString::fromLatin1(command) });
        QVERIFY2(r.exitCode == 5, r.describe());
        QVERIFY2(r.err.contains(QLatin1String("No endpoint reachable (2 configured): a: ")), r.describe());
    }
    r = run(strings({ "--json", "request" }));
    QCOMPARE(r.exitCode, 5);
    QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("no_endpoint_reachable"));
}

void TestCtlStatd::minMemoryCountsGbAsCardsAreSold()
{
    // Seeds 1 and 3: an H100 node (81559 MiB each) and an RTX 4090 node (24564 MiB).
    StatdCluster h100(2, 1);
    StatdCluster rtx(2, 3);
    QVERIFY(h100.isUp() && rtx.isUp());
    const QStringList options { QStringLiteral("--endpoints=h=%1,r=%2").arg(h100.urls.at(0), rtx.urls.at(0)),
                                QStringLiteral("--memory-threshold=100"), QStringLiteral("--utilization-threshold=100"),
                                QStringLiteral("--json") };
    const auto request = [&options](const Ctl &ctl, const QStringList &filter) {
        return ctl.run(options + QStringList { QStringLiteral("request") } + filter);
    };
    const auto endpointsOf = [](const CtlResult &r) {
        QStringList out;
        for (const QJsonValue &v : r.json().value(QStringLiteral("leases")).toArray())
            out.append(v.toObject().value(QStringLiteral("endpoint_id")).toString());
        out.sort();
        return out;
    };
    {
        Ctl ctl;
        const CtlResult r = request(
            ctl,
            { QStringLiteral("--min-memory"), QStringLiteral("80"), QStringLiteral("--count"), QStringLiteral("2") });
        QVERIFY2(r.exitCode == 0, r.describe()); // 79.6 GiB, but an "80GB" card
        QCOMPARE(endpointsOf(r), (QStringList { QStringLiteral("h"), QStringLiteral("h") }));
    }
    {
        Ctl ctl;
        const CtlResult r = request(
            ctl,
            { QStringLiteral("--min-memory"), QStringLiteral("24"), QStringLiteral("--count"), QStringLiteral("4") });
        QVERIFY2(r.exitCode == 0, r.describe()); // the 4090s' 23.99 GiB count as 24 GB
        QCOMPARE(endpointsOf(r).count(QStringLiteral("r")), 2);
    }
    {
        Ctl ctl;
        QCOMPARE(request(ctl, { QStringLiteral("--min-memory"), QStringLiteral("86") }).exitCode, 4); // 85.5 GB
        QCOMPARE(request(ctl, { QStringLiteral("--min-memory-mib"), QStringLiteral("81560") }).exitCode, 4);
        const CtlResult exact = request(ctl, { QStringLiteral("--min-memory-mib"), QStringLiteral("81559") });
        QVERIFY2(exact.exitCode == 0, exact.describe());
        QCOMPARE(endpointsOf(exact), QStringList { QStringLiteral("h") });
        const CtlResult both = request(ctl,
                                       { QStringLiteral("--min-memory"), QStringLiteral("1"),
                                         QStringLiteral("--min-memory-mib"), QStringLiteral("1") });
        QCOMPARE(both.exitCode, 2);
    }
}

void TestCtlStatd::apiKeyFileReachesASecuredServer()
{
    QTemporaryDir dir;
    const QByteArray key = "k3y-for-the-lab-0123456789";
    const auto file = [&dir](const QString &name, const QByteArray &text) {
        QFile f(dir.filePath(name));
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
        return f.fileName();
    };
    Statd secured({ QStringLiteral("--simulate"), QStringLiteral("2"), QStringLiteral("--listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--api-key-file"),
                    file(QStringLiteral("server.keys"), key + "\n") });
    const QString url = secured.readLine();
    QVERIFY(!url.isEmpty());
    Ctl ctl;
    const QStringList status { QStringLiteral("--endpoints=lab=") + url, QStringLiteral("--json"),
                               QStringLiteral("--debug"), QStringLiteral("status") };
    CtlResult r = ctl.run(status);
    QCOMPARE(r.exitCode, 5); // refused: 401
    QVERIFY2(r.out.contains(QLatin1String("401")) || r.err.contains(QLatin1String("401")), r.describe());

    const QList<QByteArray> forms { QByteArray(key + "\n"), QByteArray("lab = " + key + "\n"),
                                    QByteArray("other=x\n*=" + key + "\n") };
    for (const QByteArray &text : forms) {
        r = ctl.run(QStringList { QStringLiteral("--api-key-file"), file(QStringLiteral("client.keys"), text) }
                    + status);
        QVERIFY2(r.exitCode == 0, r.describe());
        QCOMPARE(r.json().value(QStringLiteral("endpoints_healthy")).toInt(), 1);
        QVERIFY(!r.out.contains(QString::fromLatin1(key))
                && !r.err.contains(QString::fromLatin1(key))); // not even with --debug
    }
    // A wrong key: the operator reads "auth error", and the key tried is not shown either.
    r = ctl.run(QStringList { QStringLiteral("--api-key-file"),
                              file(QStringLiteral("wrong.keys"), "not-the-lab-key-0123456789\n") }
                + status);
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(QString(r.out + r.err).contains(QLatin1String("auth error (HTTP 401)")), r.describe());
    QVERIFY(!r.err.contains(QLatin1String("not-the-lab-key")));
    ctl.setEnv(QStringLiteral("GPUPOOL_API_KEY_FILE"), file(QStringLiteral("env.keys"), key));
    r = ctl.run(status);
    QVERIFY2(r.exitCode == 0, r.describe());
    ctl.setEnv(QStringLiteral("GPUPOOL_API_KEY_FILE"), dir.filePath(QStringLiteral("missing.keys")));
    r = ctl.run(status);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("GPUPOOL_API_KEY_FILE: API key file")), r.describe());
}

QTEST_GUILESS_MAIN(TestCtlStatd)
#include "tst_ctl_statd.moc"
