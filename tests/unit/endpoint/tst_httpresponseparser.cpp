// The HTTP/1.1 response parser under BoundedRequest: every framing the
// protocol allows, split anywhere, and every limit.
#include "endpoint/httpresponseparser.h"

#include <QTest>

using gpupool::endpoint::HttpResponseParser;
using Error = HttpResponseParser::Error;

namespace {

// Feeds the bytes in pieces of `step` (0: all at once).
HttpResponseParser parse(const QByteArray &bytes, qsizetype step = 0, HttpResponseParser::Limits limits = {})
{
    HttpResponseParser p(limits);
    if (step <= 0)
        step = bytes.size();
    for (qsizetype i = 0; i < bytes.size() && !p.isDone() && !p.hasFailed(); i += step)
        p.feed(bytes.mid(i, step));
    return p;
}

const QByteArray kOk
    = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"gpu_count\":0}";

} // namespace

class TestHttpResponseParser : public QObject
{
    Q_OBJECT

private slots:
    void contentLengthInAnyPieces()
    {
        const QByteArray wire
            = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"gpu_count\":0}";
        for (qsizetype step : { 0, 1, 2, 7, 64 }) {
            const HttpResponseParser p = parse(wire, step);
            QVERIFY2(p.isDone(), qPrintable(QString::number(step)));
            QCOMPARE(p.status(), 200);
            QCOMPARE(p.body(), QByteArray("{\"gpu_count\":0}"));
            QCOMPARE(p.header("content-type"), QByteArray("application/json"));
            QVERIFY(p.keepAlive());
        }
    }

    void chunked()
    {
        const QByteArray wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "4;ext=1\r\n{\"a\"\r\nA\r\n:1234567}\r\r\n0\r\nX-Trailer: t\r\n\r\n";
        for (qsizetype step : { 0, 1, 3 }) {
            const HttpResponseParser p = parse(wire, step);
            QVERIFY(p.isDone());
            QCOMPARE(p.body(), QByteArray("{\"a\":1234567}\r"));
        }
    }

    void untilClose()
    {
        HttpResponseParser p;
        p.feed(QByteArray("HTTP/1.1 200 OK\r\n\r\n{\"x\":"));
        QVERIFY(!p.isDone());
        p.feed(QByteArray("1}"));
        p.finishOnClose();
        QVERIFY(p.isDone());
        QCOMPARE(p.body(), QByteArray("{\"x\":1}"));
        QVERIFY(!p.keepAlive());
    }

    void noBodyStatuses()
    {
        QVERIFY(parse("HTTP/1.1 204 No Content\r\n\r\n").isDone());
        QVERIFY(parse("HTTP/1.1 304 Not Modified\r\n\r\n").isDone());
        // An interim 100 Continue is skipped.
        const HttpResponseParser p = parse("HTTP/1.1 100 Continue\r\n\r\n" + kOk, 5);
        QVERIFY(p.isDone());
        QCOMPARE(p.status(), 200);
    }

    void connectionPersistence()
    {
        QVERIFY(!parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").keepAlive());
        QVERIFY(!parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keepAlive());
        QVERIFY(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").keepAlive());
    }

    void stopsAtTheEndOfTheResponse()
    {
        HttpResponseParser p;
        const QByteArray two = kOk + "HTTP/1.1 200 OK\r\n";
        QCOMPARE(p.feed(two), kOk.size());
        QVERIFY(p.isDone());
    }

    void statusLineWithoutReason()
    {
        const HttpResponseParser p = parse("HTTP/1.1 503\r\nContent-Length: 0\r\n\r\n");
        QVERIFY(p.isDone());
        QCOMPARE(p.status(), 503);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("error");
        QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n") << int(Error::BadStatusLine);
        QTest::newRow("bad status") << QByteArray("HTTP/1.1 2x0 OK\r\n") << int(Error::BadStatusLine);
        QTest::newRow("bad header") << QByteArray("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n") << int(Error::BadHeader);
        QTest::newRow("folded header") << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n") << int(Error::BadHeader);
        QTest::newRow("bad length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n")
                                    << int(Error::BadHeader);
        QTest::newRow("announced too large")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n") << int(Error::BodyTooLarge);
        QTest::newRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                        << int(Error::BadChunk);
        QTest::newRow("chunk without CRLF")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n") << int(Error::BadChunk);
        QTest::newRow("huge chunk") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFF\r\n")
                                    << int(Error::BodyTooLarge);
        QTest::newRow("endless headers") << ("HTTP/1.1 200 OK\r\n" + QByteArray(20'000, 'a'))
                                         << int(Error::HeadersTooLarge);
    }
    void errors()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, error);
        for (qsizetype step : { 0, 1 }) {
            const HttpResponseParser p = parse(wire, step);
            QVERIFY(p.hasFailed());
            QCOMPARE(int(p.error()), error);
        }
    }

    void streamedBodyOverTheCap()
    {
        HttpResponseParser::Limits limits;
        limits.maxBodyBytes = 1000;
        HttpResponseParser p(limits);
        p.feed(QByteArray("HTTP/1.1 200 OK\r\n\r\n"));
        p.feed(QByteArray(999, 'x'));
        QVERIFY(!p.hasFailed());
        p.feed(QByteArray(2, 'x'));
        QCOMPARE(p.error(), Error::BodyTooLarge);
        QVERIFY(p.body().size() <= 1000);
    }

    void truncated()
    {
        HttpResponseParser p;
        QVERIFY(!p.hasStarted());
        p.feed(kOk.left(kOk.size() - 3));
        QVERIFY(p.hasStarted());
        p.finishOnClose();
        QCOMPARE(p.error(), Error::Truncated);
        HttpResponseParser headersOnly;
        headersOnly.feed(QByteArray("HTTP/1.1 200 OK\r\nContent-"));
        headersOnly.finishOnClose();
        QCOMPARE(headersOnly.error(), Error::Truncated);
    }

    void resetForTheNextResponse()
    {
        HttpResponseParser p;
        p.feed(kOk);
        QVERIFY(p.isDone());
        QCOMPARE(p.takeBody(), QByteArray("{\"gpu_count\":0}"));
        p.reset({});
        QVERIFY(!p.isDone() && !p.hasStarted());
        p.feed(QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}"));
        QCOMPARE(p.status(), 404);
        QVERIFY(p.header("Content-Type").isEmpty());
    }

    void keptBuffersDoNotLeakIntoTheNextResponse()
    {
        // The first response comes a byte at a time (every line assembled),
        // the second in one piece (lines read in place): nothing of the
        // first may show through, whichever order.
        HttpResponseParser p;
        const QByteArray first("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Long-Header: "
                               + QByteArray(300, 'v') + "\r\nContent-Length: 2\r\n\r\n{}");
        const QByteArray second("HTTP/1.1 503 Busy\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n");
        for (int round = 0; round < 2; ++round) {
            for (char c : first)
                p.feed(&c, 1);
            QVERIFY(p.isDone());
            QCOMPARE(p.header("x-long-header"), QByteArray(300, 'v'));
            QCOMPARE(p.takeBody(), QByteArray("{}"));
            p.reset({});
            QCOMPARE(p.feed(second), second.size());
            QVERIFY(p.isDone());
            QCOMPARE(p.status(), 503);
            QCOMPARE(p.header("Retry-After"), QByteArray("1"));
            QVERIFY(p.header("Content-Type").isNull());
            QVERIFY(p.header("X-Long-Header").isNull());
            QVERIFY(p.body().isEmpty());
            p.reset({});
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "tst_httpresponseparser.moc"
