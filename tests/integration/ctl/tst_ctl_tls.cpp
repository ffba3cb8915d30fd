// gpupoolctl against a real gpupool-statd serving HTTPS with a self-signed
// certificate (tests/support/testcertificate.h): refused as it stands, trusted
// through --ca-file (or GPUPOOL_CA_FILE) or a per-endpoint pin
// (URL#sha256=FINGERPRINT), and a wrong pin or a bad CA file refused with a
// message that says why.
#include "ctltesting.h"

#include "testcertificate.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSslCertificate>
#include <QTemporaryDir>

using namespace gpupool::ctl::testing;
using gpupool::testing::kTestCertificatePem;
using gpupool::testing::kTestPrivateKeyPem;

class TestCtlTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void selfSignedIsRefusedAsItStands();
    void caFileTrustsIt();
    void pinTrustsItForItsEndpointOnly();
    void wrongPinIsRefused();
    void badTrustSettingsAreUsageErrors();

private:
    QString file(const QString &name, const QByteArray &text) const
    {
        QFile f(m_dir.filePath(name));
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
        return f.fileName();
    }
    QString fingerprint() const
    {
        const QSslCertificate c(kTestCertificatePem, QSsl::Pem);
        return QString::fromLatin1(c.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    }
    CtlResult status(const QString &endpoint, const QStringList &more = {}) const
    {
        return m_ctl.run(QStringList { QStringLiteral("--endpoints=lab=") + endpoint, QStringLiteral("--json"),
                                       QStringLiteral("--endpoint-timeout=5") }
                         + more + QStringList { QStringLiteral("status") });
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Statd> m_statd;
    QString m_url;
    Ctl m_ctl;
};

void TestCtlTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_statd = std::make_unique<Statd>(QStringList {
        QStringLiteral("--simulate"), QStringLiteral("2"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
        QStringLiteral("--tls-cert"), file(QStringLiteral("server.pem"), kTestCertificatePem),
        QStringLiteral("--tls-key"), file(QStringLiteral("server.key"), kTestPrivateKeyPem) });
    m_url = m_statd->readLine();
    QVERIFY2(m_url.startsWith(QLatin1String("https://127.0.0.1:")), qPrintable(m_url));
}

void TestCtlTls::selfSignedIsRefusedAsItStands()
{
    const CtlResult r = status(m_url);
    QCOMPARE(r.exitCode, 5);
    const QString all = r.out + r.err;
    QVERIFY2(all.contains(QLatin1String("certificate"), Qt::CaseInsensitive), r.describe());
    // How to trust it, with the fingerprint to check against the server's.
    QVERIFY2(all.contains(QStringLiteral("trust its CA with --ca-file, or pin it with URL#sha256=") + fingerprint()),
             r.describe());
}

void TestCtlTls::caFileTrustsIt()
{
    const QString ca = file(QStringLiteral("lab-ca.pem"), kTestCertificatePem);
    CtlResult r = status(m_url, { QStringLiteral("--ca-file"), ca });
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("gpus_total")).toInt(), 2);
    // The same from the environment, as a job's script would have it.
    Ctl env;
    env.setEnv(QStringLiteral("GPUPOOL_CA_FILE"), ca);
    r = env.run({ QStringLiteral("--endpoints=lab=") + m_url, QStringLiteral("--json"), QStringLiteral("status") });
    QVERIFY2(r.exitCode == 0, r.describe());
}

void TestCtlTls::pinTrustsItForItsEndpointOnly()
{
    CtlResult r = status(m_url + QStringLiteral("#sha256=") + fingerprint());
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("endpoints_healthy")).toInt(), 1);
    // The same statd under a second name without the pin: that one is refused.
    r = m_ctl.run({ QStringLiteral("--endpoints=lab=%1#sha256=%2,other=https://localhost:%3")
                        .arg(m_url, fingerprint(), QString::number(QUrl(m_url).port())),
                    QStringLiteral("--json"), QStringLiteral("--endpoint-timeout=5"), QStringLiteral("endpoints") });
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonArray endpoints = r.json().value(QStringLiteral("endpoints")).toArray();
    QCOMPARE(endpoints.size(), 2);
    QCOMPARE(endpoints.at(0).toObject().value(QStringLiteral("healthy")).toBool(), true);
    QCOMPARE(endpoints.at(1).toObject().value(QStringLiteral("healthy")).toBool(), false);
}

void TestCtlTls::wrongPinIsRefused()
{
    const QString wrong = QStringLiteral("AB:").repeated(31) + QStringLiteral("AB");
    const CtlResult r = status(m_url + QStringLiteral("#sha256=") + wrong);
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(QString(r.out + r.err).contains(QLatin1String("is not the pinned one")), r.describe());
    QVERIFY2(QString(r.out + r.err).contains(fingerprint()), r.describe()); // the certificate it did see
}

void TestCtlTls::badTrustSettingsAreUsageErrors()
{
    CtlResult r = status(m_url, { QStringLiteral("--ca-file"), m_dir.filePath(QStringLiteral("missing.pem")) });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("--ca-file: cannot read the CA file")), r.describe());
    r = status(m_url, { QStringLiteral("--ca-file"), file(QStringLiteral("key-by-mistake.pem"), kTestPrivateKeyPem) });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("holds no PEM certificate")), r.describe());
    QVERIFY2(!r.err.contains(QLatin1String("PRIVATE")), r.describe()); // the file is not quoted
    r = status(QStringLiteral("http://127.0.0.1:9#sha256=") + fingerprint());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("for https URLs only")), r.describe());
    r = status(m_url + QStringLiteral("#sha256=12:34"));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("64 hex digits")), r.describe());
}

QTEST_GUILESS_MAIN(TestCtlTls)
#include "tst_ctl_tls.moc"
