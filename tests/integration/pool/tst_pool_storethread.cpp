// The lease store on a thread of its own (PoolOptions::storeThread), as the
// console runs it: the Pool's thread (the window's) keeps answering while
// another program holds the SQLite file for 3 s, the news of a change come
// after the figures that show it, and a Pool goes away cleanly while its
// store is busy. Against a real gpupool-statd and a real SQLite file.
#include "poolrig.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

#include <atomic>

using namespace gpupool;
using namespace gpupool::pool;
using namespace gpupool::pool::testing;

namespace {
constexpr int waitMs = 15'000;
constexpr unsigned long holdSeconds = 3;

// Another program that holds the lease file's write lock for `holdSeconds`:
// every write of the Pool waits for it (up to the store's busy timeout).
class FileHolder
{
public:
    explicit FileHolder(const QString &path)
    {
        m_thread.reset(QThread::create([this, path] {
            const QString name = QStringLiteral("holder");
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(path);
                QSqlQuery q(db);
                m_locked = db.open() && q.exec(QStringLiteral("BEGIN EXCLUSIVE"));
                m_ready = true;
                if (m_locked) {
                    QThread::sleep(holdSeconds);
                    m_released = true; // before the commit: a write that waited sees it set
                    q.exec(QStringLiteral("COMMIT"));
                }
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }));
        m_thread->start();
        while (!m_ready)
            QThread::msleep(1);
    }
    ~FileHolder() { m_thread->wait(); }

    bool locked() const { return m_locked; }
    bool released() const { return m_released; }

private:
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_ready = false;
    std::atomic<bool> m_locked = false;
    std::atomic<bool> m_released = false;
};

} // namespace

class TestPoolStoreThread : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { ++m_n; }

    void poolThreadAnswersWhileTheStoreIsHeld_data();
    void poolThreadAnswersWhileTheStoreIsHeld();
    void newsComeAfterTheFiguresThatShowThem();
    void poolGoesAwayWhileItsStoreIsBusy();

private:
    PoolOptions options(bool ownThread) const
    {
        PoolOptions o = poolOptions(m_dir, store(), { { QStringLiteral("a"), m_statd.urls.at(0) } });
        o.storeThread = ownThread;
        return o;
    }
    QString store() const { return QStringLiteral("leases-%1.sqlite").arg(m_n); }
    QString storePath() const { return m_dir.filePath(store()); }

    QTemporaryDir m_dir;
    StatdCluster m_statd;
    int m_n = 0;
};

void TestPoolStoreThread::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_statd = startStatd(2, 1);
    QVERIFY(m_statd.isUp());
}

void TestPoolStoreThread::poolThreadAnswersWhileTheStoreIsHeld_data()
{
    QTest::addColumn<bool>("ownThread");
    QTest::newRow("store on its own thread") << true;
    // The same steps with the store on the Pool's thread: the release holds
    // that thread until the file is free, which shows the test can tell.
    QTest::newRow("store inline") << false;
}

void TestPoolStoreThread::poolThreadAnswersWhileTheStoreIsHeld()
{
    QFETCH(bool, ownThread);
    Pool pool(options(ownThread));
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
    const Result<QList<lease::Lease>> reserved = pool.reserve(ReserveRequest {});
    QVERIFY2(reserved.ok(), qPrintable(reserved.ok() ? QString() : reserved.error().message));
    const QString leaseId = reserved->first().id;

    FileHolder holder(storePath());
    QVERIFY(holder.locked());
    bool timerFiredWhileHeld = false;
    QTimer::singleShot(0, &pool, [&] { timerFiredWhileHeld = !holder.released(); });
    std::optional<Result<lease::LeaseEnd>> answer;
    pool.releaseGpu(leaseId, {}, [&](const Result<lease::LeaseEnd> &r) { answer = r; });
    const bool returnedWhileHeld = !holder.released();
    // Reads answer at once: from what the store's thread last published
    // (the lease, until the release is through), or inline from the store.
    QCOMPARE(pool.activeLeases().size(), ownThread ? 1 : 0);

    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), waitMs);
    QVERIFY2(answer->ok(), qPrintable(answer->ok() ? QString() : answer->error().message));
    QVERIFY(holder.released()); // it was the holder that kept the answer back
    QCOMPARE(returnedWhileHeld, ownThread);
    QCOMPARE(timerFiredWhileHeld, ownThread);
    QVERIFY(pool.activeLeases().isEmpty());
    // Inline, the thread that waited polled nothing for 3 s: the readings
    // are stale until the next poll.
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
}

void TestPoolStoreThread::newsComeAfterTheFiguresThatShowThem()
{
    Pool pool(options(true));
    QVERIFY(!pool.start());
    QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
    QStringList seenInHandler;
    int availableInHandler = -1;
    connect(&pool, &Pool::leaseGranted, this, [&](const lease::Lease &l) {
        if (const std::optional<lease::Lease> found = pool.findLease(l.id))
            seenInHandler.append(found->id);
        availableInHandler = pool.availableGpus();
    });
    Outcomes out;
    pool.requestGpu(10'000, out.callback());
    QTRY_COMPARE_WITH_TIMEOUT(out.granted.size(), 1, waitMs);
    QCOMPARE(seenInHandler, QStringList { out.granted.first().id });
    QCOMPARE(availableInHandler, 1);
    // A release's signal likewise sees the GPU free again.
    int availableAtRelease = -1;
    connect(&pool, &Pool::leaseReleased, this, [&] { availableAtRelease = pool.availableGpus(); });
    QVERIFY(pool.releaseGpu(out.granted.first().id).ok());
    QCOMPARE(availableAtRelease, 2);
}

void TestPoolStoreThread::poolGoesAwayWhileItsStoreIsBusy()
{
    std::optional<FileHolder> holder;
    bool answered = false;
    {
        Pool pool(options(true));
        QVERIFY(!pool.start());
        QTRY_COMPARE_WITH_TIMEOUT(pool.availableGpus(), 2, waitMs);
        const Result<QList<lease::Lease>> reserved = pool.reserve(ReserveRequest {});
        QVERIFY(reserved.ok());
        holder.emplace(storePath());
        QVERIFY(holder->locked());
        pool.releaseGpu(reserved->first().id, {}, [&](const Result<lease::LeaseEnd> &r) { answered = r.ok(); });
        // Destroyed with the release still waiting on the file: it finishes
        // on the store's thread first, and its answer comes before the Pool
        // goes, as a waiter's does.
    }
    QVERIFY(holder->released());
    QVERIFY(answered);
    // Nothing was lost: the release reached the file.
    Pool again(options(true));
    QVERIFY(!again.start());
    QVERIFY(again.activeLeases().isEmpty());
}

QTEST_GUILESS_MAIN(TestPoolStoreThread)
#include "tst_pool_storethread.moc"
