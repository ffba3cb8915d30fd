#include "pool/pooloptions.h"

#include <QSysInfo>

#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace gpupool::pool {

namespace {

// The login name of the effective user id, from the password database (NSS:
// also LDAP or SSSD users). A uid with no name (a container's arbitrary uid)
// is named "uid<N>": still one owner per user, never one shared "unknown".
QString effectiveUserName()
{
    const uid_t uid = geteuid();
    long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    if (size <= 0)
        size = 16384;
    std::vector<char> buffer(static_cast<size_t>(size));
    passwd entry {};
    passwd *found = nullptr;
    if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found && found->pw_name
        && *found->pw_name)
        return QString::fromLocal8Bit(found->pw_name);
    return QStringLiteral("uid%1").arg(uid);
}

} // namespace

QString defaultOwner()
{
    const QString given = qEnvironmentVariable("GPUPOOL_OWNER").trimmed();
    if (!given.isEmpty())
        return given;
    QString host = QSysInfo::machineHostName().trimmed();
    if (host.isEmpty())
        host = QStringLiteral("localhost");
    return effectiveUserName() + QLatin1Char('@') + host;
}

QString ownerUser(const QString &owner)
{
    const qsizetype at = owner.lastIndexOf(QLatin1Char('@'));
    return (at > 0 ? owner.left(at) : owner).trimmed();
}

} // namespace gpupool::pool
