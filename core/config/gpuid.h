#pragma once

#include "config/settings.h"

#include <QString>
#include <QStringView>
#include <optional>

// GPU identifiers (docs/behaviour.md "Identifiers").
//   multi-endpoint mode:  "<endpoint_id>:<local_gpu_id>", e.g. "server1_8000:0"
//   single-endpoint mode: the plain local number, e.g. "0"
namespace gpupool::config {

struct GlobalGpuId
{
    QString endpointId;
    int localId = 0;

    QString toString() const;
    friend bool operator==(const GlobalGpuId &, const GlobalGpuId &) = default;
};

// "<endpointId>:<localId>". Endpoint ids never contain ':' (endpointurl.h), so
// the result always parses back to the same pair.
QString formatGlobalGpuId(const QString &endpointId, int localId);

// The id a GPU has in the given mode: the global id, or the plain local number.
QString formatGpuId(Mode mode, const QString &endpointId, int localId);

// Splits at the LAST ':' (so an odd endpoint part such as "a:b" in "a:b:0" stays
// whole). The endpoint part must be non-empty and without spaces; the local
// part must be a non-negative decimal integer that fits an int, without sign or
// spaces ("01" reads as 1). On failure returns nullopt and, if given, sets *error to
// one translated line quoting the text.
std::optional<GlobalGpuId> parseGlobalGpuId(QStringView text, QString *error = nullptr);

// A single-endpoint id, or the local part of a global one: same rules as above.
std::optional<int> parseLocalGpuId(QStringView text, QString *error = nullptr);

} // namespace gpupool::config
