// The small rules around a poll: failure classification and the reasons
// people read, same-origin redirects, certificate pins, URL redaction, the
// offline detector.
#include "endpoint/failure.h"
#include "endpoint/httpsafety.h"
#include "endpoint/offlinedetector.h"
#include "endpoint/poller.h"
#include "endpoint/secretstore.h"

#include <QDateTime>
#include <QTest>

using namespace gpupool::endpoint;

class TestEndpointRules : public QObject
{
    Q_OBJECT

private slots:
    void classification()
    {
        QVERIFY(isConfigProblem(FailureKind::AuthError));
        QVERIFY(isConfigProblem(FailureKind::NotFound));
        QVERIFY(!isBreakerFailure(FailureKind::AuthError));
        QVERIFY(!isBreakerFailure(FailureKind::NotFound));
        for (FailureKind k :
             { FailureKind::ConnectionRefused, FailureKind::ConnectionReset, FailureKind::HostNotFound,
               FailureKind::Timeout, FailureKind::Tls, FailureKind::HttpServerError, FailureKind::RateLimited,
               FailureKind::ServerError, FailureKind::Malformed, FailureKind::TooLarge, FailureKind::Schema,
               FailureKind::WrongContentType, FailureKind::RedirectRefused })
            QVERIFY2(isBreakerFailure(k), qPrintable(kindName(k)));
        QVERIFY(isLocalError(FailureKind::ConnectionRefused));
        QVERIFY(isLocalError(FailureKind::HostNotFound));
        QVERIFY(isLocalError(FailureKind::NetworkUnreachable));
        QVERIFY(!isLocalError(FailureKind::Timeout));
        QVERIFY(!isLocalError(FailureKind::HttpServerError));
    }

    void httpStatusReasons_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<FailureKind>("kind");
        QTest::addColumn<QString>("text");
        QTest::newRow("401") << 401 << FailureKind::AuthError << QStringLiteral("auth error (HTTP 401)");
        QTest::newRow("403") << 403 << FailureKind::AuthError << QStringLiteral("auth error (HTTP 403)");
        QTest::newRow("404") << 404 << FailureKind::NotFound
                             << QStringLiteral("wrong URL or not a GPU statistics server (HTTP 404)");
        QTest::newRow("429") << 429 << FailureKind::RateLimited << QStringLiteral("rate limited (HTTP 429)");
        QTest::newRow("500") << 500 << FailureKind::HttpServerError << QStringLiteral("server error (HTTP 500)");
        QTest::newRow("503") << 503 << FailureKind::HttpServerError << QStringLiteral("server error (HTTP 503)");
        QTest::newRow("405") << 405 << FailureKind::HttpOther << QStringLiteral("unexpected HTTP status 405");
    }
    void httpStatusReasons()
    {
        QFETCH(int, status);
        QFETCH(FailureKind, kind);
        QFETCH(QString, text);
        const PollFailure f = failureForHttpStatus(status);
        QCOMPARE(f.kind, kind);
        QCOMPARE(f.text, text);
        QCOMPARE(f.httpStatus, status);
    }

    void otherReasons()
    {
        QCOMPARE(failureForTimeout(10'000).text, QStringLiteral("timeout after 10 s"));
        QCOMPARE(failureForTimeout(300).text, QStringLiteral("timeout after 0.3 s"));
        QCOMPARE(failureForTimeout(2'500).text, QStringLiteral("timeout after 2.5 s"));
        QCOMPARE(failureForTooLarge(4 * 1024 * 1024).text, QStringLiteral("response larger than 4 MiB, cut off"));
        QCOMPARE(formatBytes(1000), QStringLiteral("1000 bytes"));
        gpupool::stats::ParseError server { gpupool::stats::ParseError::Kind::ServerError, QStringLiteral("error"),
                                            QStringLiteral("nvidia-smi not available") };
        QCOMPARE(failureForParseError(server).text, QStringLiteral("server says: nvidia-smi not available"));
        QCOMPARE(failureForParseError(server).kind, FailureKind::ServerError);
        gpupool::stats::ParseError schema { gpupool::stats::ParseError::Kind::Schema,
                                            QStringLiteral("gpus_summary[0].gpu_id"), QStringLiteral("must be >= 0") };
        QCOMPARE(failureForParseError(schema).kind, FailureKind::Schema);
        QVERIFY(failureForParseError(schema).text.contains(QStringLiteral("gpus_summary[0].gpu_id")));
    }

    void sameOrigin()
    {
        const QUrl base(QStringLiteral("http://gpu1:8000/gpu/summary"));
        QVERIFY(isSameOrigin(base, QUrl(QStringLiteral("http://gpu1:8000/other"))));
        QVERIFY(isSameOrigin(base, QUrl(QStringLiteral("HTTP://GPU1:8000/x"))));
        QVERIFY(!isSameOrigin(base, QUrl(QStringLiteral("http://gpu2:8000/gpu/summary"))));
        QVERIFY(!isSameOrigin(base, QUrl(QStringLiteral("http://gpu1:8001/gpu/summary"))));
        QVERIFY(!isSameOrigin(base, QUrl(QStringLiteral("https://gpu1:8000/gpu/summary"))));
        // https -> http is never the same origin, even on the same host.
        QVERIFY(!isSameOrigin(QUrl(QStringLiteral("https://gpu1/gpu/summary")),
                              QUrl(QStringLiteral("http://gpu1/gpu/summary"))));
        // Default ports made explicit.
        QVERIFY(isSameOrigin(QUrl(QStringLiteral("https://gpu1/a")), QUrl(QStringLiteral("https://gpu1:443/b"))));
        QVERIFY(isSameOrigin(QUrl(QStringLiteral("http://gpu1/a")), QUrl(QStringLiteral("http://gpu1:80/b"))));
        QVERIFY(!isSameOrigin(base, QUrl()));
    }

    void redaction()
    {
        const QUrl u(QStringLiteral("https://user:secret@gpu1:8443/gpu/summary?token=abc#frag"));
        const QString r = redactedUrl(u);
        QCOMPARE(r, QStringLiteral("https://gpu1:8443/gpu/summary"));
    }

    void retryAfter()
    {
        const qint64 now = QDateTime(QDate(1994, 11, 6), QTime(8, 49, 0), Qt::UTC).toMSecsSinceEpoch();
        QCOMPARE(parseRetryAfterMs("120", now), std::optional<qint64>(120'000));
        QCOMPARE(parseRetryAfterMs(" 0 ", now), std::optional<qint64>(0));
        QCOMPARE(parseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", now), std::optional<qint64>(37'000));
        QCOMPARE(parseRetryAfterMs("Sun, 06 Nov 1994 08:00:00 GMT", now), std::optional<qint64>(0)); // past
        QCOMPARE(parseRetryAfterMs("99999999999999999999", now), std::optional<qint64>(999'999'999'000LL));
        QCOMPARE(parseRetryAfterMs("", now), std::nullopt);
        QCOMPARE(parseRetryAfterMs("-5", now), std::nullopt);
        QCOMPARE(parseRetryAfterMs("1.5", now), std::nullopt);
        QCOMPARE(parseRetryAfterMs("soon", now), std::nullopt);
    }

    void fingerprints()
    {
        const QString colons = QStringLiteral(
            "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89");
        const auto digest = parseSha256Fingerprint(colons);
        QVERIFY(digest);
        QCOMPARE(digest->size(), 32);
        QCOMPARE(formatSha256Fingerprint(*digest), colons);
        QCOMPARE(parseSha256Fingerprint(colons.toLower().remove(QLatin1Char(':'))), digest);
        QVERIFY(!parseSha256Fingerprint(QStringLiteral("AB:CD")));
        QVERIFY(!parseSha256Fingerprint(colons.left(colons.size() - 1) + QLatin1Char('G')));
        // A pin never excuses a missing certificate or an expired one.
        QVERIFY(!pinExcuses(*digest, QSslCertificate(), {}));
        QVERIFY(isExcusableByPin(QSslError::SelfSignedCertificate));
        QVERIFY(isExcusableByPin(QSslError::HostNameMismatch));
        QVERIFY(!isExcusableByPin(QSslError::CertificateExpired));
        QVERIFY(!isExcusableByPin(QSslError::CertificateRevoked));
        QVERIFY(!isExcusableByPin(QSslError::CertificateSignatureFailed));
    }

    void endpointUrls()
    {
        QCOMPARE(Poller::endpointUrl(QUrl(QStringLiteral("http://gpu1:8000")), QStringLiteral("/gpu/summary")),
                 QUrl(QStringLiteral("http://gpu1:8000/gpu/summary")));
        QCOMPARE(Poller::endpointUrl(QUrl(QStringLiteral("https://proxy/gpustats/")), QStringLiteral("/health")),
                 QUrl(QStringLiteral("https://proxy/gpustats/health")));
    }

    void secretStore()
    {
        InMemorySecretStore s;
        QVERIFY(!s.apiKey(QStringLiteral("a")));
        s.setApiKey(QStringLiteral("a"), "k1");
        QCOMPARE(*s.apiKey(QStringLiteral("a")), QByteArray("k1"));
        s.removeApiKey(QStringLiteral("a"));
        QVERIFY(!s.apiKey(QStringLiteral("a")));
    }

    void offlineNeedsHalfTheEndpoints()
    {
        OfflineDetector d(1'000);
        d.setEndpointCount(4);
        d.report(QStringLiteral("a"), true, 0);
        QVERIFY(!d.looksOffline(0));
        d.report(QStringLiteral("b"), true, 10);
        QVERIFY(d.looksOffline(10)); // 2 of 4
        d.report(QStringLiteral("b"), false, 20);
        QVERIFY(!d.looksOffline(20));
        QCOMPARE(d.localFailures(20), 1);
    }

    void offlineNeedsTwo()
    {
        // One dead server of two never makes the machine look offline.
        OfflineDetector d(1'000);
        d.setEndpointCount(2);
        d.report(QStringLiteral("a"), true, 0);
        QVERIFY(!d.looksOffline(0));
        d.setEndpointCount(1);
        QVERIFY(!d.looksOffline(0));
    }

    void offlineIsPerCycle()
    {
        OfflineDetector d(1'000);
        d.setEndpointCount(3);
        d.report(QStringLiteral("a"), true, 0);
        d.report(QStringLiteral("b"), true, 500);
        QVERIFY(d.looksOffline(1'000));
        // a's failure is older than one cycle: it no longer counts.
        QVERIFY(!d.looksOffline(1'001));
        d.report(QStringLiteral("a"), true, 1'200);
        QVERIFY(d.looksOffline(1'200));
        d.forget(QStringLiteral("a"));
        QVERIFY(!d.looksOffline(1'200));
        // Repeated failures of one endpoint count once.
        for (int i = 0; i < 10; ++i)
            d.report(QStringLiteral("c"), true, 1'300 + i);
        QCOMPARE(d.localFailures(1'400), 2);
        QCOMPARE(d.localFailures(100'000), 0);
        // With nothing counted, successes are not even looked up; an
        // endpoint that recovered and fails again still counts once.
        d.report(QStringLiteral("b"), false, 100'100);
        d.report(QStringLiteral("c"), false, 100'100);
        QCOMPARE(d.localFailures(100'100), 0);
        d.report(QStringLiteral("c"), true, 100'200);
        d.report(QStringLiteral("b"), true, 100'300);
        QCOMPARE(d.localFailures(100'300), 2);
        d.report(QStringLiteral("c"), false, 100'400);
        QCOMPARE(d.localFailures(100'400), 1);
        QCOMPARE(d.localFailures(101'301), 0);
    }
};

QTEST_GUILESS_MAIN(TestEndpointRules)
#include "tst_endpointrules.moc"
