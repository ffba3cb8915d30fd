#include "lease/redisurl.h"

#include <QTest>

using namespace gpupool::lease;

class TestRedisUrl : public QObject
{
    Q_OBJECT

private slots:
    void parsesTcp();
    void parsesUnix();
    void defaults();
    void historyKept();
    void refusesBadUrls_data();
    void refusesBadUrls();
    void passwordNeverShown();
    void keysAreUnderTheCluster();
};

void TestRedisUrl::parsesTcp()
{
    QString error;
    const auto u = RedisUrl::parse(QStringLiteral("redis://:pw%40x@127.0.0.1:6380/3?cluster=lab-a"), &error);
    QVERIFY2(u, qPrintable(error));
    QCOMPARE(u->host, QStringLiteral("127.0.0.1"));
    QCOMPARE(u->port, 6380);
    QCOMPARE(u->db, 3);
    QCOMPARE(u->cluster, QStringLiteral("lab-a"));
    QVERIFY(!u->isUnix());
    QCOMPARE(u->password, std::optional<QByteArray>("pw@x"));
    QVERIFY(u->user.isEmpty());

    const auto acl = RedisUrl::parse(QStringLiteral("redis://gpupool:pw@redis.lab/0"));
    QVERIFY(acl);
    QCOMPARE(acl->user, QStringLiteral("gpupool"));
    QCOMPARE(acl->port, RedisUrl::DefaultPort);
}

void TestRedisUrl::parsesUnix()
{
    const auto u = RedisUrl::parse(QStringLiteral("unix:///run/redis/r.sock?cluster=c1&db=2&password=x"));
    QVERIFY(u);
    QVERIFY(u->isUnix());
    QCOMPARE(u->socketPath, QStringLiteral("/run/redis/r.sock"));
    QCOMPARE(u->db, 2);
    QCOMPARE(u->cluster, QStringLiteral("c1"));
    QCOMPARE(u->password, std::optional<QByteArray>("x"));
    QCOMPARE(u->toDisplayString(), QStringLiteral("unix:///run/redis/r.sock?cluster=c1&db=2"));
    QCOMPARE(u->secretId(), QStringLiteral("redis:unix:///run/redis/r.sock"));
}

void TestRedisUrl::defaults()
{
    const auto u = RedisUrl::parse(QStringLiteral("redis://localhost"));
    QVERIFY(u);
    QCOMPARE(u->port, 6379);
    QCOMPARE(u->db, 0);
    QCOMPARE(u->cluster, QStringLiteral("default"));
    QVERIFY(!u->password);
    QCOMPARE(u->toDisplayString(), QStringLiteral("redis://localhost:6379/0?cluster=default"));
    QCOMPARE(u->secretId(), QStringLiteral("redis:redis://localhost:6379/0"));
    QVERIFY(RedisUrl::looksLikeRedis(QStringLiteral("unix:///x")));
    QVERIFY(!RedisUrl::looksLikeRedis(QStringLiteral("/home/a/leases.sqlite")));
}

void TestRedisUrl::historyKept()
{
    QVERIFY(!RedisUrl::parse(QStringLiteral("redis://h"))->historyKept); // the store's default
    const auto u = RedisUrl::parse(QStringLiteral("redis://h/0?cluster=lab&history=250000"));
    QVERIFY(u);
    QCOMPARE(u->historyKept, std::optional<int>(250000));
    QCOMPARE(u->toDisplayString(), QStringLiteral("redis://h:6379/0?cluster=lab&history=250000"));
    QCOMPARE(u->secretId(), QStringLiteral("redis:redis://h:6379/0")); // the keyring's name does not change
    const auto x = RedisUrl::parse(QStringLiteral("unix:///r.sock?history=1&cluster=c"));
    QVERIFY(x);
    QCOMPARE(x->historyKept, std::optional<int>(1));
    QCOMPARE(x->toDisplayString(), QStringLiteral("unix:///r.sock?cluster=c&history=1"));
}

void TestRedisUrl::refusesBadUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("tls") << QStringLiteral("rediss://h:6379") << QStringLiteral("TLS");
    QTest::newRow("scheme") << QStringLiteral("http://h:6379") << QStringLiteral("\"http\"");
    QTest::newRow("no host") << QStringLiteral("redis://") << QStringLiteral("no host");
    QTest::newRow("db") << QStringLiteral("redis://h/x") << QStringLiteral("\"x\"");
    QTest::newRow("negative db") << QStringLiteral("redis://h/-1") << QStringLiteral("\"-1\"");
    QTest::newRow("cluster") << QStringLiteral("redis://h/0?cluster=a%20b") << QStringLiteral("\"a b\"");
    QTest::newRow("empty cluster") << QStringLiteral("redis://h/0?cluster=") << QStringLiteral("cluster name");
    QTest::newRow("unknown option") << QStringLiteral("redis://h/0?clutser=a") << QStringLiteral("clutser");
    QTest::newRow("history 0") << QStringLiteral("redis://h/0?history=0") << QStringLiteral("from 1 to 10000000");
    QTest::newRow("history word") << QStringLiteral("redis://h/0?history=all") << QStringLiteral("history=\"all\"");
    QTest::newRow("history too many") << QStringLiteral("redis://h/0?history=10000001")
                                      << QStringLiteral("whole number of ended leases");
    QTest::newRow("unix host") << QStringLiteral("unix://host/x.sock") << QStringLiteral("three slashes");
    QTest::newRow("unix relative") << QStringLiteral("unix:r.sock") << QStringLiteral("socket path");
}

void TestRedisUrl::refusesBadUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, mentions);
    QString error;
    QVERIFY(!RedisUrl::parse(url, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void TestRedisUrl::passwordNeverShown()
{
    QString error;
    const auto u = RedisUrl::parse(QStringLiteral("redis://:topsecret@h:1/0?cluster=x"));
    QVERIFY(u);
    QVERIFY(!u->toDisplayString().contains(QStringLiteral("topsecret")));
    QVERIFY(!u->secretId().contains(QStringLiteral("topsecret")));
    QVERIFY(!RedisUrl::parse(QStringLiteral("rediss://:topsecret@h:1/0"), &error));
    QVERIFY2(!error.contains(QStringLiteral("topsecret")), qPrintable(error));
}

void TestRedisUrl::keysAreUnderTheCluster()
{
    QCOMPARE(RedisUrl::parse(QStringLiteral("redis://h/0?cluster=lab.1"))->keyPrefix(), QByteArray("gpupool:{lab.1}:"));
}

QTEST_GUILESS_MAIN(TestRedisUrl)
#include "tst_redisurl.moc"
