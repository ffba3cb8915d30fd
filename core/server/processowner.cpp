#include "server/processowner.h"

#include <QFile>

#include <pwd.h>
#include <unistd.h>
#include <vector>

namespace gpupool::server {

std::optional<QString> processOwner(qint64 pid, const QString &procRoot)
{
    if (pid <= 0)
        return std::nullopt;
    QFile status(procRoot + QLatin1Char('/') + QString::number(pid) + QLatin1String("/status"));
    if (!status.open(QIODevice::ReadOnly))
        return std::nullopt;
    // "Uid:\t<real>\t<effective>\t<saved>\t<fs>"; /proc files are small.
    const QList<QByteArray> lines = status.read(64 * 1024).split('\n');
    for (const QByteArray &line : lines) {
        if (!line.startsWith("Uid:"))
            continue;
        const QList<QByteArray> fields = line.mid(4).simplified().split(' ');
        bool ok = false;
        const uint uid = fields.value(0).toUInt(&ok);
        if (!ok)
            return std::nullopt;
        long size = sysconf(_SC_GETPW_R_SIZE_MAX);
        std::vector<char> buffer(static_cast<size_t>(size > 0 ? size : 16384));
        passwd pw {};
        passwd *result = nullptr;
        if (getpwuid_r(static_cast<uid_t>(uid), &pw, buffer.data(), buffer.size(), &result) == 0 && result)
            return QString::fromLocal8Bit(result->pw_name);
        return QString::number(uid);
    }
    return std::nullopt;
}

} // namespace gpupool::server
