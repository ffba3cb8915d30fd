#pragma once

#include <QString>
#include <optional>

namespace gpupool::server {

// The user name owning a process, from /proc/<pid>/status (its real uid), or the
// uid as a number when no such user is known here. nullopt when the pid is not
// visible from this pid namespace (e.g. a process in a container).
// `procRoot` is a parameter so tests can point it at a folder of their own.
std::optional<QString> processOwner(qint64 pid, const QString &procRoot = QStringLiteral("/proc"));

} // namespace gpupool::server
