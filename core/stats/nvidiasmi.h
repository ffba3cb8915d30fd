#pragma once

#include "stats/bodyparser.h"
#include "stats/gpusample.h"

#include <QStringList>

// Reading nvidia-smi's CSV output (--format=csv[,noheader][,nounits]).
// Real output separates fields with ", ", may print [N/A] / [Not Supported] for
// any value, and never quotes a GPU name that contains a comma.
namespace gpupool::stats::nvsmi {

// The predecessor's query, column for column (docs/wire-format.md).
QStringList predecessorGpuFields();
// Ours: the predecessor's nine columns, then uuid (for /gpu/processes, /metrics).
QStringList gpuFields();
// nvidia-smi arguments for a --query-gpu of these fields, without header or units.
QStringList gpuQueryArguments(const QStringList &fields);

// Parses --query-gpu output. `fields` names the columns when there is no header;
// a header line (csv without noheader) is recognised and used instead, and unit
// suffixes ("81559 MiB", "100 %", "700.00 W") are accepted. Unknown columns are
// ignored. [N/A]-like values: temperature and power become "unknown", memory and
// utilization read as 0 (MIG devices report utilization as [N/A]).
Parsed<GpuSamples> parseGpuQuery(const QByteArray &output, const QStringList &fields = gpuFields());

struct ComputeApp
{
    qint64 pid = 0;
    QString processName;
    std::optional<qint64> usedMemoryMb; // [N/A] without permission to see it
    QString gpuUuid;

    friend bool operator==(const ComputeApp &, const ComputeApp &) = default;
};

QStringList computeAppFields(); // pid,process_name,used_memory,gpu_uuid
QStringList computeAppQueryArguments();
Parsed<QList<ComputeApp>> parseComputeApps(const QByteArray &output);

// True for the placeholders nvidia-smi prints instead of a value.
bool isUnavailable(QStringView value);

} // namespace gpupool::stats::nvsmi
