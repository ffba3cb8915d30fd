#include "server/httprequestparser.h"

#include <QTest>

using namespace gpupool::server;
using State = HeadParseResult::State;

class TestHttpParser : public QObject
{
    Q_OBJECT

private slots:
    void simpleGet();
    void lfOnlyLineEnds();
    void incompleteHeadNeedsMore();
    void pipelinedRequestsAreConsumedOneByOne();
    void leadingEmptyLinesAreIgnored();
    void queryIsSplitOffAndPathDecoded();
    void absoluteFormTarget();
    void keepAlive_data();
    void keepAlive();
    void contentLength();
    void refused_data();
    void refused();
    void headLimit();
    void headerCountLimit();
};

namespace {

HeadParseResult parse(QByteArrayView data, HttpLimits limits = {})
{
    return parseRequestHead(data, limits);
}

} // namespace

void TestHttpParser::simpleGet()
{
    const QByteArray raw = "GET /gpu/summary HTTP/1.1\r\nHost: example\r\nX-Multi:  a b \r\n\r\n";
    const HeadParseResult r = parse(raw);
    QCOMPARE(r.state, State::Complete);
    QCOMPARE(r.consumed, raw.size());
    QCOMPARE(r.request.method, QByteArray("GET"));
    QCOMPARE(r.request.target, QByteArray("/gpu/summary"));
    QCOMPARE(r.request.path, QStringLiteral("/gpu/summary"));
    QCOMPARE(r.request.versionMinor, 1);
    QCOMPARE(r.request.header("host"), QByteArray("example"));
    QCOMPARE(r.request.header("x-multi"), QByteArray("a b"));
    QVERIFY(r.request.header("absent").isNull());
    QVERIFY(r.request.keepAlive);
    QCOMPARE(r.request.contentLength, 0);
    QVERIFY(!r.request.isHead());
}

void TestHttpParser::lfOnlyLineEnds()
{
    const QByteArray raw = "HEAD /health HTTP/1.1\nHost: x\n\n";
    const HeadParseResult r = parse(raw);
    QCOMPARE(r.state, State::Complete);
    QCOMPARE(r.consumed, raw.size());
    QVERIFY(r.request.isHead());
}

void TestHttpParser::incompleteHeadNeedsMore()
{
    QCOMPARE(parse("").state, State::NeedMore);
    QCOMPARE(parse("GET / HTTP/1.1\r\nHost: x\r\n").state, State::NeedMore);
    QCOMPARE(parse("GET / HTTP/1.1\r\nHost: x\r\n\r").state, State::NeedMore);
}

void TestHttpParser::pipelinedRequestsAreConsumedOneByOne()
{
    const QByteArray first = "GET /a HTTP/1.1\r\n\r\n";
    const QByteArray raw = first + "GET /b HTTP/1.1\r\n\r\n";
    const HeadParseResult r = parse(raw);
    QCOMPARE(r.state, State::Complete);
    QCOMPARE(r.consumed, first.size());
    QCOMPARE(r.request.path, QStringLiteral("/a"));
    const HeadParseResult r2 = parse(QByteArrayView(raw).sliced(r.consumed));
    QCOMPARE(r2.request.path, QStringLiteral("/b"));
}

void TestHttpParser::leadingEmptyLinesAreIgnored()
{
    const QByteArray raw = "\r\n\r\nGET /a HTTP/1.1\r\n\r\n";
    const HeadParseResult r = parse(raw);
    QCOMPARE(r.state, State::Complete);
    QCOMPARE(r.consumed, raw.size());
    QCOMPARE(r.request.path, QStringLiteral("/a"));
}

void TestHttpParser::queryIsSplitOffAndPathDecoded()
{
    const HeadParseResult r = parse("GET /gpu%2Fsummary?x=1&y=%20 HTTP/1.1\r\n\r\n");
    QCOMPARE(r.state, State::Complete);
    QCOMPARE(r.request.path, QStringLiteral("/gpu/summary"));
    QCOMPARE(r.request.query, QByteArray("x=1&y=%20"));
    QCOMPARE(r.request.target, QByteArray("/gpu%2Fsummary?x=1&y=%20"));
}

void TestHttpParser::absoluteFormTarget()
{
    HeadParseResult r = parse("GET http://host:8000/health?q HTTP/1.1\r\n\r\n");
    QCOMPARE(r.state, State::Complete);
    QCOMPARE(r.request.path, QStringLiteral("/health"));
    QCOMPARE(r.request.query, QByteArray("q"));
    r = parse("GET http://host:8000 HTTP/1.1\r\n\r\n");
    QCOMPARE(r.request.path, QStringLiteral("/"));
}

void TestHttpParser::keepAlive_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nConnection: close\r\n\r\n") << false;
    QTest::newRow("1.1 Close, upgrade") << QByteArray("GET / HTTP/1.1\r\nconnection: Upgrade, CLOSE\r\n\r\n") << false;
    QTest::newRow("1.1 keep-alive") << QByteArray("GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n") << true;
    QTest::newRow("1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false;
}

void TestHttpParser::keepAlive()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, keepAlive);
    const HeadParseResult r = parse(raw);
    QCOMPARE(r.state, State::Complete);
    QCOMPARE(r.request.keepAlive, keepAlive);
}

void TestHttpParser::contentLength()
{
    HeadParseResult r = parse("GET / HTTP/1.1\r\nContent-Length: 12\r\n\r\n");
    QCOMPARE(r.state, State::Complete);
    QCOMPARE(r.request.contentLength, 12);
    r = parse("GET / HTTP/1.1\r\nContent-Length: 12\r\ncontent-length: 12\r\n\r\n");
    QCOMPARE(r.state, State::Complete);
    r = parse("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    QCOMPARE(r.state, State::Complete);
    QVERIFY(r.request.chunked);
}

void TestHttpParser::refused_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage") << QByteArray("BLAH\r\n\r\n") << 400;
    QTest::newRow("binary") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15) << 400;
    QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("missing version") << QByteArray("GET /\r\n\r\n") << 400;
    QTest::newRow("bad method") << QByteArray("G(T / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("not a path") << QByteArray("GET gpu HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("bad version") << QByteArray("GET / HTTX/1.1\r\n\r\n") << 400;
    QTest::newRow("http 2") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::newRow("folded") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << 400;
    QTest::newRow("bare CR") << QByteArray("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n") << 400;
    QTest::newRow("control char") << QByteArray("GET / HTTP/1.1\r\nA: b\x01\r\n\r\n") << 400;
    QTest::newRow("bad length") << QByteArray("GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n") << 400;
    QTest::newRow("negative length") << QByteArray("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("conflicting lengths") << QByteArray(
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                         << 400;
    QTest::newRow("length and chunked") << QByteArray(
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                        << 400;
}

void TestHttpParser::refused()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    const HeadParseResult r = parse(raw);
    QCOMPARE(r.state, State::Error);
    QCOMPARE(r.errorStatus, status);
    QVERIFY(!r.errorReason.isEmpty());
}

void TestHttpParser::headLimit()
{
    HttpLimits limits;
    limits.maxHeadBytes = 1024;
    const QByteArray big = "GET / HTTP/1.1\r\nX-Big: " + QByteArray(2000, 'a');
    // Refused as soon as the limit is passed, without waiting for the end.
    HeadParseResult r = parse(big, limits);
    QCOMPARE(r.state, State::Error);
    QCOMPARE(r.errorStatus, 431);
    r = parse(QByteArray(big + "\r\n\r\n"), limits);
    QCOMPARE(r.errorStatus, 431);
    // Up to the limit is fine.
    const QByteArray fits = "GET / HTTP/1.1\r\nX: " + QByteArray(1024 - 23, 'a') + "\r\n\r\n";
    QCOMPARE(fits.size(), 1024);
    QCOMPARE(parse(fits, limits).state, State::Complete);
    QCOMPARE(parse(fits.chopped(2), limits).state, State::NeedMore);
}

void TestHttpParser::headerCountLimit()
{
    HttpLimits limits;
    limits.maxHeaderCount = 3;
    QCOMPARE(parse("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits).state, State::Complete);
    const HeadParseResult r = parse("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits);
    QCOMPARE(r.state, State::Error);
    QCOMPARE(r.errorStatus, 431);
}

QTEST_GUILESS_MAIN(TestHttpParser)
#include "tst_server_httpparser.moc"
