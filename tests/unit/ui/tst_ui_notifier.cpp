// The tray's idle-lease notice, on a fake clock: a GPU of one's own lease idle
// (under 5 %) for half an hour is said once, someone else's never, and a busy
// moment starts the half hour again. The Pool is never started: the notifier
// is given the GPUs it judges. And the notice that someone runs on a GPU of
// mine without a lease, said once per set of users.

#include "ui/traynotifier.h"

#include "pool/pool.h"

#include <QSignalSpy>
#include <QTest>

using namespace gpupool;
using namespace gpupool::ui;

class TestUiNotifier : public QObject
{
    Q_OBJECT

private:
    static pool::PoolOptions options()
    {
        pool::PoolOptions o;
        o.owner = QStringLiteral("operator@test");
        return o;
    }
    pool::Pool m_pool { options() };

private slots:
    void notifierSaysOnceWhenALeasedGpuIdlesHalfAnHour()
    {
        TrayNotifier notifier(m_pool);
        QSignalSpy notified(&notifier, &TrayNotifier::notified);
        const qint64 now = 1'900'000'000'000; // epoch ms: the lease runs far longer
        constexpr qint64 Minute = 60'000;
        pool::GpuInfo gpu;
        gpu.endpointId = QStringLiteral("alpha");
        gpu.localId = 3;
        gpu.globalId = gpu.gpuId = QStringLiteral("alpha:3");
        gpu.utilizationPercent = 3;
        lease::Lease l;
        l.id = QStringLiteral("idle-lease");
        l.endpointId = gpu.endpointId;
        l.localGpuId = gpu.localId;
        l.owner = m_pool.owner();
        l.expiresMs = now + 4 * 60 * Minute;
        gpu.lease = l;
        pool::GpuInfo theirs = gpu;
        theirs.globalId = theirs.gpuId = QStringLiteral("alpha:2");
        theirs.localId = 2;
        theirs.lease->id = QStringLiteral("their-lease");
        theirs.lease->owner = QStringLiteral("colleague@test");

        // Idle from minute 0; busy for a moment at 20 starts the half hour again.
        notifier.check({ gpu, theirs }, now, 0);
        notifier.check({ gpu, theirs }, now, 19 * Minute);
        pool::GpuInfo busy = gpu;
        busy.utilizationPercent = 60;
        notifier.check({ busy, theirs }, now, 20 * Minute);
        notifier.check({ gpu, theirs }, now, 21 * Minute);
        notifier.check({ gpu, theirs }, now, 50 * Minute);
        QCOMPARE(notified.count(), 0); // 29 minutes idle
        gpu.utilizationPercent = 4.9; // under 5 % is idle
        notifier.check({ gpu, theirs }, now, 51 * Minute);
        QCOMPARE(notified.count(), 1);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Leased GPU idle"));
        QVERIFY(notified.first().at(1).toString().contains(QStringLiteral("alpha:3")));
        notifier.check({ gpu, theirs }, now, 120 * Minute);
        QCOMPARE(notified.count(), 1); // said once, and only about mine
        // At 5 % it is working; idle again later is a new half hour, said again.
        gpu.utilizationPercent = 5;
        notifier.check({ gpu, theirs }, now, 121 * Minute);
        gpu.utilizationPercent = 1;
        notifier.check({ gpu, theirs }, now, 122 * Minute);
        notifier.check({ gpu, theirs }, now, 152 * Minute);
        QCOMPARE(notified.count(), 2);
    }

    void notifierSaysWhoRunsOnMyGpuWithoutALease()
    {
        TrayNotifier notifier(m_pool);
        QSignalSpy notified(&notifier, &TrayNotifier::notified);
        const qint64 now = 1'900'000'000'000;
        pool::GpuInfo gpu;
        gpu.globalId = gpu.gpuId = QStringLiteral("alpha:0");
        gpu.utilizationPercent = 90;
        lease::Lease l;
        l.id = QStringLiteral("mine");
        l.owner = m_pool.owner();
        l.expiresMs = now + 4 * 3'600'000;
        gpu.lease = l;
        pool::GpuInfo theirs = gpu;
        theirs.globalId = theirs.gpuId = QStringLiteral("alpha:1");
        theirs.lease->id = QStringLiteral("theirs");
        theirs.lease->owner = QStringLiteral("colleague@test");
        theirs.unleasedUsers = { QStringLiteral("mallory") }; // not mine to be told

        notifier.check({ gpu, theirs }, now, 0);
        QCOMPARE(notified.count(), 0);
        gpu.unleasedUsers = { QStringLiteral("mallory") };
        notifier.check({ gpu, theirs }, now, 1'000);
        notifier.check({ gpu, theirs }, now, 2'000);
        QCOMPARE(notified.count(), 1); // said once
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("GPU used without a lease"));
        QVERIFY(notified.first().at(1).toString().contains(QStringLiteral("mallory")));
        QVERIFY(notified.first().at(1).toString().contains(QStringLiteral("alpha:0")));
        gpu.unleasedUsers = { QStringLiteral("mallory"), QStringLiteral("trudy") };
        notifier.check({ gpu, theirs }, now, 3'000);
        QCOMPARE(notified.count(), 2); // someone new: said again
    }
};

QTEST_MAIN(TestUiNotifier)
#include "tst_ui_notifier.moc"
