// The contention test's judge (tests/integration/redis/contentioncheck.h) on
// made-up records and logs: what it must let pass and what it must catch.
// The first case is a real run of tst_rediscontention that it once called a
// double grant.
#include "../../integration/redis/contentioncheck.h"

#include <QTest>

using namespace gpupool;
using namespace gpupool::lease;
using gpupool::testing::checkContention;
using gpupool::testing::checkQueueOrder;
using gpupool::testing::ClientLog;

namespace {

// The store's side of one run: every lease on GPU srv1:1, ended as given.
struct Records
{
    QHash<QString, Lease> active;
    QHash<QString, LeaseEnd> ended;
    QHash<QString, quint64> fences;

    void add(const QString &id, const QString &owner, qint64 created, qint64 expires, EndReason reason, qint64 endedAt)
    {
        Lease l;
        l.id = id;
        l.endpointId = QStringLiteral("srv1");
        l.localGpuId = 1;
        l.owner = owner;
        l.createdMs = created;
        l.expiresMs = expires;
        l.fence = ++fences[l.gpuId()];
        ended.insert(id, { l, reason, reason == EndReason::Expired ? QStringLiteral("someone") : owner, endedAt });
    }
    QStringList check(const QList<ClientLog> &logs, int historyKept = 10000) const
    {
        return checkContention(logs, active, ended, fences, historyKept).problems;
    }
    // The store dropped its oldest ended record (its history is full).
    void forgetOldest()
    {
        auto oldest = ended.begin();
        for (auto it = ended.begin(); it != ended.end(); ++it)
            if (it->lease.fence < oldest->lease.fence)
                oldest = it;
        ended.erase(oldest);
    }
};

QByteArray line(const char *text)
{
    return QByteArray(text);
}

} // namespace

class TestContentionCheck : public QObject
{
    Q_OBJECT

private slots:
    void beliefsTouchingInOneMillisecondPass();
    void overlappingBeliefsAreCaught();
    void beliefAcknowledgedBeforeTheEarlierOneEndedIsCaught();
    void beliefEndsWhereTheServerExpiredTheLease();
    void leasesOlderThanAFullHistoryAreForgottenNotLost();
    void aGapInAHistoryThatIsNotFullIsCaught();
    void waitersServedInQueueOrderPass();
    void youngerWaiterServedFirstIsCaught();
};

void TestContentionCheck::beliefsTouchingInOneMillisecondPass()
{
    // From a failed run: proc2 was granted at ms 837, acknowledged, stopped
    // and released at 838; inproc1 was granted and acknowledged at 838 and
    // stopped at 839. The server's records put them one after the other.
    Records r;
    r.add(QStringLiteral("proc2@ws-434"), QStringLiteral("proc2@ws"), 837, 2337, EndReason::Released, 838);
    r.add(QStringLiteral("inproc1@ws-217"), QStringLiteral("inproc1@ws"), 838, 2338, EndReason::Released, 839);
    const ClientLog inproc1 { QStringLiteral("inproc1@ws"),
                              { line("T inproc1@ws-217 srv1:1"), line("G inproc1@ws-217 srv1:1 2 838"),
                                line("Q inproc1@ws-217 839"), line("R inproc1@ws-217") } };
    const ClientLog proc2 { QStringLiteral("proc2@ws"),
                            { line("T proc2@ws-434 srv1:1"), line("G proc2@ws-434 srv1:1 1 838"),
                              line("Q proc2@ws-434 838"), line("R proc2@ws-434") } };
    // The test lists in-process clients first; either order must pass.
    QCOMPARE(r.check({ inproc1, proc2 }), QStringList());
    QCOMPARE(r.check({ proc2, inproc1 }), QStringList());
}

void TestContentionCheck::overlappingBeliefsAreCaught()
{
    // The records look fine, but B was told it had the GPU at 850 while A
    // still used it until 860: a lost release or a record that lies.
    Records r;
    r.add(QStringLiteral("a-1"), QStringLiteral("a"), 800, 2300, EndReason::Released, 840);
    r.add(QStringLiteral("b-1"), QStringLiteral("b"), 845, 2345, EndReason::Released, 900);
    const ClientLog a { QStringLiteral("a"), { line("G a-1 srv1:1 1 801"), line("Q a-1 860"), line("R a-1") } };
    const ClientLog b { QStringLiteral("b"), { line("G b-1 srv1:1 2 850"), line("Q b-1 890"), line("R b-1") } };
    for (const QList<ClientLog> &logs : { QList<ClientLog> { a, b }, QList<ClientLog> { b, a } }) {
        const QStringList problems = r.check(logs);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().contains(QLatin1String("both believed they held it at 850")),
                 qPrintable(problems.first()));
    }
}

void TestContentionCheck::beliefAcknowledgedBeforeTheEarlierOneEndedIsCaught()
{
    // B's lease was granted after A's (fence 2), yet B says it had the GPU
    // from 805 to 808, before A even had it: impossible unless the records
    // or a log lie. Sorting by start, the old judge saw no overlap.
    Records r;
    r.add(QStringLiteral("a-1"), QStringLiteral("a"), 800, 2300, EndReason::Released, 840);
    r.add(QStringLiteral("b-1"), QStringLiteral("b"), 845, 2345, EndReason::Released, 900);
    const ClientLog a { QStringLiteral("a"), { line("G a-1 srv1:1 1 810"), line("Q a-1 830"), line("R a-1") } };
    const ClientLog b { QStringLiteral("b"), { line("G b-1 srv1:1 2 805"), line("Q b-1 808"), line("R b-1") } };
    QCOMPARE(r.check({ a, b }).size(), 1);
}

void TestContentionCheck::beliefEndsWhereTheServerExpiredTheLease()
{
    // A held on past its expiry (the server's clock decides), so B could
    // be granted at 1600: A's belief counts until 1500 only.
    Records r;
    r.add(QStringLiteral("a-1"), QStringLiteral("a"), 0, 1500, EndReason::Expired, 1500);
    r.add(QStringLiteral("b-1"), QStringLiteral("b"), 1600, 3100, EndReason::Released, 1700);
    const ClientLog a { QStringLiteral("a"), { line("G a-1 srv1:1 1 1"), line("Q a-1 2000"), line("RE a-1 ended") } };
    const ClientLog b { QStringLiteral("b"), { line("G b-1 srv1:1 2 1601"), line("Q b-1 1650"), line("R b-1") } };
    QCOMPARE(r.check({ a, b }), QStringList());
}

void TestContentionCheck::leasesOlderThanAFullHistoryAreForgottenNotLost()
{
    // The store keeps 2 ended leases; a-1 (fence 1) was dropped. Known by
    // its fence (1 < 2, the oldest kept), or, for a client not told its
    // fence ("-", as gpupoolctl run's command), by its acknowledgement (at
    // 5) before b-1, the oldest kept, was created (at 100).
    Records r;
    r.add(QStringLiteral("a-1"), QStringLiteral("a"), 0, 1500, EndReason::Released, 50);
    r.add(QStringLiteral("b-1"), QStringLiteral("b"), 100, 1600, EndReason::Released, 150);
    r.add(QStringLiteral("d-1"), QStringLiteral("d"), 200, 1700, EndReason::Released, 250);
    r.forgetOldest();
    const ClientLog a { QStringLiteral("a"), { line("G a-1 srv1:1 1 5"), line("Q a-1 40"), line("R a-1") } };
    const ClientLog b { QStringLiteral("b"), { line("G b-1 srv1:1 2 101"), line("Q b-1 140"), line("R b-1") } };
    const ClientLog d { QStringLiteral("d"), { line("G d-1 srv1:1 - 201"), line("Q d-1 240"), line("R d-1") } };
    QCOMPARE(r.check({ a, b, d }, 2), QStringList());
    const auto report = checkContention({ a, b, d }, r.active, r.ended, r.fences, 2);
    QCOMPARE(report.forgotten, 1);
    const ClientLog unfenced { QStringLiteral("a"), { line("G a-1 srv1:1 - 5"), line("Q a-1 40"), line("R a-1") } };
    QCOMPARE(r.check({ unfenced, b, d }, 2), QStringList());

    // Without its fence, a lease acknowledged after the oldest kept one was
    // created cannot be one that was dropped: it is lost.
    const ClientLog late { QStringLiteral("a"), { line("G a-1 srv1:1 - 120"), line("Q a-1 130") } };
    const QStringList problems = r.check({ late, b, d }, 2);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QLatin1String("a-1 of a is not in the store")), qPrintable(problems.first()));
}

void TestContentionCheck::aGapInAHistoryThatIsNotFullIsCaught()
{
    // Fence 1 is gone although the store could have kept 10,000.
    Records r;
    r.add(QStringLiteral("a-1"), QStringLiteral("a"), 0, 1500, EndReason::Released, 50);
    r.add(QStringLiteral("b-1"), QStringLiteral("b"), 100, 1600, EndReason::Released, 150);
    r.forgetOldest();
    const QStringList problems = r.check({});
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QLatin1String("fences 1 to 1 are gone")), qPrintable(problems.first()));
}

void TestContentionCheck::waitersServedInQueueOrderPass()
{
    // a joined first (id 4), then b (5); c never waited; d left without a grant.
    const QList<ClientLog> logs {
        { QStringLiteral("b"), { line("W 5 100"), line("G L3 srv1:1 3 300") } },
        { QStringLiteral("a"), { line("W 4 90"), line("G L2 srv1:1 2 200") } },
        { QStringLiteral("c"), { line("G L1 srv1:1 1 50") } },
        { QStringLiteral("d"), { line("W 3 80"), line("X 150") } },
    };
    const auto report = checkQueueOrder(logs);
    QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    QCOMPARE(report.servedWaiters, 2);
}

void TestContentionCheck::youngerWaiterServedFirstIsCaught()
{
    const QList<ClientLog> logs {
        { QStringLiteral("a"), { line("W 4 90"), line("G L3 srv1:1 3 300") } },
        { QStringLiteral("b"), { line("W 5 100"), line("G L2 srv1:1 2 200") } },
    };
    const auto report = checkQueueOrder(logs);
    QCOMPARE(report.problems.size(), 1);
    QVERIFY(report.problems.first().contains(QLatin1String("queue id 4")));
    // One id given to two waiters is caught too.
    const auto twice
        = checkQueueOrder({ { QStringLiteral("a"), { line("W 4 90") } }, { QStringLiteral("b"), { line("W 4 95") } } });
    QCOMPARE(twice.problems.size(), 1);
}

QTEST_GUILESS_MAIN(TestContentionCheck)
#include "tst_contentioncheck.moc"
