// gpupool-statd's API keys: the file's rules, both header forms, refusals.
#include "server/apikeys.h"

#include <QTemporaryDir>
#include <QTest>

using namespace gpupool::server;

namespace {
HttpRequest withHeader(const char *name, const QByteArray &value)
{
    HttpRequest r;
    r.method = "GET";
    r.path = QStringLiteral("/gpu/summary");
    r.headers.append({ QByteArray(name), value });
    return r;
}

const QByteArray kKey = "k3y-0123456789abcdef";
} // namespace

class TestApiKeys : public QObject
{
    Q_OBJECT

private slots:
    void acceptsBothHeaderForms()
    {
        const ApiKeys keys = ApiKeys::fromKeys({ kKey, "another-key-0123456789" });
        QVERIFY(keys.accepts(withHeader("x-api-key", kKey)));
        QVERIFY(keys.accepts(withHeader("authorization", "Bearer " + kKey)));
        QVERIFY(keys.accepts(withHeader("authorization", "bearer another-key-0123456789")));
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("none") << QByteArray("accept") << QByteArray("*/*");
        QTest::newRow("wrong") << QByteArray("x-api-key") << QByteArray("k3y-0123456789abcdeX");
        QTest::newRow("prefix") << QByteArray("x-api-key") << kKey.left(10);
        QTest::newRow("longer") << QByteArray("x-api-key") << kKey + "x";
        QTest::newRow("empty") << QByteArray("x-api-key") << QByteArray();
        QTest::newRow("basic scheme") << QByteArray("authorization") << "Basic " + kKey;
        QTest::newRow("bearer alone") << QByteArray("authorization") << QByteArray("Bearer ");
    }

    void refuses()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        const ApiKeys keys = ApiKeys::fromKeys({ kKey });
        QVERIFY(!keys.accepts(withHeader(header.constData(), value)));
    }

    void unauthorizedResponse()
    {
        const HttpResponse r = ApiKeys::unauthorized();
        QCOMPARE(r.status, 401);
        QCOMPARE(r.body, QByteArray(R"({"detail":"Not authenticated"})"));
        QVERIFY(r.headers.contains(qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer"))));
    }

    void constantTimeCompare()
    {
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("abc", "ab"));
        QVERIFY(constantTimeEquals("", ""));
    }

    void loadsFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("keys"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# team keys\n\n  " + kKey + "  \nsecond-key-abcdefghijkl\n");
        f.close();
        const auto loaded = ApiKeys::loadFile(path);
        QVERIFY(std::holds_alternative<ApiKeys>(loaded));
        QCOMPARE(std::get<ApiKeys>(loaded).size(), 2);
        QVERIFY(std::get<ApiKeys>(loaded).accepts(withHeader("x-api-key", kKey)));
    }

    void fileErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("empty") << QByteArray("# nothing\n\n") << QStringLiteral("holds no key");
        QTest::newRow("short") << QByteArray("short\n") << QStringLiteral("line 1: a key must be at least 16");
        QTest::newRow("space") << QByteArray("# c\nhas a space inside it\n")
                               << QStringLiteral("line 2: a key may hold only printable");
    }

    void fileErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, messagePart);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("keys"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        const auto loaded = ApiKeys::loadFile(path);
        QVERIFY(std::holds_alternative<QString>(loaded));
        QVERIFY2(std::get<QString>(loaded).contains(messagePart), qPrintable(std::get<QString>(loaded)));
        QVERIFY(std::get<QString>(loaded).contains(path));
    }

    void missingFile()
    {
        const auto loaded = ApiKeys::loadFile(QStringLiteral("/nonexistent/keys"));
        QVERIFY(std::get<QString>(loaded).startsWith(QLatin1String("cannot read the API key file /nonexistent/keys")));
    }
};

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_server_apikeys.moc"
