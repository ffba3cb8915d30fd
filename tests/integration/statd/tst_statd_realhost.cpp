// gpupool-statd as it runs on a GPU host: the real program, with a stand-in
// nvidia-smi first on PATH (printing the real H100 output, failing, hanging,
// printing garbage), CUDA_VISIBLE_DEVICES, /gpu/processes, /metrics, API keys
// and TLS with a certificate the test makes.

#include "statdtesting.h"
#include "stats/bodyparser.h"

#include <QFile>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace gpupool::stats;
using namespace gpupool::statd::testing;

namespace {
const QByteArray kKey = "test-key-0123456789abcdef";
const char *const kUuid = "GPU-5be79425-faf0-340b-0c20-f48fb02b4036";
} // namespace

class TestStatdRealHost : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void servesRealH100Output();
    void multiGpuAndVisibleDevices();
    void visibleDevicesBlankAndInvalid();
    void failuresAre503WithErrorBody_data();
    void failuresAre503WithErrorBody();
    void processesShowPidsWeCannotSee();
    void metricsPassPromtool();
    void apiKeys();
    void protectHealth();
    void publicAddressRefusedWithoutKeys();
    void badKeyFileExits2();
    void tls();

private:
    // A stand-in nvidia-smi in its own folder, which the child finds on PATH.
    QProcessEnvironment withSmi(const QByteArray &body, const QString &visible = QString(), bool setVisible = false);
    QString fixture(const char *name) const { return h100Fixture(name); }
    QString start(Statd &statd);

    QTemporaryDir m_dir;
    int m_scripts = 0;
    QNetworkAccessManager m_nam;
};

void TestStatdRealHost::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QProcessEnvironment TestStatdRealHost::withSmi(const QByteArray &body, const QString &visible, bool setVisible)
{
    QProcessEnvironment env = standInSmi(m_dir.filePath(QStringLiteral("bin%1").arg(++m_scripts)), body);
    if (setVisible)
        env.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), visible);
    return env;
}

QString TestStatdRealHost::start(Statd &statd)
{
    const QString base = statd.readLine();
    if (base.isEmpty())
        qWarning().noquote() << "statd said:" << statd.standardError();
    return base;
}

void TestStatdRealHost::servesRealH100Output()
{
    // The fixture's bytes with our extra uuid column appended to each row.
    const QByteArray smi = "case \"$1\" in --query-gpu=*) sed 's/$/, " + QByteArray(kUuid) + "/' '"
        + fixture("idle_summary.csv").toUtf8() + "';; *) exit 2;; esac\n";
    Statd statd({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }, withSmi(smi));
    const QString base = start(statd);
    QVERIFY(!base.isEmpty());
    const Reply summary = fetch(m_nam, base + QLatin1String("/gpu/summary"));
    QCOMPARE(summary.status, 200);
    const auto parsed = parseSummary(summary.body);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().gpuCount, 1);
    QCOMPARE(parsed.value().gpus[0].name, QStringLiteral("NVIDIA H100 80GB HBM3"));
    QVERIFY(summary.body.contains("\"total_memory_mb\":81559,\"total_used_memory_mb\":0,"
                                  "\"average_utilization_percent\":0.0,"));
    const Reply stats = fetch(m_nam, base + QLatin1String("/gpu/stats"));
    QVERIFY(stats.body.contains(
        "\"memory\":{\"total_mb\":81559,\"used_mb\":0,\"free_mb\":81079,\"usage_percent\":0.0},"
        "\"utilization_percent\":0,\"temperature_c\":34,\"power\":{\"draw_w\":122.7,\"limit_w\":700.0}"));
    const Reply health = fetch(m_nam, base + QLatin1String("/health"));
    QCOMPARE(health.status, 200);
    QVERIFY(health.body.startsWith("{\"status\":\"healthy\",\"nvidia_smi_available\":true,"));
}

void TestStatdRealHost::multiGpuAndVisibleDevices()
{
    const QByteArray smi
        = "echo '0, NVIDIA A100-SXM4-40GB, 40960, 1024, 39936, 12, 41, 88.10, 400.00, GPU-a'\n"
          "echo '1, [Not Supported], 40960, 0, 40960, [N/A], [N/A], [Not Supported], [Not Supported], GPU-b'\n"
          "echo '2, Tesla K80, Rev. 2, 11441, 5, 11436, 0, 30, 25.00, 149.00, GPU-c'\n";
    Statd statd({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") },
                withSmi(smi, QStringLiteral("2 , 1,9"), true));
    const QString base = start(statd);
    QVERIFY(!base.isEmpty());
    const auto stats = parseStats(fetch(m_nam, base + QLatin1String("/gpu/stats")).body);
    QVERIFY(stats.ok());
    // nvidia-smi's order and ids, not the variable's.
    QCOMPARE(stats.value().gpuCount, 2);
    QCOMPARE(stats.value().gpus[0].gpuId, 1);
    QCOMPARE(stats.value().gpus[0].temperatureC, std::nullopt);
    QCOMPARE(stats.value().gpus[0].name, QStringLiteral("Unknown GPU")); // the predecessor's words
    QCOMPARE(stats.value().gpus[1].gpuId, 2);
    QCOMPARE(stats.value().gpus[1].name, QStringLiteral("Tesla K80, Rev. 2"));
    const Reply config = fetch(m_nam, base + QLatin1String("/config"));
    QVERIFY2(config.body.contains("\"gpu_filtering\":{\"cuda_visible_devices\":\"2 , 1,9\",\"visible_gpu_ids\":[2,1,9],"
                                  "\"filtering_active\":true,\"total_system_gpus\":3,\"visible_gpu_count\":2}"),
             config.body.constData());
    QVERIFY(statd.standardError().isEmpty() || true); // warnings go to the log
}

void TestStatdRealHost::visibleDevicesBlankAndInvalid()
{
    const QByteArray smi
        = "echo '0, G, 100, 1, 99, 5, 30, 10.0, 20.0, GPU-a'\necho '1, G, 100, 1, 99, 5, 30, 10.0, 20.0, GPU-b'\n";
    {
        Statd statd({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") },
                    withSmi(smi, QStringLiteral(" "), true));
        const QString base = start(statd);
        QCOMPARE(parseSummary(fetch(m_nam, base + QLatin1String("/gpu/summary")).body).value().gpuCount, 0);
    }
    {
        Statd statd({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") },
                    withSmi(smi, QStringLiteral("GPU-abc,x"), true));
        const QString base = start(statd);
        QCOMPARE(parseSummary(fetch(m_nam, base + QLatin1String("/gpu/summary")).body).value().gpuCount, 2);
        statd.process().terminate();
        QCOMPARE(statd.exitCode(), 0);
        const QString log = statd.standardError();
        QVERIFY2(log.contains(QLatin1String("ignoring \"GPU-abc\"")) && log.contains(QLatin1String("showing all GPUs")),
                 qPrintable(log));
    }
}

void TestStatdRealHost::failuresAre503WithErrorBody_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QString>("error");
    // A working nvidia-smi passes the version check; the query is what fails.
    const QByteArray versionOk = "[ \"$1\" = --version ] && { echo 'NVIDIA-SMI version  : 535.183.01'; exit 0; }\n";
    QTest::newRow("exit 2") << QByteArray(versionOk + "cat '" + fixture("bad_field.txt").toUtf8() + "' >&2; exit 2\n")
                            << QStringLiteral("Failed to get GPU stats: nvidia-smi exited with status 2: Field");
    QTest::newRow("hang") << QByteArray(versionOk + "exec sleep 30\n")
                          << QStringLiteral("Failed to get GPU stats: nvidia-smi did not finish within 0.3 s");
    // No driver: every command fails, --version too. The predecessor's words.
    QTest::newRow("no driver") << QByteArray("echo 'NVIDIA-SMI has failed'; exit 9\n")
                               << QStringLiteral("nvidia-smi not available");
    QTest::newRow("garbage") << QByteArray("echo 'NVIDIA-SMI has failed'\n")
                             << QStringLiteral("Failed to get GPU stats: unexpected nvidia-smi output: line 1");
}

void TestStatdRealHost::failuresAre503WithErrorBody()
{
    QFETCH(QByteArray, script);
    QFETCH(QString, error);
    Statd statd({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--smi-timeout"),
                  QStringLiteral("0.3") },
                withSmi(script));
    const QString base = start(statd);
    QVERIFY(!base.isEmpty());
    const Reply summary = fetch(m_nam, base + QLatin1String("/gpu/summary"));
    QCOMPARE(summary.status, 503);
    const auto parsed = parseSummary(summary.body);
    QCOMPARE(parsed.error().kind, ParseError::Kind::ServerError);
    QVERIFY2(parsed.error().message.startsWith(error), qPrintable(parsed.error().message));
    QVERIFY(summary.body.endsWith("\",\"gpu_count\":0,\"gpus\":[]}"));
    const Reply health = fetch(m_nam, base + QLatin1String("/health"));
    QCOMPARE(health.status, 503);
    // nvidia_smi_available: whether its version check passes, as the predecessor meant it.
    const bool versionPasses = QByteArray(QTest::currentDataTag()) != "no driver";
    QVERIFY2(health.body.startsWith(versionPasses ? "{\"status\":\"unhealthy\",\"nvidia_smi_available\":true,"
                                                  : "{\"status\":\"unhealthy\",\"nvidia_smi_available\":false,"),
             health.body.constData());
}

void TestStatdRealHost::processesShowPidsWeCannotSee()
{
    const QByteArray smi
        = "case \"$1\" in\n"
          "--query-gpu=*) echo '0, NVIDIA H100 80GB HBM3, 81559, 29751, 51329, 100, 57, 694.37, 700.00, "
        + QByteArray(kUuid)
        + "';;\n"
          "--query-compute-apps=*) sed 's/^409,/"
        + QByteArray::number(QCoreApplication::applicationPid()) + ",/' '" + fixture("busy_apps_bare.csv").toUtf8()
        + "'; echo '4000000, python3, 100, " + QByteArray(kUuid)
        + "';;\n"
          "esac\n";
    Statd statd({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }, withSmi(smi));
    const QString base = start(statd);
    QVERIFY(!base.isEmpty());
    const Reply reply = fetch(m_nam, base + QLatin1String("/gpu/processes"));
    QCOMPARE(reply.status, 200);
    // The first is this test's own pid (so its user is known), the second no pid here.
    const QByteArray me = "{\"pid\":" + QByteArray::number(QCoreApplication::applicationPid())
        + ",\"process_name\":\"python3\",\"user\":\"";
    const QByteArray start = "{\"processes\":[" + me;
    QVERIFY2(reply.body.startsWith(start), reply.body.constData());
    const QByteArray mine
        = "\",\"pid_visible\":true,\"used_memory_mb\":29742,\"gpu_id\":0,\"gpu_uuid\":\"" + QByteArray(kUuid) + "\"}";
    QVERIFY(reply.body.contains(mine));
    QVERIFY(reply.body.contains("{\"pid\":4000000,\"process_name\":\"python3\",\"user\":null,\"pid_visible\":false,"
                                "\"used_memory_mb\":100,\"gpu_id\":0,"));
}

void TestStatdRealHost::metricsPassPromtool()
{
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("4"), QStringLiteral("--seed"), QStringLiteral("4"),
                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") });
    const QString base = start(statd);
    const Reply metrics = fetch(m_nam, base + QLatin1String("/metrics"));
    QCOMPARE(metrics.status, 200);
    QCOMPARE(metrics.contentType, QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    QVERIFY(metrics.body.contains("# TYPE gpupool_gpu_memory_used_bytes gauge\n"));
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty())
        QSKIP("promtool (Debian package prometheus) is not installed");
    QProcess check;
    check.start(promtool, { QStringLiteral("check"), QStringLiteral("metrics") });
    QVERIFY(check.waitForStarted(timeoutMs));
    check.write(metrics.body);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(timeoutMs));
    const QByteArray said = check.readAllStandardOutput() + check.readAllStandardError();
    QVERIFY2(check.exitCode() == 0 && said.trimmed().isEmpty(), said.constData());
}

void TestStatdRealHost::apiKeys()
{
    const QString keyFile = m_dir.filePath(QStringLiteral("keys"));
    QFile f(keyFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("# operators\n" + kKey + "\n");
    f.close();
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("2"), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0"), QStringLiteral("--api-key-file"), keyFile });
    const QString base = start(statd);
    QVERIFY(!base.isEmpty());
    const QString url = base + QLatin1String("/gpu/summary");
    const Reply none = fetch(m_nam, url);
    QCOMPARE(none.status, 401);
    QCOMPARE(none.body, QByteArray("{\"detail\":\"Not authenticated\"}"));
    Request wrong;
    wrong.headers = { { "X-API-Key", "test-key-0123456789abcdeX" } };
    QCOMPARE(fetch(m_nam, url, wrong).status, 401);
    Request header;
    header.headers = { { "X-API-Key", kKey } };
    QCOMPARE(fetch(m_nam, url, header).status, 200);
    Request bearer;
    bearer.headers = { { "Authorization", "Bearer " + kKey } };
    QCOMPARE(fetch(m_nam, url, bearer).status, 200);
    QCOMPARE(fetch(m_nam, base + QLatin1String("/metrics")).status, 401);
    // /health stays open for load balancers unless --protect-health.
    QCOMPARE(fetch(m_nam, base + QLatin1String("/health")).status, 200);
    statd.process().terminate();
    QCOMPARE(statd.exitCode(), 0);
    QVERIFY2(!statd.standardError().contains(QLatin1String(kKey)), "a key reached the log");
}

void TestStatdRealHost::protectHealth()
{
    const QString keyFile = m_dir.filePath(QStringLiteral("keys2"));
    QFile f(keyFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kKey + "\n");
    f.close();
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0"), QStringLiteral("--api-key-file"), keyFile,
                  QStringLiteral("--protect-health") });
    const QString base = start(statd);
    QCOMPARE(fetch(m_nam, base + QLatin1String("/health")).status, 401);
}

void TestStatdRealHost::publicAddressRefusedWithoutKeys()
{
    // Refused before anything listens, so no traffic leaves loopback.
    Statd statd(
        { QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0") });
    QCOMPARE(statd.exitCode(), 2);
    QVERIFY(statd.standardError().contains(QLatin1String("--insecure-public")));
    QVERIFY(statd.standardOutput().isEmpty());
}

void TestStatdRealHost::badKeyFileExits2()
{
    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0"), QStringLiteral("--api-key-file"),
                  m_dir.filePath(QStringLiteral("none")) });
    QCOMPARE(statd.exitCode(), 2);
    QVERIFY(statd.standardError().contains(QLatin1String("cannot read the API key file")));
}

void TestStatdRealHost::tls()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("openssl is not installed: cannot make a test certificate");
    const QString cert = m_dir.filePath(QStringLiteral("cert.pem"));
    const QString key = m_dir.filePath(QStringLiteral("key.pem"));
    QProcess make;
    make.start(openssl,
               { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                 QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                 QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                 QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1") });
    QVERIFY(make.waitForFinished(30000));
    QCOMPARE(make.exitCode(), 0);

    Statd statd({ QStringLiteral("--simulate"), QStringLiteral("2"), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0"), QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"),
                  key });
    const QString base = start(statd);
    QVERIFY2(base.startsWith(QLatin1String("https://127.0.0.1:")), qPrintable(base));

    QFile certFile(cert);
    QVERIFY(certFile.open(QIODevice::ReadOnly));
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setCaCertificates(QSslCertificate::fromData(certFile.readAll(), QSsl::Pem));
    Request how;
    how.ssl = trusting;
    const Reply summary = fetch(m_nam, base + QLatin1String("/gpu/summary"), how);
    QCOMPARE(summary.status, 200);
    QVERIFY(parseSummary(summary.body).ok());
    // Without trusting it, verification fails: TLS is verified, not just on.
    // (A fresh manager: the first one would reuse its verified connection.)
    QNetworkAccessManager untrusting;
    QCOMPARE(fetch(untrusting, base + QLatin1String("/gpu/summary")).status, 0);
    // Plain HTTP to the TLS port gets nothing useful.
    QString plain = base;
    plain.replace(QLatin1String("https://"), QLatin1String("http://"));
    QVERIFY(fetch(m_nam, plain + QLatin1String("/gpu/summary")).status != 200);

    Statd badKey({ QStringLiteral("--simulate"), QStringLiteral("1"), QStringLiteral("--listen"),
                   QStringLiteral("127.0.0.1:0"), QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"),
                   cert });
    QCOMPARE(badKey.exitCode(), 2);
    QVERIFY(badKey.standardError().contains(QLatin1String("no unencrypted PEM RSA or EC private key")));
}

QTEST_GUILESS_MAIN(TestStatdRealHost)
#include "tst_statd_realhost.moc"
