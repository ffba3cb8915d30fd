// gpupoolctl with the console's API keys from the keyring: a key the console
// saved (through the same KeychainSecretStore, which notes the endpoint in
// the user's settings file) reaches a gpupool-statd started with keys; a key
// file still comes first; an endpoint the console never noted costs no
// keyring lookup. Needs a Secret Service: scripts/test runs a private D-Bus
// session with an unlocked gnome-keyring; without one the test is skipped.
#include "ctltesting.h"

#include "keyring/keychainsecretstore.h"

#include <QUuid>

using namespace gpupool::ctl::testing;
using gpupool::keyring::KeychainSecretStore;
using gpupool::keyring::KeyringIndex;
using gpupool::keyring::SecretResult;

namespace {

SecretResult await(const std::function<void(std::function<void(const SecretResult &)>)> &call)
{
    std::optional<SecretResult> got;
    call([&got](const SecretResult &r) { got = r; });
    (void)QTest::qWaitFor([&got] { return got.has_value(); }, 15'000);
    return got.value_or(SecretResult { SecretResult::Status::Timeout, {}, QStringLiteral("no answer") });
}

} // namespace

class TestCtlKeyring : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void consoleKeyReachesASecuredServer();
    void cleanupTestCase();

private:
    QString writeFile(const QString &name, const QByteArray &text) const
    {
        QFile f(m_dir.filePath(name));
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
        return f.fileName();
    }
    CtlResult status(const QStringList &more = {}) const
    {
        return m_ctl.run(QStringList { QStringLiteral("--endpoints=%1=%2").arg(m_id, m_url), QStringLiteral("--json"),
                                       QStringLiteral("--debug") }
                         + more + QStringList { QStringLiteral("status") });
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Statd> m_statd;
    QString m_url;
    // An endpoint id of this run only: the keyring entry never meets a real one.
    const QString m_id = QStringLiteral("kt") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    const QByteArray m_key = "console-key-" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();
    Ctl m_ctl;
    std::unique_ptr<KeyringIndex> m_index; // before m_console, which points to it: gone after it
    std::unique_ptr<KeychainSecretStore> m_console;
};

void TestCtlKeyring::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_statd = std::make_unique<Statd>(QStringList {
        QStringLiteral("--simulate"), QStringLiteral("2"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
        QStringLiteral("--api-key-file"), writeFile(QStringLiteral("server.keys"), m_key + "\n") });
    m_url = m_statd->readLine();
    QVERIFY(!m_url.isEmpty());
    m_console = std::make_unique<KeychainSecretStore>();
    const SecretResult probe = await([this](auto done) { m_console->readApiKey(m_id, done); });
    if (probe.status != SecretResult::Status::NotFound)
        QSKIP("no Secret Service reachable (run through scripts/test for a private gnome-keyring)");
}

void TestCtlKeyring::consoleKeyReachesASecuredServer()
{
    // No key anywhere: refused.
    CtlResult r = status();
    QCOMPARE(r.exitCode, 5);

    // The console saves the key: into the keyring, the id into the user's settings file.
    m_index = std::make_unique<KeyringIndex>(m_ctl.settingsFile());
    m_console->setIndex(m_index.get());
    QVERIFY(await([this](auto done) { m_console->setApiKey(m_id, m_key, done); }).ok());
    QCOMPARE(KeyringIndex(m_ctl.settingsFile()).endpoints(), QStringList { m_id });
    r = status();
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("endpoints_healthy")).toInt(), 1);
    QVERIFY2(r.err.contains(QLatin1String("1 API key(s) from the keyring")), r.describe());
    QVERIFY(!r.out.contains(QString::fromLatin1(m_key)) && !r.err.contains(QString::fromLatin1(m_key)));

    // A key file for this run comes first, even when it is wrong.
    r = status({ QStringLiteral("--api-key-file"), writeFile(QStringLiteral("wrong.keys"), "not-the-key\n") });
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(!r.err.contains(QLatin1String("from the keyring")), r.describe()); // not even asked

    // Removed in the console: the index forgets it, and nothing is asked.
    QVERIFY(await([this](auto done) { m_console->removeApiKey(m_id, done); }).ok());
    QVERIFY(KeyringIndex(m_ctl.settingsFile()).endpoints().isEmpty());
    r = status();
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(!r.err.contains(QLatin1String("from the keyring")), r.describe());
}

void TestCtlKeyring::cleanupTestCase()
{
    if (m_console)
        (void)await([this](auto done) { m_console->removeApiKey(m_id, done); });
}

QTEST_GUILESS_MAIN(TestCtlKeyring)
#include "tst_ctl_keyring.moc"
