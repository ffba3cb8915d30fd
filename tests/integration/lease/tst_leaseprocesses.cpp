// Real processes on one SQLite lease file (the console and the command line
// at the same time): no GPU is ever held twice, leases outlive the process,
// and a file the user may not write is refused without being touched.
// Every process is bounded in time and reaped.
#include "lease/sqliteleasestore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace gpupool::lease;

namespace {

constexpr int ProcessTimeoutMs = 60'000;

struct Run
{
    int exitCode = -1;
    QString output;
};

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)
                                       : QByteArray();
}

} // namespace

class TestLeaseProcesses : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void twoProcessesNeverHoldOneGpu();
    void leasesOutliveTheProcess();
    void readOnlyFileIsRefused();
    void readOnlyFolderIsRefused();

private:
    QProcess *start(const QStringList &args, bool unprivileged = false);
    Run finish(QProcess *p);
    Run run(const QStringList &args, bool unprivileged = false) { return finish(start(args, unprivileged)); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString db() const { return m_dir->filePath(QStringLiteral("leases.sqlite")); }
};

void TestLeaseProcesses::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QProcess *TestLeaseProcesses::start(const QStringList &args, bool unprivileged)
{
    auto *p = new QProcess(this);
    p->setProcessChannelMode(QProcess::MergedChannels);
    if (unprivileged && geteuid() == 0) {
        // Root may write any file, so "read-only" needs somebody else.
        p->start(QStringLiteral("setpriv"),
                 QStringList { QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                               QStringLiteral("--clear-groups"), QStringLiteral(GPUPOOL_LEASE_HELPER) }
                     + args);
    } else {
        p->start(QStringLiteral(GPUPOOL_LEASE_HELPER), args);
    }
    return p;
}

Run TestLeaseProcesses::finish(QProcess *p)
{
    Run r;
    if (!p->waitForStarted(ProcessTimeoutMs)) {
        r.output = QStringLiteral("(did not start: %1)").arg(p->errorString());
        delete p;
        return r;
    }
    if (!p->waitForFinished(ProcessTimeoutMs)) {
        p->kill();
        p->waitForFinished(5'000);
        r.output = QStringLiteral("(killed after %1 ms) ").arg(ProcessTimeoutMs);
    } else if (p->exitStatus() == QProcess::NormalExit) {
        r.exitCode = p->exitCode();
    }
    r.output += QString::fromUtf8(p->readAll());
    delete p;
    return r;
}

void TestLeaseProcesses::twoProcessesNeverHoldOneGpu()
{
    const QString markers = m_dir->filePath(QStringLiteral("held"));
    QVERIFY(QDir().mkpath(markers));
    // Three programs, two GPUs: they keep colliding.
    constexpr int Rounds = 150;
    QList<QProcess *> procs;
    for (const char *owner : { "console@ws1", "ctl@ws1", "script@ws1" })
        procs << start({ QStringLiteral("race"), db(), QString::fromLatin1(owner), QStringLiteral("2"),
                         QString::number(Rounds), markers });
    // Reap every process before judging any: a failed check must not leave
    // one running.
    QList<Run> runs;
    for (QProcess *p : procs)
        runs << finish(p);
    QHash<QString, QList<quint64>> fences;
    int grants = 0;
    for (const Run &r : runs) {
        QVERIFY2(r.exitCode == 0, qPrintable(r.output.right(500)));
        for (const QString &line : r.output.split(QLatin1Char('\n'))) {
            const QStringList f = line.split(QLatin1Char(' '));
            if (f.size() == 3 && f.at(0) == QLatin1String("granted")) {
                fences[f.at(1)].append(f.at(2).toULongLong());
                ++grants;
            }
        }
    }
    QVERIFY(grants > 0);
    // Each grant of a GPU took the next fence: 1..n, none twice.
    for (auto it = fences.begin(); it != fences.end(); ++it) {
        std::sort(it->begin(), it->end());
        for (qsizetype i = 0; i < it->size(); ++i)
            QCOMPARE(it->at(i), quint64(i + 1));
    }
    auto store = SqliteLeaseStore::open(db());
    QVERIFY(store);
    QVERIFY((*store)->activeLeases()->isEmpty());
    QCOMPARE((*store)->history(100'000)->size(), grants);
    qInfo("%d grants by 3 processes on 2 GPUs, none held twice", grants);
}

void TestLeaseProcesses::leasesOutliveTheProcess()
{
    const Run first = run({ QStringLiteral("grant"), db(), QStringLiteral("alice@ws1"), QStringLiteral("2") });
    QVERIFY2(first.exitCode == 0, qPrintable(first.output));
    const QStringList granted = first.output.trimmed().split(QLatin1Char(' '));
    QCOMPARE(granted.size(), 3);
    QCOMPARE(granted.at(1), QStringLiteral("srv:0"));

    const Run list = run({ QStringLiteral("list"), db() });
    QCOMPARE(list.exitCode, 0);
    QCOMPARE(list.output.trimmed(), granted.at(0) + QStringLiteral(" srv:0 alice@ws1 1"));

    // A new process does not hand out the GPU the first one still leases.
    const Run second = run({ QStringLiteral("grant"), db(), QStringLiteral("bob@ws2"), QStringLiteral("2") });
    QVERIFY2(second.exitCode == 0, qPrintable(second.output));
    QVERIFY2(second.output.contains(QStringLiteral(" srv:1 1")), qPrintable(second.output));
    const Run third = run({ QStringLiteral("grant"), db(), QStringLiteral("carol@ws3"), QStringLiteral("2") });
    QCOMPARE(third.exitCode, 1);
    QVERIFY2(third.output.startsWith(QStringLiteral("error timed_out")), qPrintable(third.output));
}

void TestLeaseProcesses::readOnlyFileIsRefused()
{
    QVERIFY(run({ QStringLiteral("grant"), db(), QStringLiteral("alice@ws1"), QStringLiteral("1") }).exitCode == 0);
    QVERIFY(QFile::setPermissions(m_dir->path(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                      | QFileDevice::ReadOther | QFileDevice::ExeOther));
    QVERIFY(QFile::setPermissions(db(), QFileDevice::ReadOwner | QFileDevice::ReadOther));
    const QByteArray before = fileHash(db());
    const Run r = run({ QStringLiteral("open"), db() }, true);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.output.startsWith(QStringLiteral("error store_read_only"))
                 && r.output.contains(QStringLiteral("read-only")),
             qPrintable(r.output));
    QCOMPARE(fileHash(db()), before);
    QVERIFY(QFile::setPermissions(db(), QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const Run list = run({ QStringLiteral("list"), db() });
    QVERIFY2(list.output.contains(QStringLiteral("alice@ws1")), qPrintable(list.output)); // nothing lost
}

void TestLeaseProcesses::readOnlyFolderIsRefused()
{
    // The file may be written, its folder not: SQLite's journal could not be
    // created, so refuse up front rather than fail on the first grant.
    QVERIFY(run({ QStringLiteral("grant"), db(), QStringLiteral("alice@ws1"), QStringLiteral("1") }).exitCode == 0);
    QVERIFY(QFile::setPermissions(m_dir->path(),
                                  QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                      | QFileDevice::ExeOther));
    QVERIFY(QFile::setPermissions(
        db(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther | QFileDevice::WriteOther));
    const QByteArray before = fileHash(db());
    const Run r = run({ QStringLiteral("open"), db() }, true);
    QFile::setPermissions(m_dir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.output.startsWith(QStringLiteral("error store_read_only")), qPrintable(r.output));
    QCOMPARE(fileHash(db()), before);
}

QTEST_GUILESS_MAIN(TestLeaseProcesses)
#include "tst_leaseprocesses.moc"
