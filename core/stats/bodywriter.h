#pragma once

#include "stats/bodies.h"
#include "stats/gpusample.h"

#include <QByteArray>
#include <QList>
#include <QPair>

// Writes the protocol's bodies byte for byte as the predecessor's server does
// (key order, integer-vs-float, rounding, the integer 0 on zero totals).
namespace gpupool::stats {

// The numbers the predecessor derives from samples, as a client would read them.
SummaryBody summarize(const GpuSamples &gpus, const QString &timestamp);
StatsBody toStatsBody(const GpuSamples &gpus, const QString &timestamp);

QByteArray writeSummary(const GpuSamples &gpus, const QByteArray &timestamp);
QByteArray writeStats(const GpuSamples &gpus, const QByteArray &timestamp);
QByteArray writeCount(int gpuCount, const std::optional<QByteArray> &timestamp);
QByteArray writeHealth(const HealthBody &health);
QByteArray writeConfig(const ServerConfigBody &config);
// gpupool-statd's /gpu/processes.
QByteArray writeProcesses(const ProcessesBody &body);

// "/" : {"message", "version", "endpoints": {path: description}}
QByteArray writeRoot(const QString &message, const QString &version, const QList<QPair<QString, QString>> &endpoints);

// The predecessor's HTTP-200 error body: {"error": msg, "gpu_count": 0, "gpus": []}
QByteArray writeErrorBody(const QString &message);
// Starlette's {"detail": "..."} (404, 405, 401).
QByteArray writeDetail(const QString &detail);

} // namespace gpupool::stats
