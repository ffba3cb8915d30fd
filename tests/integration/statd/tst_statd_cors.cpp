// CORS on a real gpupool-statd, as the predecessor's server had it (Starlette's
// CORSMiddleware, every origin): a page's GET gets Allow-Origin, a preflight is
// answered before the API key check, --cors-origin narrows the origins,
// --no-cors and ENABLE_CORS=false turn it off, and /config says which.
#include "statdtesting.h"

#include <QTemporaryDir>
#include <QTest>

using namespace gpupool::statd::testing;

namespace {

const QByteArray kPage = "https://dash.lab:8443";

Request preflight(const QByteArray &origin, const QByteArray &headers = "x-api-key")
{
    Request r;
    r.verb = "OPTIONS";
    r.headers = { { "Origin", origin }, { "Access-Control-Request-Method", "GET" } };
    if (!headers.isEmpty())
        r.headers.append(qMakePair(QByteArray("Access-Control-Request-Headers"), headers));
    return r;
}

Request fromPage(const QByteArray &origin = kPage)
{
    Request r;
    r.headers = { { "Origin", origin } };
    return r;
}

} // namespace

class TestStatdCors : public QObject
{
    Q_OBJECT

private slots:
    void anyOriginByDefault();
    void preflightNeedsNoKey();
    void namedOriginsOnly();
    void offByOptionOrEnvironment();

private:
    QString start(Statd &statd)
    {
        const QString base = statd.readLine();
        if (base.isEmpty())
            qWarning().noquote() << statd.standardError();
        return base;
    }
    QStringList simulated() const
    {
        return { QStringLiteral("--simulate"), QStringLiteral("2"), QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1:0") };
    }
    QNetworkAccessManager m_nam;
};

void TestStatdCors::anyOriginByDefault()
{
    Statd statd(simulated());
    const QString base = start(statd);
    QVERIFY(!base.isEmpty());
    Reply r = fetch(m_nam, base + QLatin1String("/gpu/summary"), fromPage());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("*"));
    QVERIFY(r.header("Access-Control-Allow-Credentials").isEmpty()); // no cookies here: deliberately not sent
    // Without an Origin nothing changes: the data paths stay byte-identical.
    r = fetch(m_nam, base + QLatin1String("/gpu/summary"));
    QVERIFY(r.header("Access-Control-Allow-Origin").isEmpty());
    // Even an error is readable by the page.
    r = fetch(m_nam, base + QLatin1String("/nope"), fromPage());
    QCOMPARE(r.status, 404);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("*"));

    r = fetch(m_nam, base + QLatin1String("/gpu/summary"), preflight(kPage, "X-API-Key, Content-Type"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("*"));
    QCOMPARE(r.header("Access-Control-Allow-Methods"), QByteArray("GET, HEAD, OPTIONS"));
    QCOMPARE(r.header("Access-Control-Allow-Headers"), QByteArray("x-api-key, content-type"));
    QCOMPARE(r.header("Access-Control-Max-Age"), QByteArray("600"));
    // A header nobody allows, or another method: refused, as Starlette does.
    r = fetch(m_nam, base + QLatin1String("/gpu/summary"), preflight(kPage, "x-evil"));
    QCOMPARE(r.status, 400);
    QVERIFY2(r.body.startsWith("Disallowed CORS headers"), r.body.constData());
    Request del = preflight(kPage, {});
    del.headers[1].second = "DELETE";
    QCOMPARE(fetch(m_nam, base + QLatin1String("/gpu/summary"), del).status, 400);
    // A plain OPTIONS is no preflight: still 405.
    Request plain;
    plain.verb = "OPTIONS";
    QCOMPARE(fetch(m_nam, base + QLatin1String("/gpu/summary"), plain).status, 405);

    QVERIFY(fetch(m_nam, base + QLatin1String("/config")).body.contains("\"enable_cors\":true"));
}

void TestStatdCors::preflightNeedsNoKey()
{
    QTemporaryDir dir;
    QFile keys(dir.filePath(QStringLiteral("keys")));
    QVERIFY(keys.open(QIODevice::WriteOnly));
    keys.write("cors-test-key-0123456789\n");
    keys.close();
    Statd statd(simulated() + QStringList { QStringLiteral("--api-key-file"), keys.fileName() });
    const QString base = start(statd);
    QVERIFY(!base.isEmpty());
    // The browser asks first, without the key; then sends it.
    Reply r = fetch(m_nam, base + QLatin1String("/gpu/summary"), preflight(kPage));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Access-Control-Allow-Headers"), QByteArray("x-api-key"));
    Request withKey = fromPage();
    withKey.headers.append(qMakePair(QByteArray("X-API-Key"), QByteArray("cors-test-key-0123456789")));
    r = fetch(m_nam, base + QLatin1String("/gpu/summary"), withKey);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("*"));
    // Without the key: 401, and the page can read why.
    r = fetch(m_nam, base + QLatin1String("/gpu/summary"), fromPage());
    QCOMPARE(r.status, 401);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("*"));
}

void TestStatdCors::namedOriginsOnly()
{
    Statd statd(simulated()
                + QStringList { QStringLiteral("--cors-origin"),
                                QString::fromLatin1(kPage) + QStringLiteral(",http://localhost:3000") });
    const QString base = start(statd);
    QVERIFY(!base.isEmpty());
    Reply r = fetch(m_nam, base + QLatin1String("/gpu/summary"), fromPage());
    QCOMPARE(r.header("Access-Control-Allow-Origin"), kPage);
    QCOMPARE(r.header("Vary"), QByteArray("Origin"));
    r = fetch(m_nam, base + QLatin1String("/gpu/summary"), fromPage("https://elsewhere.example"));
    QCOMPARE(r.status, 200); // served; the browser keeps it from the page
    QVERIFY(r.header("Access-Control-Allow-Origin").isEmpty());
    r = fetch(m_nam, base + QLatin1String("/gpu/summary"), preflight("https://elsewhere.example"));
    QCOMPARE(r.status, 400);
    QVERIFY(r.body.startsWith("Disallowed CORS origin"));
    r = fetch(m_nam, base + QLatin1String("/gpu/summary"), preflight("http://localhost:3000"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:3000"));
}

void TestStatdCors::offByOptionOrEnvironment()
{
    for (int way = 0; way < 2; ++way) {
        QProcessEnvironment env;
        QStringList args = simulated();
        if (way == 0)
            args.append(QStringLiteral("--no-cors"));
        else
            env.insert(QStringLiteral("ENABLE_CORS"), QStringLiteral("false"));
        Statd statd(args, env);
        const QString base = start(statd);
        QVERIFY(!base.isEmpty());
        const Reply r = fetch(m_nam, base + QLatin1String("/gpu/summary"), fromPage());
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Access-Control-Allow-Origin").isEmpty());
        QCOMPARE(fetch(m_nam, base + QLatin1String("/gpu/summary"), preflight(kPage)).status, 405);
        QVERIFY(fetch(m_nam, base + QLatin1String("/config")).body.contains("\"enable_cors\":false"));
    }
}

QTEST_GUILESS_MAIN(TestStatdCors)
#include "tst_statd_cors.moc"
