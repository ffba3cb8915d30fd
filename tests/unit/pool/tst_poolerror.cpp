// The error codes programs act on: the names are stable (scripts and the
// Python module compare them), unique, and a lease error keeps its code and
// name when the Pool passes it on.
#include "pool/poolerror.h"

#include <QSet>
#include <QTest>

using namespace gpupool;

class TestPoolError : public QObject
{
    Q_OBJECT

private slots:
    void namesAreStable();
    void everyCodeHasItsOwnName();
    void leaseErrorsPassThrough();
};

void TestPoolError::namesAreStable()
{
    // Written by hand: the names are a promise to scripts, so a rename fails here.
    QCOMPARE(pool::errorCodeName(pool::ErrorCode::InvalidArgument), QStringLiteral("invalid_argument"));
    QCOMPARE(pool::errorCodeName(pool::ErrorCode::GpuTaken), QStringLiteral("gpu_taken"));
    QCOMPARE(pool::errorCodeName(pool::ErrorCode::StoreUnavailable), QStringLiteral("store_unavailable"));
    QCOMPARE(pool::errorCodeName(pool::ErrorCode::BadStoreUrl), QStringLiteral("bad_store_url"));
    QCOMPARE(pool::errorCodeName(pool::ErrorCode::NoEndpointReachable), QStringLiteral("no_endpoint_reachable"));
    QCOMPARE(lease::errorCodeName(lease::ErrorCode::StoreTooNew), QStringLiteral("store_too_new"));
}

void TestPoolError::everyCodeHasItsOwnName()
{
    QSet<QString> seen;
    const int last = int(pool::ErrorCode::NoEndpointReachable);
    for (int c = 0; c <= last; ++c) {
        const QString name = pool::errorCodeName(pool::ErrorCode(c));
        QVERIFY2(!name.isEmpty() && name != QLatin1String("unknown"), qPrintable(QString::number(c)));
        QVERIFY2(!seen.contains(name), qPrintable(name));
        seen.insert(name);
    }
    QCOMPARE(seen.size(), last + 1);
    QCOMPARE(pool::errorCodeName(pool::ErrorCode(last + 1)), QStringLiteral("unknown"));
}

void TestPoolError::leaseErrorsPassThrough()
{
    for (int c = 0; c < lease::kErrorCodeCount; ++c) {
        const lease::LeaseError le { lease::ErrorCode(c), QStringLiteral("text %1").arg(c) };
        const pool::Error e = pool::Error::fromLease(le);
        QCOMPARE(pool::errorCodeName(e.code), lease::errorCodeName(le.code));
        QCOMPARE(e.message, le.message);
        QVERIFY(!e.isWarning());
    }
    QCOMPARE(pool::Error::fromLease({ lease::ErrorCode::NotOwner, {} }).code, pool::ErrorCode::NotOwner);
    QCOMPARE(pool::Error::fromLease({ lease::ErrorCode::StoreUnavailable, {} }).code,
             pool::ErrorCode::StoreUnavailable);
}

QTEST_GUILESS_MAIN(TestPoolError)
#include "tst_poolerror.moc"
