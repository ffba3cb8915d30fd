// gpupool-statd while nvidia-smi is slow: the real program, with a stand-in
// nvidia-smi that blocks until the test lets it finish. Nothing here waits for
// a time to pass: the stand-in says when it started, the test says when it ends.
// While it runs, the paths that need no reading answer, the GPU paths wait for
// that one reading (one nvidia-smi however many clients), pipelined answers
// keep their order, and a client that leaves meanwhile costs nothing.

#include "statdtesting.h"

#include <QDir>
#include <QFile>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace gpupool::statd::testing;

namespace {
const QByteArray kUuid = "GPU-5be79425-faf0-340b-0c20-f48fb02b4036";
} // namespace

class TestStatdSlowSmi : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void otherPathsAnswerWhileNvidiaSmiRuns();
    void pipelinedAnswersKeepTheirOrder();
    void aClientThatLeavesWhileWaiting();
    void processesAreReadOffTheLoopToo();

private:
    // Starts gpupool-statd with the stand-in; returns its base URL.
    QString start();
    // The stand-in's record of its runs of one kind ("gpu", "apps").
    int runs(const char *kind) const;
    bool waitForRuns(const char *kind, int count) const;
    void release(const char *kind) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Statd> m_statd;
    QNetworkAccessManager m_nam;
};

void TestStatdSlowSmi::init()
{
    m_statd.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestStatdSlowSmi::start()
{
    const QString d = m_dir->path();
    QDir().mkpath(d + QLatin1String("/bin"));
    QFile f(d + QLatin1String("/bin/nvidia-smi"));
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write the stand-in nvidia-smi");
    const QByteArray dir = d.toUtf8();
    // Each query notes its run, then waits for its release file.
    f.write(
        "#!/bin/sh\n"
        "wait_for() { echo x >> '"
        + dir + "/runs-'\"$1\"; while [ ! -e '" + dir
        + "/release-'\"$1\" ]; do sleep 0.02; done; }\n"
          "case \"$1\" in\n"
          "--version) echo 'NVIDIA-SMI version : 550.54.15';;\n"
          "--query-gpu=*) wait_for gpu; echo '0, NVIDIA H100 80GB HBM3, 81559, 29751, 51329, 100, 57, 694.37, 700.00, "
        + kUuid
        + "';;\n"
          "--query-compute-apps=*) wait_for apps; echo '4000000, python3, 100, "
        + kUuid
        + "';;\n"
          "*) exit 2;;\n"
          "esac\n");
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), d + QLatin1String("/bin:") + qEnvironmentVariable("PATH"));
    // Longer than any wait here: the stand-in ends when the test says so.
    m_statd = std::make_unique<Statd>(QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                                    QStringLiteral("--smi-timeout"), QStringLiteral("60") },
                                      env);
    const QString base = m_statd->readLine();
    if (base.isEmpty())
        qWarning().noquote() << "statd said:" << m_statd->standardError();
    return base;
}

int TestStatdSlowSmi::runs(const char *kind) const
{
    QFile f(m_dir->filePath(QStringLiteral("runs-") + QLatin1String(kind)));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return static_cast<int>(f.readAll().count('\n'));
}

bool TestStatdSlowSmi::waitForRuns(const char *kind, int count) const
{
    QDeadlineTimer deadline(timeoutMs);
    while (runs(kind) < count && !deadline.hasExpired())
        QTest::qWait(10);
    return runs(kind) >= count;
}

void TestStatdSlowSmi::release(const char *kind) const
{
    QFile f(m_dir->filePath(QStringLiteral("release-") + QLatin1String(kind)));
    QVERIFY(f.open(QIODevice::WriteOnly));
}

// Waits (bounded) for a reply started with m_nam.get().
static bool finishes(QNetworkReply *reply)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!reply->isFinished() && !deadline.hasExpired())
        QTest::qWait(10);
    return reply->isFinished();
}

static int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void TestStatdSlowSmi::otherPathsAnswerWhileNvidiaSmiRuns()
{
    const QString base = start();
    QVERIFY(!base.isEmpty());
    std::unique_ptr<QNetworkReply> summary(m_nam.get(QNetworkRequest(QUrl(base + QLatin1String("/gpu/summary")))));
    QVERIFY(waitForRuns("gpu", 1));

    // nvidia-smi is running and will not end before we say so.
    const Reply root = fetch(m_nam, base + QLatin1String("/"));
    QCOMPARE(root.status, 200);
    QVERIFY(root.body.contains("\"/gpu/summary\""));
    QCOMPARE(fetch(m_nam, base + QLatin1String("/openapi.json")).status, 200);
    QCOMPARE(fetch(m_nam, base + QLatin1String("/nowhere")).status, 404);
    QVERIFY(!summary->isFinished());

    // More GPU requests join the reading under way.
    std::unique_ptr<QNetworkReply> again(m_nam.get(QNetworkRequest(QUrl(base + QLatin1String("/gpu/summary")))));
    std::unique_ptr<QNetworkReply> health(m_nam.get(QNetworkRequest(QUrl(base + QLatin1String("/health")))));
    QCOMPARE(fetch(m_nam, base + QLatin1String("/docs")).status, 200); // both have reached the server by now
    QVERIFY(!again->isFinished());
    QVERIFY(!health->isFinished());

    release("gpu");
    for (QNetworkReply *r : { summary.get(), again.get(), health.get() }) {
        QVERIFY(finishes(r));
        QCOMPARE(statusOf(r), 200);
    }
    QVERIFY(summary->readAll().contains("\"name\":\"NVIDIA H100 80GB HBM3\""));
    QVERIFY(health->readAll().startsWith("{\"status\":\"healthy\",\"nvidia_smi_available\":true,"));
    QCOMPARE(runs("gpu"), 1);
}

void TestStatdSlowSmi::pipelinedAnswersKeepTheirOrder()
{
    const QUrl base(start());
    QVERIFY(base.isValid() && base.port() > 0);
    QTcpSocket socket;
    socket.connectToHost(base.host(), quint16(base.port()));
    QVERIFY(socket.waitForConnected(timeoutMs));
    socket.write("GET /gpu/count HTTP/1.1\r\nHost: t\r\n\r\n"
                 "GET / HTTP/1.1\r\nHost: t\r\n\r\n"
                 "HEAD /gpu/count HTTP/1.1\r\nHost: t\r\n\r\n");
    QVERIFY(waitForRuns("gpu", 1));
    // The root's answer could go at once, but it must not overtake the count's.
    QCOMPARE(fetch(m_nam, base.toString() + QLatin1String("/")).status, 200);

    release("gpu");
    QByteArray got;
    QDeadlineTimer deadline(timeoutMs);
    while (got.count("HTTP/1.1 200") < 3 && !deadline.hasExpired()) {
        if (socket.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime()))))
            got += socket.readAll();
    }
    QCOMPARE(got.count("HTTP/1.1 200"), 3);
    const qsizetype count = got.indexOf("{\"gpu_count\":1,");
    const qsizetype root = got.indexOf("\"/gpu/summary\"");
    QVERIFY2(count > 0 && root > count, got.constData());
    QCOMPARE(got.count("{\"gpu_count\""), 1); // HEAD: headers only
    QCOMPARE(runs("gpu"), 1);
}

void TestStatdSlowSmi::aClientThatLeavesWhileWaiting()
{
    const QString base = start();
    QVERIFY(!base.isEmpty());
    {
        QTcpSocket leaver;
        const QUrl url(base);
        leaver.connectToHost(url.host(), quint16(url.port()));
        QVERIFY(leaver.waitForConnected(timeoutMs));
        leaver.write("GET /gpu/stats HTTP/1.1\r\nHost: t\r\n\r\n");
        QVERIFY(waitForRuns("gpu", 1));
        leaver.abort();
    }
    QCOMPARE(fetch(m_nam, base + QLatin1String("/")).status, 200); // the server saw it go
    release("gpu");
    const Reply stats = fetch(m_nam, base + QLatin1String("/gpu/stats"));
    QCOMPARE(stats.status, 200);
    QVERIFY(stats.body.contains("\"utilization_percent\":100,"));
    QCOMPARE(m_statd->process().state(), QProcess::Running);
}

void TestStatdSlowSmi::processesAreReadOffTheLoopToo()
{
    const QString base = start();
    QVERIFY(!base.isEmpty());
    release("gpu");
    std::unique_ptr<QNetworkReply> processes(m_nam.get(QNetworkRequest(QUrl(base + QLatin1String("/gpu/processes")))));
    QVERIFY(waitForRuns("apps", 1));
    QCOMPARE(fetch(m_nam, base + QLatin1String("/")).status, 200);
    QVERIFY(!processes->isFinished());
    release("apps");
    QVERIFY(finishes(processes.get()));
    QCOMPARE(statusOf(processes.get()), 200);
    const QByteArray body = processes->readAll();
    QVERIFY2(body.contains("\"pid\":4000000,\"process_name\":\"python3\""), body.constData());
    QVERIFY(body.contains("\"gpu_id\":0,"));
}

QTEST_GUILESS_MAIN(TestStatdSlowSmi)
#include "tst_statd_slowsmi.moc"
