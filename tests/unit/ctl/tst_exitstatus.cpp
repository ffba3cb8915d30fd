// gpupoolctl's exit statuses: each Pool error lands on the documented one.
#include "cli/exitstatus.h"

#include <QTest>

using namespace gpupool::cli;
using gpupool::pool::ErrorCode;

class TestExitStatus : public QObject
{
    Q_OBJECT

private slots:
    void values();
    void poolErrors_data();
    void poolErrors();
    void helpNamesEveryStatus();
};

void TestExitStatus::values()
{
    QCOMPARE(code(ExitStatus::Ok), 0);
    QCOMPARE(code(ExitStatus::Failure), 1);
    QCOMPARE(code(ExitStatus::Usage), 2);
    QCOMPARE(code(ExitStatus::TimedOut), 3);
    QCOMPARE(code(ExitStatus::NotEnoughGpus), 4);
    QCOMPARE(code(ExitStatus::NoEndpoint), 5);
}

void TestExitStatus::poolErrors_data()
{
    QTest::addColumn<ErrorCode>("error");
    QTest::addColumn<int>("status");
    QTest::newRow("invalid argument") << ErrorCode::InvalidArgument << 2;
    QTest::newRow("bad store URL") << ErrorCode::BadStoreUrl << 2;
    QTest::newRow("unknown strategy") << ErrorCode::UnknownStrategy << 2;
    QTest::newRow("unknown endpoint") << ErrorCode::UnknownEndpoint << 2;
    QTest::newRow("not multi-endpoint") << ErrorCode::NotMultiEndpoint << 2;
    QTest::newRow("timed out") << ErrorCode::TimedOut << 3;
    QTest::newRow("not enough GPUs") << ErrorCode::NotEnoughGpus << 4;
    QTest::newRow("no endpoint reachable") << ErrorCode::NoEndpointReachable << 5;
    for (ErrorCode e : { ErrorCode::NotRunning, ErrorCode::UnknownLease, ErrorCode::AlreadyEnded, ErrorCode::NotOwner,
                         ErrorCode::GpuTaken, ErrorCode::Cancelled, ErrorCode::StoreCorrupt, ErrorCode::StoreReadOnly,
                         ErrorCode::StoreTooNew, ErrorCode::StoreBusy, ErrorCode::StoreFailed,
                         ErrorCode::StoreUnavailable, ErrorCode::AlreadyRunning })
        QTest::newRow(qPrintable(gpupool::pool::errorCodeName(e))) << e << 1;
}

void TestExitStatus::poolErrors()
{
    QFETCH(ErrorCode, error);
    QFETCH(int, status);
    QCOMPARE(code(exitStatusFor(error)), status);
}

void TestExitStatus::helpNamesEveryStatus()
{
    const QString help = exitStatusHelp();
    for (int i = 0; i <= 5; ++i)
        QVERIFY(help.contains(QStringLiteral("\n  %1  ").arg(i)));
}

QTEST_GUILESS_MAIN(TestExitStatus)
#include "tst_exitstatus.moc"
