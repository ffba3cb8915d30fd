// gpupoolctl's everyday selection against a real gpupool-statd whose GPUs
// are all idle: gpus --free / --name / --endpoint / --min-memory list what
// request would consider, release --all gives back everything but a running
// job's lease, and a lease id may be typed as its start when that is unique.

#include "ctltesting.h"

#include <QJsonArray>
#include <QSet>

using namespace gpupool::ctl::testing;

namespace {

QSet<QString> field(const QJsonArray &list, const char *name)
{
    QSet<QString> out;
    for (const QJsonValue &v : list)
        out.insert(v.toObject().value(QLatin1String(name)).toVariant().toString());
    return out;
}

} // namespace

class TestCtlChoose : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void gpusFilters();
    void leaseIdPrefixes();
    void releaseAllKeepsRunningJobs();

private:
    QStringList endpointsArgument() const;
    CtlResult run(const QStringList &arguments) const { return m_ctl.run(endpointsArgument() + arguments); }
    QJsonArray gpus(const QStringList &filters) const
    {
        const CtlResult r = run(QStringList { QStringLiteral("--json"), QStringLiteral("gpus") } + filters);
        [&] { QVERIFY2(r.exitCode == 0, r.describe()); }();
        return r.json().value(QStringLiteral("gpus")).toArray();
    }
    QString request(const char *note) const
    {
        const CtlResult r = run(strings({ "--json", "request", "--note", note }));
        [&] { QVERIFY2(r.exitCode == 0, r.describe()); }();
        return r.json()
            .value(QStringLiteral("leases"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("id"))
            .toString();
    }

    std::unique_ptr<StatdCluster> m_statd; // endpoints a and b, 4 idle GPUs each
    Ctl m_ctl;
};

QStringList TestCtlChoose::endpointsArgument() const
{
    return { QStringLiteral("--endpoints=a=%1,b=%2").arg(m_statd->urls.value(0), m_statd->urls.value(1)),
             QStringLiteral("--endpoint-timeout=5") };
}

void TestCtlChoose::initTestCase()
{
    QVERIFY(m_ctl.isValid());
    m_statd = std::make_unique<StatdCluster>(4, 21, 2, true);
    QVERIFY(m_statd->isUp());
}

void TestCtlChoose::gpusFilters()
{
    const QJsonArray all = gpus({});
    QCOMPARE(all.size(), 8);
    QCOMPARE(gpus(strings({ "--endpoint", "b" })).size(), 4);
    QCOMPARE(field(gpus(strings({ "--endpoint", "b" })), "endpoint_id"), QSet<QString> { QStringLiteral("b") });
    QCOMPARE(gpus(strings({ "--endpoint", "a", "--endpoint", "b" })).size(), 8);

    // --name as request takes it: a case-insensitive part of the model's name.
    const QString name = all.at(0).toObject().value(QStringLiteral("name")).toString();
    QVERIFY(!name.isEmpty());
    const QJsonArray named = gpus({ QStringLiteral("--name"), name.section(u' ', -1).toLower() });
    QVERIFY(!named.isEmpty());
    for (const QJsonValue &v : named)
        QVERIFY(v.toObject().value(QStringLiteral("name")).toString().contains(name.section(u' ', -1)));
    QCOMPARE(gpus(strings({ "--min-memory", "4000" })).size(), 0); // no card of 4 TB

    // --free: a leased GPU leaves the list, and comes back when released.
    QCOMPARE(gpus(strings({ "--free" })).size(), 8);
    const QString id = request("filters");
    const QJsonArray free = gpus(strings({ "--free" }));
    QCOMPARE(free.size(), 7);
    for (const QJsonValue &v : free)
        QVERIFY(v.toObject().value(QStringLiteral("available")).toBool());
    QCOMPARE(run({ QStringLiteral("release"), id }).exitCode, 0);
    QCOMPARE(gpus(strings({ "--free" })).size(), 8);

    // The text form says when nothing matches; a bad filter is a usage error.
    CtlResult r = run(strings({ "gpus", "--name", "no-such-card" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.out, QStringLiteral("No GPU matches.\n"));
    r = run(strings({ "gpus", "--endpoint", "c" }));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("unknown endpoint \"c\"; endpoints: a, b")), r.describe());
}

void TestCtlChoose::leaseIdPrefixes()
{
    const QString first = request("prefix-1");
    const QString second = request("prefix-2");
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    // The shortest start of `first` that `second` does not share, at least 4.
    qsizetype n = 4;
    while (n < first.size() && second.startsWith(first.left(n)))
        ++n;
    CtlResult r = run({ QStringLiteral("--json"), QStringLiteral("renew"), first.left(n) });
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("lease")).toObject().value(QStringLiteral("id")).toString(), first);

    // Too short to trust, or unknown: the pool's own "no such lease".
    r = run({ QStringLiteral("release"), first.left(3) });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(first.left(3)), r.describe());

    r = run({ QStringLiteral("--json"), QStringLiteral("release"), first.left(n).toUpper() });
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(QStringLiteral("released")).toObject().value(QStringLiteral("id")).toString(), first);
    QCOMPARE(run({ QStringLiteral("release"), second }).exitCode, 0);
}

void TestCtlChoose::releaseAllKeepsRunningJobs()
{
    // A job: gpupoolctl run holds its lease while the command sleeps.
    auto job
        = m_ctl.start(endpointsArgument() + strings({ "run", "--ttl", "30s", "--note", "job", "--", "sleep", "30" }));
    const QString a = request("all-1");
    const QString b = request("all-2");
    QTRY_COMPARE_WITH_TIMEOUT(gpus(strings({ "--free" })).size(), 5, 10'000);

    CtlResult r = run(strings({ "--json", "release", "--all" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(field(r.json().value(QStringLiteral("released")).toArray(), "id"), (QSet<QString> { a, b }));
    QCOMPARE(r.json().value(QStringLiteral("jobs_kept")).toInt(), 1);
    QCOMPARE(gpus(strings({ "--free" })).size(), 7); // the job's GPU is still held
    QCOMPARE(job->state(), QProcess::Running);

    r = run(strings({ "release", "--all" }));
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.contains(QLatin1String("hold no lease to release")), r.describe());
    QVERIFY2(r.out.contains(QLatin1String("Kept 1 job lease")), r.describe());

    QCOMPARE(run(strings({ "release", "--all", "--gpu", "a:0" })).exitCode, 2);

    job->terminate(); // run passes SIGTERM on, and releases when sleep ends
    QVERIFY(job->waitForFinished(15'000));
    QTRY_COMPARE_WITH_TIMEOUT(gpus(strings({ "--free" })).size(), 8, 10'000);
}

QTEST_GUILESS_MAIN(TestCtlChoose)
#include "tst_ctl_choose.moc"
