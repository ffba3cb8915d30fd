// The TLS rows of the fault matrix: certificates are verified; an operator's
// SHA-256 pin trusts exactly one certificate; https never redirects to http.
#include "endpoint/endpoint.h"
#include "endpoint/httpsafety.h"
#include "endpoint/secretstore.h"

#include "faultserver.h"
#include "pollonce.h"
#include "transportundertest.h"
#include "testcertificate.h"

#include <QCryptographicHash>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslSocket>
#include <QTest>

using namespace gpupool;
using namespace gpupool::endpoint;
using gpupool::testing::FaultBehaviour;
using gpupool::testing::FaultServer;

namespace {

const QByteArray kApiKey = "tls-api-key-93b2";

QSslCertificate testCertificate()
{
    return QSslCertificate(gpupool::testing::kTestCertificatePem, QSsl::Pem);
}

QSslConfiguration serverTls()
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setLocalCertificate(testCertificate());
    c.setPrivateKey(QSslKey(gpupool::testing::kTestPrivateKeyPem, QSsl::Ec, QSsl::Pem));
    c.setPeerVerifyMode(QSslSocket::VerifyNone);
    return c;
}

struct Rig
{
    InMemorySecretStore secrets;
    FaultServer server { serverTls() };
    std::unique_ptr<Endpoint> endpoint;

    explicit Rig(const QByteArray &pin, const QList<QSslCertificate> &caCertificates = {})
    {
        secrets.setApiKey(QStringLiteral("tls"), kApiKey);
        EndpointOptions o;
        o.timeoutMs = 2'000; // a TLS handshake on a busy 2-core machine
        o.detailsEveryPolls = 0;
        o.caCertificates = caCertificates;
        o.transport = gpupool::testing::transportUnderTest();
        endpoint = std::make_unique<Endpoint>(EndpointConfig { QStringLiteral("tls"), server.url(), pin }, o,
                                              SteadyClock::instance(), SystemRandom::instance(), &secrets);
    }

    PollOutcome pollOnce() { return gpupool::testing::pollOnce(*endpoint, 10'000); }
};

QByteArray rightPin()
{
    return testCertificate().digest(QCryptographicHash::Sha256);
}

} // namespace

class TestTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend in this Qt");
        QVERIFY(!testCertificate().isNull());
        QCOMPARE(rightPin().size(), 32);
    }

    void untrustedCertificateIsRefused()
    {
        Rig r({});
        const PollOutcome o = r.pollOnce();
        QCOMPARE(kindName(o.failure.kind), kindName(FailureKind::Tls));
        QVERIFY2(o.failure.text.startsWith(QStringLiteral("TLS error: ")), qPrintable(o.failure.text));
        QVERIFY(isBreakerFailure(o.failure.kind));
        QCOMPARE(r.server.requestCount(), 0); // nothing, not even the key, was sent
        // Only trust is missing: the message says how to give it.
        QVERIFY2(o.failure.text.contains(QStringLiteral("trust its CA with --ca-file, or pin it with URL#sha256=")
                                         + formatSha256Fingerprint(rightPin())),
                 qPrintable(o.failure.text));
    }

    void extraCaCertificatesAreTrusted()
    {
        // --ca-file: the certificate (its own CA) trusted beside the system's, for any endpoint.
        Rig r({}, { testCertificate() });
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.ok, qPrintable(o.failure.text));
        QCOMPARE(r.server.requests().at(0).headers.value("x-api-key"), kApiKey);
    }

    void caCertificatesStillCheckTheHostName()
    {
        // Trusted, but issued for 127.0.0.1: "localhost" is another name, and no pin excuses that.
        Rig r({}, { testCertificate() });
        QUrl url = r.server.url();
        url.setHost(QStringLiteral("localhost"));
        EndpointOptions o;
        o.timeoutMs = 2'000;
        o.detailsEveryPolls = 0;
        o.caCertificates = { testCertificate() };
        o.transport = gpupool::testing::transportUnderTest();
        Endpoint byName(EndpointConfig { QStringLiteral("tls"), url, {} }, o, SteadyClock::instance(),
                        SystemRandom::instance(), &r.secrets);
        QSignalSpy spy(&byName, &Endpoint::polled);
        byName.pollNow();
        QVERIFY(spy.wait(10'000));
        const PollOutcome out = spy.takeFirst().at(0).value<PollOutcome>();
        QVERIFY(!out.ok);
        QCOMPARE(kindName(out.failure.kind), kindName(FailureKind::Tls));
        QVERIFY2(out.failure.text.contains(QStringLiteral("issued for another name: to trust it anyway, pin it")),
                 qPrintable(out.failure.text));
        QVERIFY2(!out.failure.text.contains(QStringLiteral("--ca-file")), qPrintable(out.failure.text));
    }

    void pinnedCertificateIsTrusted()
    {
        Rig r(rightPin());
        const PollOutcome o = r.pollOnce();
        QVERIFY2(o.ok, qPrintable(o.failure.text));
        QCOMPARE(r.endpoint->health(), Health::Healthy);
        QCOMPARE(r.server.requests().at(0).headers.value("x-api-key"), kApiKey);
    }

    void wrongPinIsRefused()
    {
        QByteArray pin = rightPin();
        pin[0] = char(pin[0] ^ 0x01);
        Rig r(pin);
        const PollOutcome o = r.pollOnce();
        QCOMPARE(kindName(o.failure.kind), kindName(FailureKind::Tls));
        QVERIFY2(o.failure.text.contains(formatSha256Fingerprint(rightPin())), qPrintable(o.failure.text));
        QVERIFY(o.failure.text.contains(QStringLiteral("not the pinned one")));
        QCOMPARE(r.server.requestCount(), 0);
    }

    void httpsNeverRedirectsToHttp()
    {
        Rig r(rightPin());
        FaultServer plain;
        const QByteArray target = "http://127.0.0.1:" + QByteArray::number(plain.port()) + "/gpu/summary";
        r.server.setRoute("/gpu/summary", FaultBehaviour::redirect(target, 301));
        const PollOutcome o = r.pollOnce();
        QCOMPARE(kindName(o.failure.kind), kindName(FailureKind::RedirectRefused));
        QTest::qWait(50);
        QCOMPARE(plain.requestCount(), 0);
        // Same host and port but http: still another origin.
        const QByteArray downgrade = "http://127.0.0.1:" + QByteArray::number(r.server.port()) + "/gpu/summary";
        r.server.setRoute("/gpu/summary", FaultBehaviour::redirect(downgrade, 302));
        QCOMPARE(kindName(r.pollOnce().failure.kind), kindName(FailureKind::RedirectRefused));
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
