#pragma once

#include "lease/leaseerror.h"

#include <QString>
#include <QStringList>

// Until every gpupool program shared one default lease file, each kept its
// own under its program name (~/.local/share/gpupool/gpupoolctl/leases.sqlite
// and .../gpupool-console/leases.sqlite), so the console and gpupoolctl could
// grant the same GPU twice. This moves such a file to the one default path,
// once, before the store is opened there.
//
// The rules, so that no lease is lost and nothing newer is overwritten:
//  - the target exists: nothing moves; each old file still there is named in
//    a message (its leases stay readable with --store sqlite:PATH);
//  - otherwise the most recently written old file is copied with SQLite's
//    own VACUUM INTO (a consistent copy, write-ahead log included, even while
//    an old program still has it open) to a temporary name, linked into
//    place only if the target is still absent, and the old file is renamed
//    to PATH.moved as a backup; any other old file is named in a message;
//  - a damaged old file is left alone and the error says so: the default
//    store is not opened on an empty file while the leases are elsewhere.
namespace gpupool::lease {

struct LegacyFileMove
{
    QStringList messages; // for the user, one line each (translated)
    Status error; // set when an old file could not be moved
    bool moved = false;
};

// Needs a QCoreApplication (the SQLite driver is a plugin).
LegacyFileMove moveLegacyLeaseFile(const QString &target, const QStringList &legacyPaths);

// The per-program default files of earlier versions.
QStringList legacyDefaultLeaseFiles();

} // namespace gpupool::lease
