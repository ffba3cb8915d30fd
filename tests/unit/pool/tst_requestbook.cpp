// RequestBook: every answer reaches the request's callback and the Pool's
// signal exactly once, from the event loop (never inside the call that
// asked), and at once while the Pool is being destroyed.
#include "pool/pool.h"
#include "pool/requestbook.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace gpupool;
using namespace gpupool::pool;

namespace {

lease::Lease leaseOn(int gpu)
{
    lease::Lease l;
    l.id = QStringLiteral("lease-%1").arg(gpu);
    l.endpointId = QStringLiteral("a");
    l.localGpuId = gpu;
    return l;
}

} // namespace

class TestRequestBook : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        PoolOptions o;
        o.settings.storeUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("leases.sqlite"));
        m_pool = std::make_unique<Pool>(o);
    }
    void cleanup() { m_pool.reset(); }

    void answersOnceFromTheEventLoop()
    {
        RequestBook book(*m_pool);
        QSignalSpy granted(m_pool.get(), &Pool::requestGranted);
        QSignalSpy failed(m_pool.get(), &Pool::requestFailed);
        const RequestId a = book.nextId();
        const RequestId b = book.nextId();
        QCOMPARE(b, a + 1);
        QList<QString> answers;
        book.add(a, [&](const Result<lease::Lease> &r) { answers.append(r ? r->id : r.error().message); });
        book.add(b, [&](const Result<lease::Lease> &r) { answers.append(r ? r->id : r.error().message); });
        QVERIFY(book.contains(a));

        book.answer(a, leaseOn(0));
        book.answer(a, leaseOn(1)); // answered already: ignored
        book.answer(b, Error { ErrorCode::TimedOut, QStringLiteral("too late"), Error::Severity::Error });
        QVERIFY(!book.contains(a) && !book.contains(b));
        QVERIFY(answers.isEmpty()); // not inside the call
        QTRY_COMPARE(answers.size(), 2);
        QCOMPARE(answers, (QList<QString> { QStringLiteral("lease-0"), QStringLiteral("too late") }));
        QCOMPARE(granted.size(), 1);
        QCOMPARE(granted.first().at(0).value<RequestId>(), a);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(0).value<RequestId>(), b);
    }

    void reservationsAnswerWithEveryLease()
    {
        RequestBook book(*m_pool);
        QSignalSpy reserved(m_pool.get(), &Pool::reservationGranted);
        const RequestId id = book.nextId();
        qsizetype got = -1;
        book.addMany(id, [&](const Result<QList<lease::Lease>> &r) { got = r ? r->size() : 0; });
        book.answerMany(id, QList<lease::Lease> { leaseOn(0), leaseOn(1) });
        QTRY_COMPARE(got, 2);
        QCOMPARE(reserved.size(), 1);
    }

    void refusedAtOnceStillAnswersLater()
    {
        RequestBook book(*m_pool);
        bool answered = false;
        book.deliver(
            book.nextId(), [&](const Result<lease::Lease> &) { answered = true; },
            Error { ErrorCode::NotRunning, QStringLiteral("not running"), Error::Severity::Error });
        QVERIFY(!answered);
        QTRY_VERIFY(answered);
    }

    void aPoolThatGoesAnswersAtOnce()
    {
        RequestBook book(*m_pool);
        const RequestId id = book.nextId();
        bool answered = false;
        book.add(id, [&](const Result<lease::Lease> &) { answered = true; });
        book.setDestroying();
        book.answer(id, Error { ErrorCode::Cancelled, QStringLiteral("stopped"), Error::Severity::Error });
        QVERIFY(answered); // no loop turn is left for it
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Pool> m_pool;
};

QTEST_GUILESS_MAIN(TestRequestBook)
#include "tst_requestbook.moc"
