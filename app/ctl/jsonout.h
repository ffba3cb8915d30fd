#pragma once

#include "config/settingkey.h"
#include "lease/lease.h"
#include "pool/poolstatus.h"

#include <QJsonObject>
#include <QString>

// gpupoolctl's --json: one function per kind of thing, so that every command
// writes a lease (an endpoint, a GPU) with the same fields. The field names
// are documented in the README ("gpupoolctl", "JSON") and are stable: add
// fields, never rename or remove one.
namespace gpupool::ctl::json {

// Where a setting came from: "option", "environment", "settings_file",
// "default" (config::sourceName() is for people, and translated).
QString source(config::Source source);

// "2026-11-23T04:29:01.000Z"
QString isoTime(qint64 msSinceEpoch);

// id, gpu_id, global_gpu_id, endpoint_id, local_gpu_id, owner, note, kind,
// created, expires, expires_in_seconds, fence
QJsonObject lease(const lease::Lease &lease, const QString &displayGpuId, qint64 nowMs);
// the lease's fields, plus ended, reason, ended_by
QJsonObject leaseEnd(const lease::LeaseEnd &end, const QString &displayGpuId);
// id, url, state, health, healthy, reason, fresh, misconfigured, usable, gpus_total,
// gpus_available, active_leases, response_time_ms, last_seen_seconds_ago,
// failure_rate_percent
QJsonObject endpoint(const pool::EndpointInfo &info);
// gpu_id, global_gpu_id, endpoint_id, local_gpu_id, name, memory_percent,
// utilization_percent, memory_total_mb, available, reason, lease, state
// ("available", "held", "leased", "unleased_use", "unavailable"),
// unleased_users, processes (null when not read)
QJsonObject gpu(const pool::GpuInfo &gpu, const QString &reason, qint64 nowMs);
// pid, user, process, memory_mb, gpu_id, endpoint_id, pid_visible, lease_owner,
// without_lease
QJsonObject process(const stats::GpuProcess &process, const pool::GpuInfo &gpu);
// mode, strategy, endpoints_total, endpoints_healthy, gpus_total,
// gpus_available, active_leases, my_leases, waiting_requests, fully_degraded,
// looks_offline, store
QJsonObject status(const pool::PoolStatus &status, int myLeases);
// system_status, mode, total_endpoints, healthy_endpoints, degraded_endpoints,
// queued_requests, recovery_operations_active, circuit_breakers, text
QJsonObject recovery(const pool::ErrorRecoveryStatus &status, const QString &text);

} // namespace gpupool::ctl::json
