#pragma once

#include "cli/table.h"
#include "output.h"

#include "balance/endpointview.h"
#include "lease/lease.h"
#include "pool/poolstatus.h"

#include <QStringList>

namespace gpupool::pool {
class Pool;
}

// gpupoolctl's human output: the same lines and tables for a one-shot
// command and for each frame of `watch`.
namespace gpupool::ctl::views {

// "in 3h 59m", "5m ago", "14:05" / "Nov 24 14:05" (local time).
QString in(qint64 ms);
QString ago(qint64 ms);
QString localTime(qint64 msSinceEpoch, qint64 nowMs);
QString percent(double value);

// The key: value summary of `status`.
QStringList statusLines(const pool::PoolStatus &status, int myLeases, const Output &out);

cli::Table endpointsTable(const QList<pool::EndpointInfo> &endpoints);

// Why a GPU cannot be leased now, in a few words; empty when it can.
// One line per process: GPU, PID, USER, PROCESS, MEMORY, LEASE.
cli::Table processesTable(const QList<pool::GpuInfo> &gpus);
QString whyNotAvailable(const pool::GpuInfo &gpu, const pool::EndpointInfo *endpoint,
                        const balance::Thresholds &thresholds, const QString &me);
cli::Table gpusTable(const QList<pool::GpuInfo> &gpus, const QList<pool::EndpointInfo> &endpoints,
                     const balance::Thresholds &thresholds, const QString &me);

cli::Table leasesTable(const QList<lease::Lease> &leases, const pool::Pool &pool, bool withOwner, qint64 nowMs);
cli::Table historyTable(const QList<lease::LeaseEnd> &ended, const pool::Pool &pool, qint64 nowMs);

const pool::EndpointInfo *findEndpoint(const QList<pool::EndpointInfo> &endpoints, const QString &id);

} // namespace gpupool::ctl::views
