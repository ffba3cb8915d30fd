#include "pool/pooloptions.h"

#include <QProcessEnvironment>
#include <QSysInfo>

namespace gpupool::pool {

QString defaultOwner()
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString user = env.value(QStringLiteral("USER")).trimmed();
    if (user.isEmpty())
        user = env.value(QStringLiteral("USERNAME")).trimmed();
    if (user.isEmpty())
        user = env.value(QStringLiteral("LOGNAME")).trimmed();
    if (user.isEmpty())
        user = QStringLiteral("unknown");
    QString host = QSysInfo::machineHostName().trimmed();
    if (host.isEmpty())
        host = QStringLiteral("localhost");
    return user + QLatin1Char('@') + host;
}

} // namespace gpupool::pool
