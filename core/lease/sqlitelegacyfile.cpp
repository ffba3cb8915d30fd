#include "lease/sqlitelegacyfile.h"

#include "util/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <unistd.h>

#include <algorithm>

namespace gpupool::lease {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::LegacyLeaseFile", text);
}

QString native(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// When the file was last written: its log counts, since a program that
// crashed leaves its last grants there.
QDateTime lastWritten(const QString &path)
{
    QDateTime t = QFileInfo(path).lastModified();
    const QFileInfo wal(path + QStringLiteral("-wal"));
    if (wal.exists() && wal.lastModified() > t)
        t = wal.lastModified();
    return t;
}

Status copyConsistently(const QString &from, const QString &to)
{
    static int counter = 0;
    const QString connection = QStringLiteral("gpupool.lease.legacy.%1").arg(++counter);
    QString failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(from);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            failure = db.lastError().text();
        } else {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("VACUUM INTO ?"));
            q.addBindValue(to);
            if (!q.exec())
                failure = q.lastError().databaseText().isEmpty() ? q.lastError().text() : q.lastError().databaseText();
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    if (failure.isEmpty())
        return std::nullopt;
    QFile::remove(to);
    return LeaseError { ErrorCode::StoreFailed,
                        tr("Could not move the lease database %1 to %2: %3. Nothing was changed; "
                           "use --store sqlite:%1 to keep using it.")
                            .arg(native(from), native(QFileInfo(to).path()), failure) };
}

QString leftBehind(const QString &old, const QString &target)
{
    return tr("An older lease database %1 was not moved, because %2 is in use: its leases are not part "
              "of the pool. Look at them with --store sqlite:%1.")
        .arg(native(old), native(target));
}

} // namespace

QStringList legacyDefaultLeaseFiles()
{
    const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return { data + QStringLiteral("/gpupool/gpupoolctl/leases.sqlite"),
             data + QStringLiteral("/gpupool/gpupool-console/leases.sqlite") };
}

LegacyFileMove moveLegacyLeaseFile(const QString &target, const QStringList &legacyPaths)
{
    LegacyFileMove out;
    QStringList present;
    for (const QString &p : legacyPaths)
        if (QFileInfo(p).isFile() && QFileInfo(p).size() > 0)
            present.append(p);
    if (present.isEmpty())
        return out;
    if (QFileInfo::exists(target)) {
        for (const QString &p : present)
            out.messages.append(leftBehind(p, target));
        return out;
    }
    std::stable_sort(present.begin(), present.end(),
                     [](const QString &a, const QString &b) { return lastWritten(a) > lastWritten(b); });
    const QString from = present.takeFirst();
    const QString folder = QFileInfo(target).absolutePath();
    if (!QDir().mkpath(folder)) {
        out.error = LeaseError { ErrorCode::StoreFailed,
                                 tr("Cannot create the folder %1 for the lease database.").arg(native(folder)) };
        return out;
    }
    const QString temporary = target + QStringLiteral(".moving-%1").arg(QCoreApplication::applicationPid());
    QFile::remove(temporary);
    if (Status s = copyConsistently(from, temporary)) {
        out.error = s;
        return out;
    }
    // link() never replaces: a program that created the target meanwhile wins
    // and the copy is dropped, the old file untouched.
    const bool linked = ::link(QFile::encodeName(temporary).constData(), QFile::encodeName(target).constData()) == 0;
    QFile::remove(temporary);
    if (!linked) {
        out.messages.append(leftBehind(from, target));
        for (const QString &p : present)
            out.messages.append(leftBehind(p, target));
        return out;
    }
    const QString backup = from + QStringLiteral(".moved");
    QFile::remove(backup);
    QFile::rename(from, backup);
    for (const char *suffix : { "-wal", "-shm" })
        QFile::remove(from + QLatin1String(suffix));
    out.moved = true;
    out.messages.append(tr("Moved the lease database %1 to %2, the one every gpupool program uses now "
                           "(the old file is kept as %3).")
                            .arg(native(from), native(target), native(backup)));
    qCInfo(lcLease).noquote() << "moved" << from << "to" << target;
    for (const QString &p : present)
        out.messages.append(leftBehind(p, target));
    return out;
}

} // namespace gpupool::lease
