// The keychain SecretStore: a real write/read/delete round trip through
// QtKeychain and the Secret Service (scripts/test runs a private D-Bus session
// with an unlocked gnome-keyring; without one the test is skipped), and the
// paths a real keyring cannot be made to take on demand: a job that hangs, and
// no keyring at all.

#include "keyring/keychainsecretstore.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QUuid>
#include <QTemporaryDir>
#include <QFile>

using namespace gpupool::keyring;

namespace {

// Answers every job with one fixed status, or never (hang).
class FakeBackend final : public SecretBackend
{
public:
    bool hang = false;
    SecretResult::Status status = SecretResult::Status::Ok;
    QHash<QString, QByteArray> entries;

    void write(const QString &key, const QByteArray &value, Done done) override
    {
        if (status == SecretResult::Status::Ok)
            entries.insert(key, value);
        answer(std::move(done), {});
    }
    void read(const QString &key, Done done) override
    {
        answer(std::move(done), entries.value(key), !entries.contains(key));
    }
    void remove(const QString &key, Done done) override
    {
        entries.remove(key);
        answer(std::move(done), {});
    }

private:
    void answer(Done done, const QByteArray &value, bool missing = false)
    {
        if (hang)
            return;
        SecretResult r;
        r.status = status == SecretResult::Status::Ok && missing ? SecretResult::Status::NotFound : status;
        r.value = value;
        QTimer::singleShot(0, [done, r] { done(r); });
    }
};

// Runs one store call and waits (bounded) for its answer.
template<typename Call>
SecretResult await(Call call, int boundMs = 15'000)
{
    std::optional<SecretResult> got;
    call([&got](const SecretResult &r) { got = r; });
    (void)QTest::qWaitFor([&got] { return got.has_value(); }, boundMs);
    return got.value_or(
        SecretResult { SecretResult::Status::Failed, {}, QStringLiteral("no answer within the bound") });
}

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void realRoundTrip()
    {
        // A fresh service name: never touches an operator's real entries.
        const QString service = QStringLiteral("gpupool-test-") + QUuid::createUuid().toString(QUuid::Id128);
        KeychainSecretStore store(service);
        store.setTimeoutMs(5'000);
        const QByteArray key = QByteArrayLiteral("k3y-with-\x01-binary-and-\xff");
        const SecretResult written
            = await([&](auto done) { store.setApiKey(QStringLiteral("server1_8000"), key, done); });
        if (written.status == SecretResult::Status::NoKeyring || written.status == SecretResult::Status::Timeout)
            QSKIP("no Secret Service reachable (run through scripts/test for a private gnome-keyring)");
        QVERIFY2(written.ok(), qPrintable(written.message));
        QVERIFY(!store.isSessionOnly(QStringLiteral("server1_8000")));

        // A second store (as after a restart) reads it back from the keyring.
        KeychainSecretStore again(service);
        bool loaded = false;
        again.load({ QStringLiteral("server1_8000"), QStringLiteral("absent") }, [&loaded] { loaded = true; });
        QTRY_VERIFY_WITH_TIMEOUT(loaded, 15'000);
        QCOMPARE(again.apiKey(QStringLiteral("server1_8000")), std::optional<QByteArray>(key));
        QCOMPARE(again.apiKey(QStringLiteral("absent")), std::nullopt);
        QVERIFY(again.keyringAvailable()); // "not found" is an answer, not a failure

        const SecretResult removed
            = await([&](auto done) { again.removeApiKey(QStringLiteral("server1_8000"), done); });
        QVERIFY2(removed.ok(), qPrintable(removed.message));
        QCOMPARE(again.apiKey(QStringLiteral("server1_8000")), std::nullopt);
        const SecretResult reread = await([&](auto done) { again.readApiKey(QStringLiteral("server1_8000"), done); });
        QCOMPARE(int(reread.status), int(SecretResult::Status::NotFound));
    }

    void hangingJobTimesOut()
    {
        auto backend = std::make_unique<FakeBackend>();
        backend->hang = true;
        KeychainSecretStore store(std::move(backend));
        store.setTimeoutMs(50);
        QSignalSpy problems(&store, &KeychainSecretStore::keyringProblem);
        QElapsedTimer t;
        t.start();
        const SecretResult r = await([&](auto done) { store.setApiKey(QStringLiteral("a"), "secret-key", done); });
        QCOMPARE(int(r.status), int(SecretResult::Status::Timeout));
        QVERIFY(t.elapsed() < 5'000);
        // The key still works for this session, and the operator is told why it will not last.
        QCOMPARE(store.apiKey(QStringLiteral("a")), std::optional<QByteArray>("secret-key"));
        QVERIFY(store.isSessionOnly(QStringLiteral("a")));
        QVERIFY(!store.keyringAvailable());
        QCOMPARE(problems.count(), 1);
        QVERIFY(!problems.first().first().toString().contains(QStringLiteral("secret-key")));

        bool loaded = false;
        store.load({ QStringLiteral("b"), QStringLiteral("c") }, [&loaded] { loaded = true; });
        QTRY_VERIFY_WITH_TIMEOUT(loaded, 5'000);
        QCOMPARE(problems.count(), 1); // said once, not per job
    }

    void noKeyringKeepsKeyForSession()
    {
        auto backend = std::make_unique<FakeBackend>();
        backend->status = SecretResult::Status::NoKeyring;
        KeychainSecretStore store(std::move(backend));
        QSignalSpy problems(&store, &KeychainSecretStore::keyringProblem);
        const SecretResult r = await([&](auto done) { store.setApiKey(QStringLiteral("a"), "k", done); });
        QCOMPARE(int(r.status), int(SecretResult::Status::NoKeyring));
        QCOMPARE(store.apiKey(QStringLiteral("a")), std::optional<QByteArray>("k"));
        QVERIFY(store.isSessionOnly(QStringLiteral("a")));
        QCOMPARE(problems.count(), 1);
        QVERIFY(problems.first().first().toString().contains(QStringLiteral("session only")));
    }

    void indexFollowsWhatTheKeyringSays()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ini = dir.filePath(QStringLiteral("gpupool.ini"));
        KeyringIndex index(ini);
        auto backend = std::make_unique<FakeBackend>();
        FakeBackend *keyring = backend.get();
        // A key saved before there was an index: found by the console's load.
        keyring->entries.insert(KeychainSecretStore::entryName(QStringLiteral("old")), "k-old");
        KeychainSecretStore store(std::move(backend));
        store.setIndex(&index);
        bool loaded = false;
        store.load({ QStringLiteral("old"), QStringLiteral("none") }, [&loaded] { loaded = true; });
        QTRY_VERIFY_WITH_TIMEOUT(loaded, 5'000);
        QCOMPARE(index.endpoints(), QStringList { QStringLiteral("old") });

        QVERIFY(await([&](auto done) { store.setApiKey(QStringLiteral("lab"), "k-lab-0123", done); }).ok());
        QCOMPARE(index.endpoints(), (QStringList { QStringLiteral("lab"), QStringLiteral("old") }));
        QVERIFY(await([&](auto done) { store.removeApiKey(QStringLiteral("old"), done); }).ok());
        QCOMPARE(index.endpoints(), QStringList { QStringLiteral("lab") });

        // A keyring that did not answer says nothing about what it holds.
        keyring->status = SecretResult::Status::Timeout;
        (void)await([&](auto done) { store.setApiKey(QStringLiteral("late"), "k-late", done); });
        (void)await([&](auto done) { store.removeApiKey(QStringLiteral("lab"), done); });
        QCOMPARE(KeyringIndex(ini).endpoints(), QStringList { QStringLiteral("lab") }); // as read by another program

        // Ids only: no key ever reaches the file.
        QFile f(ini);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("lab"));
        QVERIFY(!text.contains("k-lab") && !text.contains("k-old") && !text.contains("k-late"));
    }

    void answerAfterDestructionIsIgnored()
    {
        auto *backend = new FakeBackend;
        bool called = false;
        {
            KeychainSecretStore store { std::unique_ptr<SecretBackend>(backend) };
            store.readApiKey(QStringLiteral("x"), [&called](const SecretResult &) { called = true; });
        }
        QTest::qWait(20); // the fake answers on the next event loop turn
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
