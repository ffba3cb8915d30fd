// Hostile clients against a real gpupool-statd over real sockets: slowloris,
// oversized and over-numerous headers, pipelining (read and unread),
// request-smuggling shapes, an HTTP/2 preface, absolute-form targets, NUL
// bytes, a 100 KB URL, 2,000 keep-alive clients. For each: the connection
// gets the right status or is closed, a normal client is still served, and
// statd's memory stays bounded. The figures (the normal client's time, the
// peak RSS) are printed, not asserted: speed is measured, not tested; the
// bounds here only catch a server that hangs or grows without limit.
#include "statdtesting.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTest>

#include <sys/resource.h>

using namespace gpupool::statd::testing;

namespace {

// statd's peak resident memory (VmHWM), in KiB.
qint64 peakRssKib(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// Sends `bytes` on a fresh connection, reads until the server closes it or
// `ms` pass; what came back.
QByteArray exchange(quint16 port, const QByteArray &bytes, int ms = 3000, bool *closed = nullptr)
{
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!s.waitForConnected(2000))
        return {};
    s.write(bytes);
    QByteArray got;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms && s.state() == QAbstractSocket::ConnectedState) {
        s.waitForReadyRead(50);
        got += s.readAll();
    }
    got += s.readAll();
    if (closed)
        *closed = s.state() != QAbstractSocket::ConnectedState;
    return got;
}

int statusOf(const QByteArray &response)
{
    return response.startsWith("HTTP/1.1 ") ? response.mid(9, 3).toInt() : 0;
}

} // namespace

class TestStatdHostile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void refusedShapes_data();
    void refusedShapes();
    void pipelinedHundredInOneWrite();
    void pipelinerThatNeverReads();
    void slowloris();
    void manyKeepAliveClients();

private:
    // A normal client's GET /gpu/summary on a fresh connection: its time
    // (printed), and that it was served.
    void normalClientIsServed(const char *after)
    {
        QElapsedTimer t;
        t.start();
        const QByteArray r = exchange(m_port, "GET /gpu/summary HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const qint64 ms = t.elapsed();
        const qint64 rss = peakRssKib(m_statd->process().processId());
        qInfo("hostile %s: normal client served in %lld ms; statd peak RSS %.1f MiB", after, ms, double(rss) / 1024.0);
        QCOMPARE(statusOf(r), 200);
        QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));
        QVERIFY2(rss > 0 && rss < 256 * 1024, qPrintable(QString::number(rss)));
    }

    std::unique_ptr<Statd> m_statd;
    quint16 m_port = 0;
};

void TestStatdHostile::initTestCase()
{
    // Room for thousands of sockets here and in statd (it inherits the limit).
    rlimit limit {};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    m_statd = std::make_unique<Statd>(QStringList { QStringLiteral("--simulate"), QStringLiteral("8"),
                                                    QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") });
    const QString base = m_statd->readLine();
    QVERIFY2(!base.isEmpty(), qPrintable(m_statd->standardError()));
    m_port = quint16(QUrl(base).port());
    normalClientIsServed("start");
}

void TestStatdHostile::cleanupTestCase()
{
    m_statd.reset();
}

void TestStatdHostile::refusedShapes_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray get("GET /gpu/summary HTTP/1.1\r\nHost: x\r\n");
    QByteArray manyHeaders = get;
    for (int i = 0; i < 10'000; ++i)
        manyHeaders += "X-H" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("1 MB header line") << get + "X-Big: " + QByteArray(1 << 20, 'a') + "\r\n\r\n" << 431;
    QTest::newRow("10,000 headers") << manyHeaders + "\r\n" << 431;
    QTest::newRow("100 KB URL") << "GET /" + QByteArray(100 * 1024, 'u') + " HTTP/1.1\r\nHost: x\r\n\r\n" << 431;
    QTest::newRow("Content-Length with Transfer-Encoding")
        << get + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("two Content-Lengths") << get + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab" << 400;
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
    QTest::newRow("NUL in a header") << get + QByteArray("X-A: b\0c\r\n\r\n", 12) << 400;
    QTest::newRow("NUL in the target") << QByteArray("GET /gpu\0/summary HTTP/1.1\r\n\r\n", 31) << 400;
    QTest::newRow("absolute-form target")
        << QByteArray("GET http://127.0.0.1/gpu/summary HTTP/1.1\r\nHost: x\r\n\r\n") << 200;
}

void TestStatdHostile::refusedShapes()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    bool closed = false;
    const QByteArray r = exchange(m_port, request, status == 200 ? 300 : 3000, &closed);
    QCOMPARE(statusOf(r), status);
    if (status != 200)
        QVERIFY2(closed, "a refused request's connection is closed");
    normalClientIsServed(QTest::currentDataTag());
}

void TestStatdHostile::pipelinedHundredInOneWrite()
{
    QByteArray burst;
    for (int i = 0; i < 100; ++i)
        burst += "GET /gpu/count HTTP/1.1\r\nHost: x\r\n\r\n";
    burst += "GET /gpu/count HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const QByteArray r = exchange(m_port, burst, 5000);
    QCOMPARE(r.count("HTTP/1.1 200 OK"), 101);
    normalClientIsServed("100 pipelined");
}

void TestStatdHostile::pipelinerThatNeverReads()
{
    // 20,000 requests for the largest body, never reading an answer.
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    QVERIFY(s.waitForConnected(2000));
    s.setReadBufferSize(1); // and take in as little as TCP allows
    const QByteArray one("GET /gpu/stats HTTP/1.1\r\nHost: x\r\n\r\n");
    for (int i = 0; i < 20'000; ++i)
        s.write(one);
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 1500)
        s.waitForBytesWritten(50);
    normalClientIsServed("pipeliner that never reads");
    // Its answers stopped draining, so statd stopped answering, and after
    // the idle timeout (5 s) it drops the connection. Read what came, then:
    // fewer answers than requests, and the end.
    QTest::qWait(7000);
    s.setReadBufferSize(0);
    QByteArray got;
    t.restart();
    while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < 10'000) {
        s.waitForReadyRead(50);
        got += s.readAll();
    }
    got += s.readAll();
    qInfo("hostile: the pipeliner got %lld of 20000 answers before statd dropped it",
          qint64(got.count("HTTP/1.1 200")));
    QVERIFY(got.count("HTTP/1.1 200") < 20'000);
    QVERIFY(s.state() != QAbstractSocket::ConnectedState);
}

void TestStatdHostile::slowloris()
{
    constexpr int Connections = 500;
    std::vector<std::unique_ptr<QTcpSocket>> slow;
    for (int i = 0; i < Connections; ++i) {
        slow.push_back(std::make_unique<QTcpSocket>());
        slow.back()->connectToHost(QStringLiteral("127.0.0.1"), m_port);
    }
    for (auto &s : slow) {
        QVERIFY(s->waitForConnected(2000));
        s->write("GET /gpu/summary HTTP/1.1\r\nHost: x\r\n");
    }
    // A header byte every 100 ms on every connection, never the end of the head.
    QElapsedTimer t;
    t.start();
    bool measured = false;
    while (t.elapsed() < 8000) {
        for (auto &s : slow)
            if (s->state() == QAbstractSocket::ConnectedState)
                s->write("X");
        QTest::qWait(100);
        if (!measured && t.elapsed() > 1000) {
            normalClientIsServed("500 slowloris connections");
            measured = true;
        }
    }
    // A head must be complete within the idle timeout (5 s): all are closed.
    int open = 0;
    for (auto &s : slow)
        open += s->state() == QAbstractSocket::ConnectedState ? 1 : 0;
    QCOMPARE(open, 0);
}

void TestStatdHostile::manyKeepAliveClients()
{
    constexpr int Clients = 2000;
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    for (int i = 0; i < Clients; ++i) {
        clients.push_back(std::make_unique<QTcpSocket>());
        clients.back()->connectToHost(QStringLiteral("127.0.0.1"), m_port);
    }
    for (auto &c : clients) {
        QVERIFY(c->waitForConnected(5000));
        c->write("GET /gpu/summary HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    int served = 0;
    QElapsedTimer t;
    t.start();
    for (auto &c : clients) {
        QByteArray got;
        while (!got.contains("\r\n\r\n") && t.elapsed() < 20'000) {
            c->waitForReadyRead(20);
            got += c->readAll();
        }
        served += statusOf(got) == 200 ? 1 : 0;
    }
    qInfo("hostile: %d keep-alive clients served in %lld ms", served, t.elapsed());
    QCOMPARE(served, Clients);
    normalClientIsServed("2,000 keep-alive clients open");
}

QTEST_GUILESS_MAIN(TestStatdHostile)
#include "tst_statd_hostile.moc"
