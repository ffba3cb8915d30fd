// RetryQueue: work that waits until an endpoint is back. It runs once, from
// the event loop (never inside the call that queued it), only while the
// Pool says it may; it fails with TimedOut at its deadline, on the injected
// clock, or with the error failAll() is given.
#include "pool/retryqueue.h"

#include "fakeclock.h"

#include <QSignalSpy>
#include <QTest>

using namespace gpupool;
using namespace gpupool::pool;

class TestRetryQueue : public QObject
{
    Q_OBJECT

private slots:
    void runsOnceFromTheEventLoopWhenAllowed()
    {
        testing::FakeClock clock;
        bool up = false;
        RetryQueue queue(clock, [&] { return up; });
        QSignalSpy sizes(&queue, &RetryQueue::sizeChanged);
        int ran = 0;
        std::optional<Result<QVariant>> answer;
        const quint64 id = queue.add(
            [&] {
                ++ran;
                return QVariant(42);
            },
            [&](const Result<QVariant> &r) { answer = r; }, -1);
        QCOMPARE(id, quint64(1));
        QCOMPARE(queue.size(), 1);
        QCOMPARE(sizes.takeFirst().at(0).toInt(), 1);
        queue.runIfPossible(); // not allowed yet
        QCoreApplication::processEvents();
        QCOMPARE(ran, 0);

        up = true;
        queue.runIfPossible();
        QCOMPARE(ran, 0); // not inside the call
        QTRY_COMPARE(ran, 1);
        QVERIFY(answer && answer->ok());
        QCOMPARE(answer->value().toInt(), 42);
        QCOMPARE(queue.size(), 0);
        QCOMPARE(sizes.takeFirst().at(0).toInt(), 0);
        queue.runIfPossible();
        QCoreApplication::processEvents();
        QCOMPARE(ran, 1); // once
    }

    void asksAgainBeforeRunning()
    {
        testing::FakeClock clock;
        bool up = true;
        RetryQueue queue(clock, [&] { return up; });
        int ran = 0;
        queue.add(
            [&] {
                ++ran;
                return QVariant();
            },
            {}, -1); // runs soon: an endpoint is up
        up = false; // ... but went down before the loop came round
        QCoreApplication::processEvents();
        QCOMPARE(ran, 0);
        QCOMPARE(queue.size(), 1);
    }

    void timesOutOnTheInjectedClock()
    {
        testing::FakeClock clock;
        RetryQueue queue(clock, [] { return false; });
        std::optional<Result<QVariant>> first, second;
        queue.add([] { return QVariant(); }, [&](const Result<QVariant> &r) { first = r; }, 0);
        QVERIFY(first && !first->ok()); // a deadline already passed: at once
        QCOMPARE(first->error().code, ErrorCode::TimedOut);
        QVERIFY(first->error().message.contains(QLatin1String("waited 0.0 s")));

        queue.add([] { return QVariant(); }, [&](const Result<QVariant> &r) { second = r; }, 60'000);
        clock.advance(59'999);
        queue.expireDue();
        QVERIFY(!second);
        clock.advance(1);
        queue.expireDue(); // what the deadline timer does when it fires
        QVERIFY(second.has_value());
        QCOMPARE(second->error().code, ErrorCode::TimedOut);
        QVERIFY(second->error().message.contains(QLatin1String("waited 60.0 s")));
        QCOMPARE(queue.size(), 0);
    }

    void failAllAnswersEveryEntry()
    {
        testing::FakeClock clock;
        RetryQueue queue(clock, [] { return false; });
        QList<ErrorCode> codes;
        for (int i = 0; i < 3; ++i)
            queue.add([] { return QVariant(); }, [&](const Result<QVariant> &r) { codes.append(r.error().code); }, -1);
        queue.failAll(Error { ErrorCode::Cancelled, QStringLiteral("stopped"), Error::Severity::Error });
        QCOMPARE(codes, (QList<ErrorCode> { ErrorCode::Cancelled, ErrorCode::Cancelled, ErrorCode::Cancelled }));
        QCOMPARE(queue.size(), 0);
        QCOMPARE(queue.add([] { return QVariant(); }, {}, -1), quint64(4)); // ids are never reused
    }
};

QTEST_GUILESS_MAIN(TestRetryQueue)
#include "tst_retryqueue.moc"
