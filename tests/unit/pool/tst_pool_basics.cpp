// The Pool without GPUs: life, bad input, errors, strategies, the retry
// queue, the store URL. Everything here is local (no endpoint answers;
// the one refresh test polls a closed port on 127.0.0.1).
#include "pool/pool.h"
#include "pool/storefactory.h"

#include "balance/strategyregistry.h"

#include <QCoreApplication>
#include <QFile>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

using namespace gpupool;
using namespace gpupool::pool;

class TestPoolBasics : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void storeUrls_data();
    void storeUrls();
    void badStoreUrlIsRefused();
    void corruptDatabaseIsRefusedAndUntouched();
    void startTwiceIsRefused();
    void defaultOwnerIsUserAtHost();
    void ownerIsTheOperatingSystemsUserNotUSER();
    void defaultStoreIsTheSameForEveryProgram();
    void strategyIsSharedThroughTheStore();
    void pinnedStrategyWinsHereAndSaysSo();

    void unknownStrategyIsRefusedExactly();
    void strategySwitchIsSignalled();

    void requestBeforeStartFailsLater();
    void requestTimesOutSayingHowLong();
    void noWaitFailsAtOnce();
    void stopCancelsWaiters();
    void cancelRequest();
    void reserveNotEnough();
    void releaseUnknownLease();

    void retryNeedsMultiEndpointMode();
    void retryTimesOut();
    void stopCancelsRetries();
    void triggerRecoveryOfUnknownEndpoint();
    void summaryInBothModes();
    void refreshOnceWithNothingReachable();

private:
    PoolOptions options(config::Mode mode, const QList<QUrl> &urls = {}) const;
    QTemporaryDir m_dir;
    int m_n = 0;
};

void TestPoolBasics::init()
{
    QVERIFY(m_dir.isValid());
    ++m_n;
}

PoolOptions TestPoolBasics::options(config::Mode mode, const QList<QUrl> &urls) const
{
    PoolOptions o;
    o.settings.mode = mode;
    int i = 0;
    for (const QUrl &u : urls)
        o.settings.endpoints.append({ QStringLiteral("e%1").arg(i++), u, true, {} });
    o.settings.pollingIntervalSeconds = 0.2;
    o.settings.endpointTimeoutSeconds = 1;
    o.owner = QStringLiteral("tester@test");
    o.settings.storeUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("leases%1.sqlite").arg(m_n));
    return o;
}

void TestPoolBasics::storeUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("redis");
    QTest::addColumn<QString>("shown");
    QTest::newRow("sqlite") << "sqlite:/tmp/x/leases.sqlite" << true << false << "sqlite:/tmp/x/leases.sqlite";
    QTest::newRow("sqlite ///") << "sqlite:///tmp/l.sqlite" << true << false << "sqlite:/tmp/l.sqlite";
    QTest::newRow("redis, password hidden")
        << "redis://:secret@gpu-redis:6380/2" << true << true << "redis://gpu-redis:6380/2";
    QTest::newRow("sqlite without a path") << "sqlite:" << false << false << "";
    QTest::newRow("ftp") << "ftp://host/leases" << false << false << "";
    QTest::newRow("a bare path") << "/tmp/leases.sqlite" << false << false << "";
}

void TestPoolBasics::storeUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, ok);
    QFETCH(bool, redis);
    QFETCH(QString, shown);
    const Result<StoreSpec> spec = StoreSpec::parse(url);
    QCOMPARE(spec.ok(), ok);
    if (!ok) {
        QCOMPARE(spec.code(), ErrorCode::BadStoreUrl);
        QVERIFY2(spec.error().message.contains(QLatin1String("sqlite:PATH")), qPrintable(spec.error().message));
        return;
    }
    QCOMPARE(spec->kind == StoreSpec::Kind::Redis, redis);
    QVERIFY(shown.startsWith(spec->displayUrl.left(10)));
    QVERIFY(!spec->displayUrl.contains(QLatin1String("secret")));
    if (!redis)
        QCOMPARE(spec->displayUrl, shown);

    const Result<StoreSpec> byDefault = StoreSpec::parse(QString());
    QVERIFY(byDefault.ok());
    QVERIFY(byDefault->sqlitePath.endsWith(QLatin1String("/leases.sqlite")));
}

void TestPoolBasics::badStoreUrlIsRefused()
{
    PoolOptions o = options(config::Mode::MultiEndpoint);
    o.settings.storeUrl = QStringLiteral("mysql://db/leases");
    Pool pool(o);
    const Status s = pool.start();
    QVERIFY(s);
    QCOMPARE(s->code, ErrorCode::BadStoreUrl);
    QVERIFY(!pool.isRunning());
    QCOMPARE(pool.storeInfo().state, StoreState::Failed);
}

void TestPoolBasics::corruptDatabaseIsRefusedAndUntouched()
{
    const QString path = m_dir.filePath(QStringLiteral("corrupt.sqlite"));
    const QByteArray garbage = QByteArray("SQLite format 3") + '\0' + QByteArray(4080, '\xee');
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(garbage);
    }
    PoolOptions o = options(config::Mode::MultiEndpoint);
    o.settings.storeUrl = QStringLiteral("sqlite:") + path;
    Pool pool(o);
    const Status s = pool.start();
    QVERIFY(s);
    QCOMPARE(s->code, ErrorCode::StoreCorrupt);
    QVERIFY2(s->message.contains(QLatin1String("corrupt.sqlite")), qPrintable(s->message));
    QVERIFY(!pool.isRunning());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), garbage);
}

void TestPoolBasics::startTwiceIsRefused()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QSignalSpy started(&pool, &Pool::started);
    QVERIFY(!pool.start());
    QCOMPARE(started.size(), 1);
    const Status again = pool.start();
    QVERIFY(again);
    QCOMPARE(again->code, ErrorCode::AlreadyRunning);
    QSignalSpy stopped(&pool, &Pool::stopped);
    pool.stop();
    QCOMPARE(stopped.size(), 1);
    QVERIFY(!pool.start()); // and again after a stop
}

void TestPoolBasics::defaultOwnerIsUserAtHost()
{
    const QString owner = defaultOwner();
    QVERIFY(owner.contains(QLatin1Char('@')));
    PoolOptions o = options(config::Mode::MultiEndpoint);
    o.owner.clear();
    QCOMPARE(Pool(o).owner(), owner);
}

void TestPoolBasics::ownerIsTheOperatingSystemsUserNotUSER()
{
    const QByteArray savedUser = qgetenv("USER");
    const QByteArray savedOwner = qgetenv("GPUPOOL_OWNER");
    qunsetenv("GPUPOOL_OWNER");
    qputenv("USER", "mallory");
    const QString fromSystem = defaultOwner();
    qunsetenv("USER");
    const QString withoutUser = defaultOwner();
    qputenv("GPUPOOL_OWNER", " job-17@scheduler ");
    const QString given = defaultOwner();
    qputenv("USER", savedUser);
    if (savedOwner.isNull())
        qunsetenv("GPUPOOL_OWNER");
    else
        qputenv("GPUPOOL_OWNER", savedOwner);

    const passwd *pw = getpwuid(geteuid());
    QVERIFY(pw && pw->pw_name);
    const QString expected = QString::fromLocal8Bit(pw->pw_name) + QLatin1Char('@');
    QVERIFY2(fromSystem.startsWith(expected), qPrintable(fromSystem));
    QVERIFY(!fromSystem.startsWith(QLatin1String("mallory@")));
    QCOMPARE(withoutUser, fromSystem); // cron, systemd: no "unknown@host" shared by everyone
    QCOMPARE(given, QStringLiteral("job-17@scheduler"));
}

void TestPoolBasics::defaultStoreIsTheSameForEveryProgram()
{
    const QString name = QCoreApplication::applicationName();
    QCoreApplication::setApplicationName(QStringLiteral("gpupoolctl"));
    const QString ctl = StoreSpec::defaultSqlitePath();
    QCoreApplication::setApplicationName(QStringLiteral("gpupool-console"));
    const QString console = StoreSpec::defaultSqlitePath();
    QCoreApplication::setApplicationName(name);
    QCOMPARE(ctl, console);
    QCOMPARE(ctl,
             QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                 + QStringLiteral("/gpupool/leases.sqlite"));
}

void TestPoolBasics::strategyIsSharedThroughTheStore()
{
    PoolOptions o = options(config::Mode::MultiEndpoint);
    Pool a(o);
    o.owner = QStringLiteral("other@test");
    o.settings.strategy = QStringLiteral("weighted"); // b's own settings say otherwise
    Pool b(o);
    QVERIFY(!a.start());
    QVERIFY(!b.start());
    QCOMPARE(b.strategy(), QStringLiteral("weighted"));
    QVERIFY(!b.isStrategyFromStore());
    QSignalSpy changed(&b, &Pool::strategyChanged);
    QVERIFY(!a.setStrategy(QStringLiteral("round_robin")));
    // b is told by the store (its watch runs every second), not by a.
    QVERIFY(changed.wait(5000));
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("round_robin"));
    QCOMPARE(b.strategy(), QStringLiteral("round_robin"));
    QVERIFY(b.isStrategyFromStore());
    // A Pool started later reads it at once.
    o.owner = QStringLiteral("third@test");
    Pool c(o);
    QVERIFY(!c.start());
    QCOMPARE(c.strategy(), QStringLiteral("round_robin"));
}

void TestPoolBasics::pinnedStrategyWinsHereAndSaysSo()
{
    PoolOptions o = options(config::Mode::MultiEndpoint);
    {
        Pool setter(o);
        QVERIFY(!setter.setStrategy(QStringLiteral("least_connections")));
    }
    o.settings.strategy = QStringLiteral("equal_weighted");
    o.strategyPinned = true;
    Pool pinned(o);
    QSignalSpy warnings(&pinned, &Pool::warning);
    QVERIFY(!pinned.start());
    QCOMPARE(pinned.strategy(), QStringLiteral("equal_weighted"));
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.at(0).at(0).toString().contains(QLatin1String("the pool's strategy is least_connections")),
             qPrintable(warnings.at(0).at(0).toString()));
    // Choosing one here is a choice for the pool: written, no longer pinned.
    QVERIFY(!pinned.setStrategy(QStringLiteral("availability")));
    Pool later(options(config::Mode::MultiEndpoint));
    QVERIFY(!later.start());
    QCOMPARE(later.strategy(), QStringLiteral("availability"));
}

void TestPoolBasics::unknownStrategyIsRefusedExactly()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QVERIFY(!pool.start());
    QSignalSpy changed(&pool, &Pool::strategyChanged);
    const Status s = pool.setStrategy(QStringLiteral("fastest"));
    QVERIFY(s);
    QCOMPARE(s->code, ErrorCode::UnknownStrategy);
    QCOMPARE(s->message,
             QStringLiteral("Unknown load balancing strategy: fastest. Available strategies: "
                            "availability, round_robin, weighted, least_connections, "
                            "least_response_time, equal_weighted, weighted_round_robin"));
    QCOMPARE(pool.strategy(), QStringLiteral("availability"));
    QCOMPARE(changed.size(), 0);
}

void TestPoolBasics::strategySwitchIsSignalled()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QSignalSpy changed(&pool, &Pool::strategyChanged);
    // Before start it is remembered, and used once the pool runs.
    QVERIFY(!pool.setStrategy(QStringLiteral("round_robin")));
    QVERIFY(!pool.start());
    QCOMPARE(pool.strategy(), QStringLiteral("round_robin"));
    QVERIFY(!pool.setStrategy(QStringLiteral("least_connections")));
    QVERIFY(!pool.setStrategy(QStringLiteral("least_connections"))); // no change, no signal
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).toString(), QStringLiteral("least_connections"));
    QCOMPARE(Pool::availableStrategies(), balance::StrategyRegistry::names());
}

void TestPoolBasics::requestBeforeStartFailsLater()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QSignalSpy failed(&pool, &Pool::requestFailed);
    std::optional<Result<lease::Lease>> got;
    const RequestId id = pool.requestGpu(1000, [&](const Result<lease::Lease> &r) { got = r; });
    QVERIFY(id != 0);
    QVERIFY(!got); // never before requestGpu() returns
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 5000);
    QCOMPARE(got->code(), ErrorCode::NotRunning);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).value<RequestId>(), id);
}

void TestPoolBasics::requestTimesOutSayingHowLong()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QVERIFY(!pool.start());
    QSignalSpy queued(&pool, &Pool::requestQueued);
    std::optional<Result<lease::Lease>> got;
    GpuRequest r;
    r.timeoutMs = 200;
    pool.requestGpu(r, [&](const Result<lease::Lease> &res) { got = res; });
    QTRY_COMPARE_WITH_TIMEOUT(queued.size(), 1, 5000);
    QCOMPARE(pool.queueLength(), 1);
    QCOMPARE(pool.poolStatus().blockedRequests, 1);
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 5000);
    QCOMPARE(got->code(), ErrorCode::TimedOut);
    QVERIFY2(got->error().message.contains(QLatin1String("waited")), qPrintable(got->error().message));
    QCOMPARE(pool.queueLength(), 0);
}

void TestPoolBasics::noWaitFailsAtOnce()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QVERIFY(!pool.start());
    std::optional<Result<lease::Lease>> got;
    pool.requestGpu(NoWait, [&](const Result<lease::Lease> &res) { got = res; });
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 5000);
    QCOMPARE(got->code(), ErrorCode::TimedOut);
}

void TestPoolBasics::stopCancelsWaiters()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QVERIFY(!pool.start());
    QList<Result<lease::Lease>> got;
    for (int i = 0; i < 3; ++i)
        pool.requestGpu(WaitForever, [&](const Result<lease::Lease> &res) { got.append(res); });
    QCOMPARE(pool.queueLength(), 3);
    pool.stop();
    QTRY_COMPARE_WITH_TIMEOUT(got.size(), 3, 5000);
    for (const Result<lease::Lease> &r : got) {
        QCOMPARE(r.code(), ErrorCode::Cancelled);
        QVERIFY(!r.error().message.isEmpty());
    }
}

void TestPoolBasics::cancelRequest()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QVERIFY(!pool.start());
    std::optional<Result<lease::Lease>> got;
    const RequestId id = pool.requestGpu(WaitForever, [&](const Result<lease::Lease> &res) { got = res; });
    QVERIFY(pool.cancelRequest(id));
    QVERIFY(!pool.cancelRequest(id));
    QVERIFY(!pool.cancelRequest(9999));
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 5000);
    QCOMPARE(got->code(), ErrorCode::Cancelled);
}

void TestPoolBasics::reserveNotEnough()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QVERIFY(!pool.start());
    ReserveRequest r;
    r.count = 2;
    const Result<QList<lease::Lease>> got = pool.reserve(r);
    QVERIFY(!got);
    QCOMPARE(got.code(), ErrorCode::NotEnoughGpus);
    QCOMPARE(got.error().message, QStringLiteral("Not enough GPUs available. Requested: 2, Available: 0"));
}

void TestPoolBasics::releaseUnknownLease()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QVERIFY(!pool.start());
    QSignalSpy warnings(&pool, &Pool::warning);
    const Result<lease::LeaseEnd> asOperator = pool.releaseGpu(QStringLiteral("no-such-lease"));
    QVERIFY(!asOperator);
    QCOMPARE(asOperator.code(), ErrorCode::UnknownLease);
    QVERIFY(!asOperator.error().isWarning());
    QVERIFY(asOperator.error().message.contains(QLatin1String("no-such-lease")));
    QCOMPARE(warnings.size(), 0);

    ReleaseOptions program;
    program.asProgram = true;
    const Result<lease::LeaseEnd> asProgram = pool.releaseGpu(QStringLiteral("no-such-lease"), program);
    QVERIFY(!asProgram);
    QVERIFY(asProgram.error().isWarning());
    QCOMPARE(warnings.size(), 1);
}

void TestPoolBasics::retryNeedsMultiEndpointMode()
{
    Pool pool(options(config::Mode::SingleEndpoint, { QUrl(QStringLiteral("http://127.0.0.1:9")) }));
    QVERIFY(!pool.isMultiEndpointMode());
    std::optional<Result<QVariant>> got;
    QCOMPARE(pool.queueRequestForRetry([] { return QVariant(1); }, [&](const Result<QVariant> &r) { got = r; }),
             quint64(0));
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 5000);
    QCOMPARE(got->code(), ErrorCode::NotMultiEndpoint);
}

void TestPoolBasics::retryTimesOut()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QVERIFY(!pool.start());
    QSignalSpy queue(&pool, &Pool::retryQueueChanged);
    bool ran = false;
    std::optional<Result<QVariant>> got;
    QVERIFY(pool.queueRequestForRetry(
        [&] {
            ran = true;
            return QVariant();
        },
        [&](const Result<QVariant> &r) { got = r; }, 100));
    QCOMPARE(pool.retryQueueLength(), 1);
    QCOMPARE(pool.errorRecoveryStatus().queuedRequests, 1);
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 5000);
    QCOMPARE(got->code(), ErrorCode::TimedOut);
    QVERIFY(!ran);
    QCOMPARE(pool.retryQueueLength(), 0);
    QCOMPARE(queue.size(), 2);
}

void TestPoolBasics::stopCancelsRetries()
{
    Pool pool(options(config::Mode::MultiEndpoint));
    QVERIFY(!pool.start());
    std::optional<Result<QVariant>> got;
    QVERIFY(pool.queueRequestForRetry([] { return QVariant(); }, [&](const Result<QVariant> &r) { got = r; }));
    pool.stop();
    QVERIFY(got.has_value());
    QCOMPARE(got->code(), ErrorCode::Cancelled);
}

void TestPoolBasics::triggerRecoveryOfUnknownEndpoint()
{
    Pool pool(options(config::Mode::MultiEndpoint, { QUrl(QStringLiteral("http://127.0.0.1:9")) }));
    const Result<bool> r = pool.triggerEndpointRecovery(QStringLiteral("nope"));
    QVERIFY(!r);
    QCOMPARE(r.code(), ErrorCode::UnknownEndpoint);
    QVERIFY(r.error().message.contains(QLatin1String("e0")));
    const Result<bool> closed = pool.triggerEndpointRecovery(QStringLiteral("e0"));
    QVERIFY(closed.ok());
    QVERIFY(!closed.value()); // its breaker is not open: nothing to do
}

void TestPoolBasics::summaryInBothModes()
{
    Pool single(options(config::Mode::SingleEndpoint, { QUrl(QStringLiteral("http://127.0.0.1:9")) }));
    QCOMPARE(single.recoverySummary(),
             QStringLiteral("\n=== Error Recovery Status ===\n"
                            "Mode: Single-endpoint (error recovery not applicable)\n\n"));
    QVERIFY(single.endpointsInfo().isEmpty());
    QCOMPARE(single.poolStatus().endpoints.size(), 1);

    Pool multi(options(config::Mode::MultiEndpoint, { QUrl(QStringLiteral("http://127.0.0.1:9")) }));
    QVERIFY(multi.recoverySummary().endsWith(QLatin1String("--- Circuit Breaker Status ---\n"
                                                           "e0: CLOSED (Failure Rate: 0.0%)\n\n")));
    QCOMPARE(multi.endpointsInfo().size(), 1);
}

void TestPoolBasics::refreshOnceWithNothingReachable()
{
    // A port that was just free: connecting is refused.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QUrl url(QStringLiteral("http://127.0.0.1"));
    url.setPort(port);
    Pool pool(options(config::Mode::MultiEndpoint, { url }));
    std::optional<RefreshResult> got;
    QVERIFY(!pool.refreshOnce([&](const RefreshResult &r) { got = r; }));
    QVERIFY(pool.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 5000);
    QCOMPARE(got->endpoints, 1);
    QCOMPARE(got->reachable, 0);
    QVERIFY(!got->anyReachable());
    QVERIFY(!pool.anyEndpointReachable());
    QCOMPARE(got->failures.size(), 1);
    QVERIFY2(got->failures.at(0).startsWith(QLatin1String("e0: ")), qPrintable(got->failures.at(0)));
}

QTEST_GUILESS_MAIN(TestPoolBasics)
#include "tst_pool_basics.moc"
