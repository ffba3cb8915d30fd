// Client API key files: one key for every endpoint, or NAME=KEY lines; keys
// that contain '='; errors that name the file and never a key.
#include "endpoint/apikeyfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace gpupool::endpoint;

class TestApiKeyFile : public QObject
{
    Q_OBJECT

private slots:
    void oneKeyForEveryEndpoint();
    void namedKeysAndTheRest();
    void keysMayContainEquals();
    void badFilesAreRefusedWithoutQuotingAKey_data();
    void badFilesAreRefusedWithoutQuotingAKey();

private:
    QString write(const QByteArray &text)
    {
        const QString path = m_dir.filePath(QStringLiteral("keys%1").arg(++m_n));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
        return path;
    }
    ApiKeyFile load(const QByteArray &text)
    {
        auto r = ApiKeyFile::load(write(text), m_ids);
        if (const QString *e = std::get_if<QString>(&r))
            qFatal("unexpected: %s", qPrintable(*e));
        return std::get<ApiKeyFile>(r);
    }
    QTemporaryDir m_dir;
    int m_n = 0;
    const QStringList m_ids { QStringLiteral("gpu1"), QStringLiteral("gpu2"), QStringLiteral("gpu3") };
};

void TestApiKeyFile::oneKeyForEveryEndpoint()
{
    const ApiKeyFile keys = load("# lab key\n\n  s3cret-key  \n");
    QCOMPARE(keys.apiKey(QStringLiteral("gpu1")), QByteArray("s3cret-key"));
    QCOMPARE(keys.apiKey(QStringLiteral("anything")), QByteArray("s3cret-key"));
}

void TestApiKeyFile::namedKeysAndTheRest()
{
    ApiKeyFile keys = load("gpu1 = one\ngpu2=two\n");
    QCOMPARE(keys.apiKey(QStringLiteral("gpu1")), QByteArray("one"));
    QCOMPARE(keys.apiKey(QStringLiteral("gpu2")), QByteArray("two"));
    QCOMPARE(keys.apiKey(QStringLiteral("gpu3")), std::nullopt);
    keys = load("gpu1=one\n*=rest\n");
    QCOMPARE(keys.apiKey(QStringLiteral("gpu3")), QByteArray("rest"));
}

void TestApiKeyFile::keysMayContainEquals()
{
    // Base64 ends in '='; "abc" is no endpoint, so the whole line is the key.
    QCOMPARE(load("abc=def==\n").apiKey(QStringLiteral("gpu1")), QByteArray("abc=def=="));
    QCOMPARE(load("gpu2=ab=cd=\n").apiKey(QStringLiteral("gpu2")), QByteArray("ab=cd="));
}

void TestApiKeyFile::badFilesAreRefusedWithoutQuotingAKey_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << QByteArray("# nothing\n") << QStringLiteral("holds no key");
    QTest::newRow("two bare keys") << QByteArray("key-one\nkey-two\n")
                                   << QStringLiteral("2 keys without an endpoint name");
    QTest::newRow("bare and named") << QByteArray("key-one\ngpu1=key-two\n") << QStringLiteral("write *=KEY");
    QTest::newRow("name without key") << QByteArray("gpu1=\n") << QStringLiteral("line 1: no key after \"gpu1=\"");
}

void TestApiKeyFile::badFilesAreRefusedWithoutQuotingAKey()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, says);
    const QString path = write(text);
    auto r = ApiKeyFile::load(path, m_ids);
    const QString *error = std::get_if<QString>(&r);
    QVERIFY(error);
    QVERIFY2(error->contains(says), qPrintable(*error));
    QVERIFY(error->contains(path));
    QVERIFY(!error->contains(QLatin1String("key-one")) && !error->contains(QLatin1String("key-two")));
    auto missing = ApiKeyFile::load(m_dir.filePath(QStringLiteral("nonexistent")), m_ids);
    QVERIFY(std::holds_alternative<QString>(missing));
}

QTEST_GUILESS_MAIN(TestApiKeyFile)
#include "tst_apikeyfile.moc"
