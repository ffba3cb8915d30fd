#include "rawhttpclient.h"
#include "server/httpserver.h"

#include <gpupool/version.h>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace gpupool::server;
using namespace gpupool::server::testing;

namespace {

// Counts the connections it accepted, to show that createTcpServer() is used.
class CountingTcpServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    int accepted = 0;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        ++accepted;
        QTcpServer::incomingConnection(descriptor);
    }
};

class CountingHttpServer : public HttpServer
{
public:
    CountingTcpServer *tcp = nullptr;

protected:
    QTcpServer *createTcpServer() override
    {
        tcp = new CountingTcpServer(this);
        return tcp;
    }
};

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void getAnswersWithHeaders();
    void keepAliveServesTwoRequestsOnOneConnection();
    void pipelinedRequestsAreAnsweredInOrder();
    void headHasHeadersButNoBody();
    void unknownPathIs404();
    void otherMethodIs405WithAllow();
    void queryStringIsIgnored();
    void trailingSlashRedirects();
    void garbageIs400AndCloses();
    void oversizedHeadIs431AndCloses();
    void connectionCloseIsHonoured();
    void http10Closes();
    void smallBodyOnGetIsSkipped();
    void chunkedBodyIsAnsweredThenClosed();
    void idleConnectionIsClosed();
    void requestFilterCanRefuse();
    void manyConnections();
    void connectionLimitQueuesTheRest();
    void createTcpServerHookIsUsed();
    void listenFailsOnPortInUse();
    void closeDropsConnections();

private:
    void startServer(HttpLimits limits = {});

    std::unique_ptr<HttpServer> m_server;
    int m_handled = 0;
};

void TestHttpServer::init()
{
    m_handled = 0;
}

void TestHttpServer::cleanup()
{
    m_server.reset();
}

void TestHttpServer::startServer(HttpLimits limits)
{
    m_server = std::make_unique<HttpServer>();
    m_server->setLimits(limits);
    m_server->route(QStringLiteral("/hello"), [this](const HttpRequest &) {
        ++m_handled;
        return HttpResponse::json(200, QByteArrayLiteral("{\"hello\":\"world\"}"));
    });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    QVERIFY(m_server->serverPort() != 0);
}

void TestHttpServer::getAnswersWithHeaders()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send(get("/hello"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->body, QByteArray("{\"hello\":\"world\"}"));
    QCOMPARE(r->header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(r->header("Content-Length"), QByteArray::number(r->body.size()));
    QCOMPARE(r->header("Server"), QByteArray("gpupool-statd/" GPUPOOL_VERSION));
    const QRegularExpression date(
        QStringLiteral("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
                       "Sep|Oct|Nov|Dec) \\d{4} \\d\\d:\\d\\d:\\d\\d GMT$"));
    QVERIFY2(date.match(QString::fromLatin1(r->header("Date"))).hasMatch(), r->header("Date").constData());
    QVERIFY(r->header("Connection").isNull());
}

void TestHttpServer::keepAliveServesTwoRequestsOnOneConnection()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send(get("/hello"));
    QCOMPARE(statusOf(c.read()), 200);
    QVERIFY(c.isConnected());
    c.send(get("/hello"));
    const auto second = c.read();
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    QVERIFY(c.isConnected());
    QCOMPARE(m_server->connectionCount(), 1);
    QCOMPARE(m_handled, 2);
}

void TestHttpServer::pipelinedRequestsAreAnsweredInOrder()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send(get("/hello") + get("/missing") + get("/hello"));
    QCOMPARE(statusOf(c.read()), 200);
    QCOMPARE(statusOf(c.read()), 404);
    QCOMPARE(statusOf(c.read()), 200);
}

void TestHttpServer::headHasHeadersButNoBody()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto head = c.read(true);
    QVERIFY(head);
    QCOMPARE(head->status, 200);
    QCOMPARE(head->header("Content-Length"), QByteArray("17"));
    QCOMPARE(head->header("Content-Type"), QByteArray("application/json"));
    // Had a body been sent, it would now be read as the next response's start.
    c.send(get("/hello"));
    const auto next = c.read();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
    QCOMPARE(next->body.size(), 17);
    QVERIFY(c.leftover().isEmpty());
}

void TestHttpServer::unknownPathIs404()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send(get("/nope"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 404);
    QCOMPARE(r->body, QByteArray("{\"detail\":\"Not Found\"}"));
    QCOMPARE(r->header("Content-Type"), QByteArray("application/json"));
    // Unknown path wins over unknown method, as in Starlette.
    c.send("DELETE /nope HTTP/1.1\r\n\r\n");
    QCOMPARE(statusOf(c.read()), 404);
    QVERIFY(c.isConnected());
}

void TestHttpServer::otherMethodIs405WithAllow()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 405);
    QCOMPARE(r->body, QByteArray("{\"detail\":\"Method Not Allowed\"}"));
    QCOMPARE(r->header("Allow"), QByteArray("GET, HEAD"));
    QCOMPARE(m_handled, 0);
    // A method name is case-sensitive: "get" is not GET.
    c.send("get /hello HTTP/1.1\r\n\r\n");
    QCOMPARE(statusOf(c.read()), 405);
}

void TestHttpServer::queryStringIsIgnored()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send(get("/hello?verbose=1&x"));
    QCOMPARE(statusOf(c.read()), 200);
}

void TestHttpServer::trailingSlashRedirects()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send(get("/hello/?a=1"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 307);
    QCOMPARE(r->header("Location"), QByteArray("/hello?a=1"));
    QCOMPARE(r->header("Content-Length"), QByteArray("0"));
}

void TestHttpServer::garbageIs400AndCloses()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send("this is not http\r\n\r\n");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 400);
    QCOMPARE(r->body, QByteArray("{\"detail\":\"Bad Request\"}"));
    QCOMPARE(r->header("Connection"), QByteArray("close"));
    QVERIFY(c.waitClosedByServer());
}

void TestHttpServer::oversizedHeadIs431AndCloses()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send("GET /hello HTTP/1.1\r\nX-Big: " + QByteArray(20 * 1024, 'a') + "\r\n\r\n");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 431);
    QVERIFY(c.waitClosedByServer());
    QCOMPARE(m_handled, 0);
}

void TestHttpServer::connectionCloseIsHonoured()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send(get("/hello", "Connection: close\r\n"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("Connection"), QByteArray("close"));
    QVERIFY(c.waitClosedByServer());
}

void TestHttpServer::http10Closes()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send("GET /hello HTTP/1.0\r\n\r\n");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QVERIFY(c.waitClosedByServer());
}

void TestHttpServer::smallBodyOnGetIsSkipped()
{
    startServer();
    RawClient c(m_server->serverPort());
    // The body looks like a request: it must be skipped, not answered.
    const QByteArray body = get("/nope");
    c.send(get("/hello", "Content-Length: " + QByteArray::number(body.size()) + "\r\n") + body);
    QCOMPARE(statusOf(c.read()), 200);
    c.send(get("/hello"));
    QCOMPARE(statusOf(c.read()), 200);
    QCOMPARE(m_handled, 2);
    QVERIFY(c.leftover().isEmpty());
}

void TestHttpServer::chunkedBodyIsAnsweredThenClosed()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send(get("/hello", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("Connection"), QByteArray("close"));
    QVERIFY(c.waitClosedByServer());
}

void TestHttpServer::idleConnectionIsClosed()
{
    HttpLimits limits;
    limits.idleTimeoutMs = 50;
    startServer(limits);
    RawClient c(m_server->serverPort());
    QVERIFY(c.waitConnected());
    c.send(get("/hello"));
    QCOMPARE(statusOf(c.read()), 200);
    QVERIFY(c.waitClosedByServer());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, timeoutMs);

    // A client that trickles a head never completes it: closed all the same.
    RawClient slow(m_server->serverPort());
    QVERIFY(slow.waitConnected());
    slow.send("GET /hel");
    QVERIFY(slow.waitClosedByServer());
}

void TestHttpServer::requestFilterCanRefuse()
{
    startServer();
    m_server->setRequestFilter([](const HttpRequest &r) -> std::optional<HttpResponse> {
        if (r.header("x-api-key") == "secret")
            return std::nullopt;
        return HttpResponse::detail(401, QStringLiteral("Not authenticated"));
    });
    RawClient c(m_server->serverPort());
    c.send(get("/hello"));
    const auto refused = c.read();
    QVERIFY(refused);
    QCOMPARE(refused->status, 401);
    QCOMPARE(refused->body, QByteArray("{\"detail\":\"Not authenticated\"}"));
    c.send(get("/hello", "X-API-Key: secret\r\n"));
    QCOMPARE(statusOf(c.read()), 200);
}

void TestHttpServer::manyConnections()
{
    startServer();
    constexpr int count = 300;
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < count; ++i) {
        clients.push_back(std::make_unique<RawClient>(m_server->serverPort()));
        clients.back()->send(get("/hello"));
    }
    for (auto &c : clients) {
        const auto r = c->read();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
    }
    QCOMPARE(m_handled, count);
    QCOMPARE(m_server->connectionCount(), count);
    clients.clear();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, timeoutMs);
}

void TestHttpServer::connectionLimitQueuesTheRest()
{
    HttpLimits limits;
    limits.maxConnections = 1;
    startServer(limits);
    auto first = std::make_unique<RawClient>(m_server->serverPort());
    first->send(get("/hello"));
    QCOMPARE(statusOf(first->read()), 200);

    RawClient second(m_server->serverPort());
    second.send(get("/hello"));
    QVERIFY(second.waitConnected()); // the kernel accepts; the server waits
    QCOMPARE(m_server->connectionCount(), 1);
    first.reset();
    const auto r = second.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(m_server->connectionCount(), 1);
}

void TestHttpServer::createTcpServerHookIsUsed()
{
    CountingHttpServer server;
    server.route(QStringLiteral("/x"), [](const HttpRequest &) { return HttpResponse::json(200, "{}"); });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(server.tcp);
    RawClient c(server.serverPort());
    c.send(get("/x"));
    QCOMPARE(statusOf(c.read()), 200);
    QCOMPARE(server.tcp->accepted, 1);
}

void TestHttpServer::listenFailsOnPortInUse()
{
    startServer();
    HttpServer second;
    QVERIFY(!second.listen(QHostAddress::LocalHost, m_server->serverPort()));
    QCOMPARE(second.serverError(), QAbstractSocket::AddressInUseError);
    QVERIFY(!second.errorString().isEmpty());
    QVERIFY(!second.isListening());
}

void TestHttpServer::closeDropsConnections()
{
    startServer();
    RawClient c(m_server->serverPort());
    c.send(get("/hello"));
    QCOMPARE(statusOf(c.read()), 200);
    m_server->close();
    QVERIFY(!m_server->isListening());
    QCOMPARE(m_server->connectionCount(), 0);
    QVERIFY(c.waitClosedByServer());
}

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_server_httpserver.moc"
