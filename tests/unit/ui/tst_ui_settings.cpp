// The settings dialog and what it saves, for https endpoints: a pinned
// endpoint (URL#sha256=...) and the CA file survive a save and read back the
// same through core/config, and Test connection trusts exactly what they say,
// against an in-process https server with a self-signed certificate. The
// proxy and transport fields save the same way, and Test connection goes
// through the proxy they name (a SOCKS5 proxy on loopback).
#include "ui/settingsdialog.h"

#include "config/resolver.h"
#include "config/settingkey.h"
#include "endpoint/httpsafety.h"

#include "faultserver.h"
#include "socks5proxy.h"
#include "testcertificate.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QProcessEnvironment>
#include <QSettings>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace gpupool;
using namespace gpupool::ui;
using gpupool::testing::FaultServer;

namespace {

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

QString pin()
{
    return endpoint::formatSha256Fingerprint(testCertificate().digest(QCryptographicHash::Sha256));
}

} // namespace

class TestUiSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend in this Qt");
    }

    void pinAndCaFileSurviveASave()
    {
        const QString ca = writeFile(QStringLiteral("lab-ca.pem"), gpupool::testing::kTestCertificatePem);
        ConsoleSettings chosen;
        chosen.endpoints = { { QStringLiteral("lab"), QStringLiteral("https://gpu1:8443#sha256=") + pin(), {} },
                             { QStringLiteral("plain"), QStringLiteral("http://gpu2:8000"), {} } };
        chosen.caFile = ca;
        SettingsDialog dialog(chosen);
        QVERIFY2(dialog.validationError().isEmpty(), qPrintable(dialog.validationError()));
        QSettings shared(m_dir.filePath(QStringLiteral("shared.ini")), QSettings::IniFormat);
        QSettings console(m_dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
        dialog.settings().save(shared, console);
        shared.sync();

        // What every gpupool program reads from that file.
        const config::Resolution r = config::resolve(QProcessEnvironment(), &shared);
        QVERIFY(r.ok());
        QCOMPARE(r.settings.endpoints.size(), 2);
        QCOMPARE(r.settings.endpoints[0].url.toString(), QStringLiteral("https://gpu1:8443"));
        QCOMPARE(endpoint::formatSha256Fingerprint(r.settings.endpoints[0].pinnedSha256), pin());
        QVERIFY(r.settings.endpoints[1].pinnedSha256.isEmpty());
        QCOMPARE(r.settings.caFile, ca);
        // And shown again as it was written.
        const ConsoleSettings back = ConsoleSettings::from(r.settings);
        QCOMPARE(back.endpoints[0].url, chosen.endpoints[0].url);
        QCOMPARE(back.caFile, ca);

        // An emptied CA field removes the setting rather than saving "".
        ConsoleSettings none = back;
        none.caFile.clear();
        none.save(shared, console);
        QVERIFY(!shared.contains(config::settingsKeyName(config::Key::CaFile)));
    }

    void badPinIsAValidationError()
    {
        SettingsDialog dialog(ConsoleSettings {});
        dialog.addEndpoint({ QStringLiteral("lab"), QStringLiteral("https://gpu1:8443#sha256=AB:CD"), {} });
        QVERIFY2(dialog.validationError().contains(QStringLiteral("64 hex digits")),
                 qPrintable(dialog.validationError()));
        dialog.removeEndpoint(0);
        dialog.addEndpoint({ QStringLiteral("lab"), QStringLiteral("http://gpu1:8000#sha256=") + pin(), {} });
        QVERIFY2(dialog.validationError().contains(QStringLiteral("https URLs only")),
                 qPrintable(dialog.validationError()));
    }

    void testConnectionTrustsWhatTheSettingsSay()
    {
        FaultServer server(serverTls());
        const QString url = server.url().toString();
        const auto test = [](SettingsDialog &dialog) {
            QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
            dialog.testConnection(0);
            if (tested.isEmpty() && !tested.wait(10'000))
                return std::pair<bool, QString>(false, QStringLiteral("no answer"));
            return std::pair<bool, QString>(tested.first().at(1).toBool(), tested.first().at(2).toString());
        };
        ConsoleSettings s;
        s.endpoints = { { QStringLiteral("lab"), url, {} } };
        {
            SettingsDialog dialog(s);
            const auto [ok, message] = test(dialog);
            QVERIFY(!ok);
            QVERIFY2(message.contains(QStringLiteral("pin it with URL#sha256=") + pin()), qPrintable(message));
        }
        {
            ConsoleSettings pinned = s;
            pinned.endpoints[0].url = url + QStringLiteral("#sha256=") + pin();
            SettingsDialog dialog(pinned);
            const auto [ok, message] = test(dialog);
            QVERIFY2(ok, qPrintable(message));
        }
        {
            ConsoleSettings withCa = s;
            withCa.caFile = writeFile(QStringLiteral("ca.pem"), gpupool::testing::kTestCertificatePem);
            SettingsDialog dialog(withCa);
            const auto [ok, message] = test(dialog);
            QVERIFY2(ok, qPrintable(message));
        }
        {
            ConsoleSettings badCa = s;
            badCa.caFile = m_dir.filePath(QStringLiteral("missing.pem"));
            SettingsDialog dialog(badCa);
            const auto [ok, message] = test(dialog);
            QVERIFY(!ok);
            QVERIFY2(message.startsWith(QStringLiteral("CA certificates: cannot read the CA file")),
                     qPrintable(message));
        }
    }

    void proxyAndTransportSurviveASave()
    {
        ConsoleSettings chosen;
        chosen.proxy = QStringLiteral("socks5h://127.0.0.1:1080");
        chosen.transport = endpoint::Transport::Qt;
        SettingsDialog dialog(chosen);
        QVERIFY2(dialog.validationError().isEmpty(), qPrintable(dialog.validationError()));
        QSettings shared(m_dir.filePath(QStringLiteral("proxy.ini")), QSettings::IniFormat);
        QSettings console(m_dir.filePath(QStringLiteral("console-proxy.ini")), QSettings::IniFormat);
        dialog.settings().save(shared, console);
        shared.sync();
        const config::Resolution r = config::resolve(QProcessEnvironment(), &shared);
        QVERIFY(r.ok());
        QCOMPARE(r.settings.proxy.toString(), QStringLiteral("socks5h://127.0.0.1:1080"));
        QCOMPARE(r.settings.transport, endpoint::Transport::Qt);
        const ConsoleSettings back = ConsoleSettings::from(r.settings);
        QCOMPARE(back.proxy, chosen.proxy);
        QCOMPARE(back.transport, chosen.transport);

        // The defaults are not written: a field emptied removes its setting.
        SettingsDialog reset(ConsoleSettings {});
        QCOMPARE(reset.settings().proxy, QStringLiteral("system"));
        reset.settings().save(shared, console);
        QVERIFY(!shared.contains(config::settingsKeyName(config::Key::Proxy)));
        QVERIFY(!shared.contains(config::settingsKeyName(config::Key::Transport)));
    }

    void badProxyIsAValidationError()
    {
        ConsoleSettings s;
        s.proxy = QStringLiteral("socks4://127.0.0.1:1080");
        SettingsDialog dialog(s);
        QVERIFY2(dialog.validationError().startsWith(QStringLiteral("Proxy \"socks4://127.0.0.1:1080\": expected")),
                 qPrintable(dialog.validationError()));
    }

    void testConnectionGoesThroughTheProxy()
    {
        FaultServer server;
        gpupool::testing::Socks5Proxy proxy;
        ConsoleSettings s;
        // A name only the proxy resolves: the test can only pass through it.
        s.endpoints = { { QStringLiteral("far"), QStringLiteral("http://gpu-9.invalid:%1").arg(server.port()), {} } };
        s.proxy = proxy.url(QStringLiteral("socks5h"));
        SettingsDialog dialog(s);
        QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
        dialog.testConnection(0);
        QVERIFY(tested.size() == 1 || tested.wait(10'000));
        QVERIFY2(tested.first().at(1).toBool(), qPrintable(tested.first().at(2).toString()));
        QCOMPARE(proxy.targets(), QStringList { QStringLiteral("gpu-9.invalid:%1").arg(server.port()) });
    }

private:
    QString writeFile(const QString &name, const QByteArray &text) const
    {
        QFile f(m_dir.filePath(name));
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
        return f.fileName();
    }

    QTemporaryDir m_dir;
};

QTEST_MAIN(TestUiSettings)
#include "tst_ui_settings.moc"
