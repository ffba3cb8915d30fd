// AllocatorHost: the allocator and its store as jobs, inline or on a thread
// of their own. Both ways: call() returns with its news delivered, post()
// answers after the call returns, news reach the listener in order and after
// the figures that show them, a waiting request is cancelled by the Pool's
// id, and a closed host answers with what it was given. A memory store and
// fake clocks: nothing here waits for time to pass.
#include "pool/allocatorhost.h"

#include "../lease/fakewallclock.h"

#include "lease/memoryleasestore.h"

#include <QTest>
#include <QThread>

using namespace gpupool;
using namespace gpupool::pool;

namespace {

// What the host says, with what the figures showed when it said it.
class Recorder final : public AllocatorListener
{
public:
    AllocatorHost *host = nullptr;
    QStringList events;
    QList<int> leasesSeen; // figures().leases.size() at each grant and end
    QList<int> availableSeen;
    QList<Qt::HANDLE> threads;

    void seen()
    {
        leasesSeen.append(host->figures().leases.size());
        availableSeen.append(host->available());
        threads.append(QThread::currentThreadId());
    }
    void leaseGranted(const lease::Lease &l) override
    {
        events.append(QStringLiteral("granted ") + l.gpuId());
        seen();
    }
    void leaseRenewed(const lease::Lease &) override { events.append(QStringLiteral("renewed")); }
    void leaseEnded(const lease::LeaseEnd &e) override
    {
        events.append(QStringLiteral("ended ") + e.lease.gpuId());
        seen();
    }
    void requestQueued(RequestId id, int position) override
    {
        events.append(QStringLiteral("queued %1 at %2").arg(id).arg(position));
    }
    void requestDone(RequestId id, const lease::Result<lease::Lease> &r) override
    {
        events.append(QStringLiteral("done %1 %2").arg(id).arg(r ? QStringLiteral("granted") : r.error().message));
    }
    void reservationDone(RequestId id, const lease::Result<QList<lease::Lease>> &) override
    {
        events.append(QStringLiteral("reserved %1").arg(id));
    }
    void queueMoved() override { events.append(QStringLiteral("queue moved")); }
    void leasesReloaded() override {}
    void storeChangedElsewhere(const lease::Result<QString> &) override {}
    void storeStatusChanged() override {}
    void storeWarning(const QString &) override {}
    void figuresChanged() override {}
};

balance::EndpointView endpointWith(int gpus)
{
    balance::EndpointView v;
    v.id = QStringLiteral("a");
    for (int i = 0; i < gpus; ++i) {
        balance::GpuView g;
        g.localId = i;
        g.name = QStringLiteral("H100");
        v.gpus.append(g);
    }
    return v;
}

AllocatorHost::StoreMaker memoryStore()
{
    return
        [] { return lease::Result<std::unique_ptr<lease::LeaseStore>>(std::make_unique<lease::MemoryLeaseStore>()); };
}

lease::RequestOptions asker(qint64 timeoutMs = -1)
{
    lease::RequestOptions o;
    o.owner = QStringLiteral("tester@host");
    o.timeoutMs = timeoutMs;
    return o;
}

using Work = AllocatorHost::Work;

} // namespace

class TestAllocatorHost : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QFETCH_GLOBAL(bool, ownThread);
        m_recorder = std::make_unique<Recorder>();
        AllocatorHost::Setup setup;
        setup.ownThread = ownThread;
        setup.clock = &m_clocks.mono;
        setup.wallClock = &m_clocks.wall;
        setup.identity = QStringLiteral("tester@host");
        int n = 0;
        setup.leaseIdGenerator = [n]() mutable { return QStringLiteral("lease-%1").arg(++n); };
        m_host = std::make_unique<AllocatorHost>(*m_recorder, setup);
        m_recorder->host = m_host.get();
        QVERIFY(!m_host->open(memoryStore()));
        m_host->callVoid([](Work &w) {
            w.allocator.setEndpoints({ endpointWith(2) });
            QVERIFY(!w.allocator.start());
        });
    }
    void cleanup()
    {
        m_host.reset();
        m_recorder.reset();
    }

    void initTestCase_data()
    {
        QTest::addColumn<bool>("ownThread");
        QTest::newRow("own thread") << true;
        QTest::newRow("inline") << false;
    }

    void callReturnsWithItsNewsDelivered()
    {
        const lease::Result<QList<lease::Lease>> r = m_host->call<lease::Result<QList<lease::Lease>>>(
            [](Work &w) {
                lease::ReserveOptions o;
                o.owner = QStringLiteral("tester@host");
                return w.allocator.reserve(o);
            },
            lease::LeaseError {});
        QVERIFY(r.ok());
        QCOMPARE(m_recorder->events, QStringList { QStringLiteral("granted a:0") });
        // The handler saw the grant in the figures, and so does the caller now.
        QCOMPARE(m_recorder->leasesSeen, QList<int> { 1 });
        QCOMPARE(m_recorder->availableSeen, QList<int> { 1 });
        QCOMPARE(m_host->figures().leases.size(), 1);
        QCOMPARE(m_host->available(), 1);
        // News reach the listener on the caller's thread, whichever runs the store.
        QCOMPARE(m_recorder->threads, QList<Qt::HANDLE> { QThread::currentThreadId() });
    }

    void postAnswersAfterTheCallReturns()
    {
        std::optional<bool> answered;
        m_host->post<bool>(
            [](Work &w) {
                lease::ReserveOptions o;
                o.owner = QStringLiteral("tester@host");
                return w.allocator.reserve(o).ok();
            },
            [&](const bool &ok) { answered = ok; }, false);
        QVERIFY(!answered); // never inside the call that asked
        QTRY_VERIFY(answered.has_value());
        QVERIFY(*answered);
        // The news of the job came before its answer, and the figures with them.
        QCOMPARE(m_recorder->events, QStringList { QStringLiteral("granted a:0") });
        QCOMPARE(m_host->figures().leases.size(), 1);
    }

    void jobsRunInTheOrderTheyWerePosted()
    {
        QStringList order;
        for (int i = 0; i < 5; ++i)
            m_host->post<int>([i](Work &) { return i; }, [&order](const int &v) { order.append(QString::number(v)); },
                              -1);
        QTRY_COMPARE(order.size(), 5);
        QCOMPARE(order,
                 (QStringList { QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                                QStringLiteral("4") }));
    }

    void requestsAreNamedByThePoolsId()
    {
        m_host->request(7, asker());
        m_host->request(8, asker());
        m_host->request(9, asker()); // both GPUs are gone: this one waits
        QTRY_COMPARE(m_recorder->events.count(QStringLiteral("queued 9 at 0")), 1);
        QTRY_VERIFY(m_recorder->events.contains(QStringLiteral("done 7 granted")));
        QTRY_VERIFY(m_recorder->events.contains(QStringLiteral("done 8 granted")));
        QTRY_COMPARE(m_host->queueLength(), 1);

        QVERIFY(m_host->cancel(9));
        QVERIFY(!m_host->cancel(9)); // no longer waiting
        QVERIFY(!m_host->cancel(7)); // answered long ago
        QTRY_VERIFY(std::any_of(m_recorder->events.cbegin(), m_recorder->events.cend(),
                                [](const QString &e) { return e.startsWith(QLatin1String("done 9 ")); }));
        QCOMPARE(m_host->queueLength(), 0);
    }

    void aWaiterIsServedWhenAGpuFrees()
    {
        m_host->request(1, asker());
        m_host->request(2, asker());
        m_host->request(3, asker());
        QTRY_COMPARE(m_host->queueLength(), 1);
        const QString first = m_host->figures().leases.all().first().id;
        m_host->callVoid([first](Work &w) { QVERIFY(w.allocator.release(first, QStringLiteral("tester@host"))); });
        QTRY_VERIFY(m_recorder->events.contains(QStringLiteral("done 3 granted")));
        // Ended, then granted again, in one job: both news come after it,
        // with the figures as that job left them.
        const qsizetype ended = m_recorder->events.indexOf(QStringLiteral("ended a:0"));
        QVERIFY(ended >= 0);
        QCOMPARE(m_recorder->events.at(ended + 1), QStringLiteral("granted a:0"));
        QCOMPARE(m_recorder->leasesSeen.mid(2), (QList<int> { 2, 2 }));
    }

    void timeIsTheInjectedClocks()
    {
        m_host->request(1, asker());
        m_host->request(2, asker());
        m_host->request(3, asker(5'000));
        QTRY_COMPARE(m_host->queueLength(), 1);
        QCOMPARE(m_host->msUntilNextTick(), 1'000); // the queue's heartbeat
        m_clocks.advance(5'000);
        m_host->callVoid([](Work &w) { w.allocator.tick(); });
        QTRY_VERIFY(std::any_of(m_recorder->events.cbegin(), m_recorder->events.cend(), [](const QString &e) {
            return e.startsWith(QLatin1String("done 3 ")) && e.contains(QLatin1String("5"));
        }));
    }

    void aClosedHostAnswersWithWhatItWasGiven()
    {
        m_host->close();
        QVERIFY(!m_host->isOpen());
        QCOMPARE(m_host->call<int>([](Work &) { return 1; }, -1), -1);
        std::optional<int> answer;
        m_host->post<int>([](Work &) { return 1; }, [&](const int &v) { answer = v; }, -1);
        QVERIFY(!answer);
        QTRY_COMPARE(answer, std::optional<int>(-1));
        QCOMPARE(m_host->available(), 0);
        QVERIFY(!m_host->isRunning());
        // Open again: a fresh store, nothing from before.
        QVERIFY(!m_host->open(memoryStore()));
        QVERIFY(m_host->figures().leases.isEmpty());
    }

private:
    testing::Clocks m_clocks;
    std::unique_ptr<Recorder> m_recorder;
    std::unique_ptr<AllocatorHost> m_host;
};

QTEST_GUILESS_MAIN(TestAllocatorHost)
#include "tst_allocatorhost.moc"
