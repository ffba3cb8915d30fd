#include "jsonout.h"

#include "endpoint/circuitbreaker.h"
#include "endpoint/endpoint.h"

#include <QDateTime>
#include <QJsonArray>

namespace gpupool::ctl::json {

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QString modeName(bool multiEndpoint)
{
    return multiEndpoint ? QStringLiteral("multi") : QStringLiteral("single");
}

} // namespace

QString source(config::Source source)
{
    switch (source) {
    case config::Source::Override: return QStringLiteral("option");
    case config::Source::Environment: return QStringLiteral("environment");
    case config::Source::SettingsFile: return QStringLiteral("settings_file");
    case config::Source::Default: break;
    }
    return QStringLiteral("default");
}

QString isoTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject lease(const lease::Lease &l, const QString &displayGpuId, qint64 nowMs)
{
    return {
        { QStringLiteral("id"), l.id },
        { QStringLiteral("gpu_id"), displayGpuId },
        { QStringLiteral("global_gpu_id"), l.gpuId() },
        { QStringLiteral("endpoint_id"), l.endpointId },
        { QStringLiteral("local_gpu_id"), l.localGpuId },
        { QStringLiteral("owner"), l.owner },
        { QStringLiteral("note"), l.note },
        { QStringLiteral("kind"), lease::kindName(l.kind) },
        { QStringLiteral("created"), isoTime(l.createdMs) },
        { QStringLiteral("expires"), isoTime(l.expiresMs) },
        { QStringLiteral("expires_in_seconds"), static_cast<double>(qMax<qint64>(0, l.expiresMs - nowMs) / 1000) },
        // A JSON number is a double: exact up to 2^53 fences, far beyond any real count.
        { QStringLiteral("fence"), static_cast<double>(l.fence) },
    };
}

QJsonObject leaseEnd(const lease::LeaseEnd &end, const QString &displayGpuId)
{
    QJsonObject o = lease(end.lease, displayGpuId, end.endedMs);
    o.remove(QStringLiteral("expires_in_seconds"));
    o.insert(QStringLiteral("ended"), isoTime(end.endedMs));
    o.insert(QStringLiteral("reason"), lease::reasonName(end.reason));
    o.insert(QStringLiteral("ended_by"), end.endedBy);
    return o;
}

QJsonObject endpoint(const pool::EndpointInfo &info)
{
    return {
        { QStringLiteral("id"), info.id },
        { QStringLiteral("url"), info.url.toString() },
        { QStringLiteral("state"), endpoint::stateName(info.breaker) },
        { QStringLiteral("health"), endpoint::healthName(info.health) },
        { QStringLiteral("healthy"), info.healthy },
        { QStringLiteral("reason"), orNull(info.reason) },
        { QStringLiteral("fresh"), info.fresh },
        { QStringLiteral("misconfigured"), info.misconfigured },
        { QStringLiteral("usable"), info.usable },
        { QStringLiteral("gpus_total"), info.totalGpus },
        { QStringLiteral("gpus_available"), info.availableGpus },
        { QStringLiteral("active_leases"), info.activeLeases },
        { QStringLiteral("response_time_ms"),
          info.responseTimeMs ? QJsonValue(*info.responseTimeMs) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("last_seen_seconds_ago"),
          info.lastSeenAgeMs < 0 ? QJsonValue(QJsonValue::Null)
                                 : QJsonValue(static_cast<double>(info.lastSeenAgeMs) / 1000.0) },
        { QStringLiteral("failure_rate_percent"), info.failureRatePercent },
    };
}

namespace {

// What a GPU is now, in one word a script can compare.
QString gpuState(const pool::GpuInfo &g)
{
    if (!g.unleasedUsers.isEmpty())
        return QStringLiteral("unleased_use");
    if (g.available())
        return QStringLiteral("available");
    if (g.heldForWaiter)
        return QStringLiteral("held");
    if (g.lease)
        return QStringLiteral("leased");
    return QStringLiteral("unavailable");
}

} // namespace

QJsonObject gpu(const pool::GpuInfo &g, const QString &reason, qint64 nowMs)
{
    QJsonObject o {
        { QStringLiteral("gpu_id"), g.gpuId },
        { QStringLiteral("global_gpu_id"), g.globalId },
        { QStringLiteral("endpoint_id"), g.endpointId },
        { QStringLiteral("local_gpu_id"), g.localId },
        { QStringLiteral("name"), g.name },
        { QStringLiteral("memory_percent"), g.memoryPercent },
        { QStringLiteral("utilization_percent"), g.utilizationPercent },
        { QStringLiteral("memory_total_mb"),
          g.memoryTotalMb > 0 ? QJsonValue(static_cast<double>(g.memoryTotalMb)) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("available"), g.available() },
        { QStringLiteral("reason"), g.available() ? QJsonValue(QJsonValue::Null) : QJsonValue(reason) },
        { QStringLiteral("lease"),
          g.lease ? QJsonValue(lease(*g.lease, g.gpuId, nowMs)) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("state"), gpuState(g) },
        { QStringLiteral("unleased_users"), QJsonArray::fromStringList(g.unleasedUsers) },
    };
    QJsonValue processes(QJsonValue::Null);
    if (g.processes) {
        QJsonArray list;
        for (const stats::GpuProcess &p : *g.processes)
            list.append(process(p, g));
        processes = list;
    }
    o.insert(QStringLiteral("processes"), processes);
    return o;
}

QJsonObject process(const stats::GpuProcess &p, const pool::GpuInfo &g)
{
    const auto orNullNumber = [](const std::optional<qint64> &v) {
        return v ? QJsonValue(static_cast<double>(*v)) : QJsonValue(QJsonValue::Null);
    };
    return {
        { QStringLiteral("pid"), static_cast<double>(p.pid) },
        { QStringLiteral("user"), p.user ? QJsonValue(*p.user) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("process"), p.processName },
        { QStringLiteral("memory_mb"), orNullNumber(p.usedMemoryMb) },
        { QStringLiteral("gpu_id"), g.gpuId },
        { QStringLiteral("endpoint_id"), g.endpointId },
        { QStringLiteral("pid_visible"), p.pidVisible },
        { QStringLiteral("lease_owner"), g.lease ? QJsonValue(g.lease->owner) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("without_lease"), g.isUseWithoutLease(p) },
    };
}

QJsonObject status(const pool::PoolStatus &s, int myLeases)
{
    const QJsonObject store {
        { QStringLiteral("url"), s.store.url },
        { QStringLiteral("shared"), s.store.shared },
        { QStringLiteral("state"), pool::storeStateName(s.store.state) },
        { QStringLiteral("message"), orNull(s.store.message) },
        { QStringLiteral("warnings"), QJsonArray::fromStringList(s.store.warnings) },
    };
    return {
        { QStringLiteral("mode"), modeName(s.multiEndpoint) },
        { QStringLiteral("strategy"), s.strategy },
        { QStringLiteral("endpoints_total"), s.totalEndpoints },
        { QStringLiteral("endpoints_healthy"), s.healthyEndpoints },
        { QStringLiteral("gpus_total"), s.totalGpus },
        { QStringLiteral("gpus_available"), s.availableGpus },
        { QStringLiteral("active_leases"), s.activeLeases },
        { QStringLiteral("my_leases"), myLeases },
        { QStringLiteral("waiting_requests"), s.blockedRequests },
        { QStringLiteral("fully_degraded"), s.fullyDegraded },
        { QStringLiteral("looks_offline"), s.looksOffline },
        { QStringLiteral("store"), store },
    };
}

QJsonObject recovery(const pool::ErrorRecoveryStatus &s, const QString &text)
{
    QJsonArray breakers;
    for (const pool::EndpointRecovery &e : s.endpoints)
        breakers.append(QJsonObject {
            { QStringLiteral("endpoint_id"), e.id },
            { QStringLiteral("state"), endpoint::stateName(e.state) },
            { QStringLiteral("health"), endpoint::healthName(e.health) },
            { QStringLiteral("reason"), orNull(e.reason) },
            { QStringLiteral("failure_rate_percent"), e.failureRatePercent },
        });
    return {
        { QStringLiteral("system_status"),
          s.fullyDegraded ? QStringLiteral("DEGRADED") : QStringLiteral("OPERATIONAL") },
        { QStringLiteral("mode"), modeName(s.multiEndpoint) },
        { QStringLiteral("total_endpoints"), s.totalEndpoints },
        { QStringLiteral("healthy_endpoints"), s.healthyEndpoints },
        { QStringLiteral("degraded_endpoints"), s.degradedEndpoints },
        { QStringLiteral("queued_requests"), s.queuedRequests },
        { QStringLiteral("recovery_operations_active"), s.recoveryOperationsActive },
        { QStringLiteral("circuit_breakers"), breakers },
        { QStringLiteral("text"), text },
    };
}

} // namespace gpupool::ctl::json
