#include "stats/bodyparser.h"

#include "stats/summaryfastpath.h"

#include "util/logging.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>
#include <cmath>

namespace gpupool::stats {

QString ParseError::toString() const
{
    return field.isEmpty() ? message : field + QStringLiteral(": ") + message;
}

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::stats::BodyParser", text);
}

// Thrown inside this file only, to unwind from a nested field check to the
// public function, which turns it into a ParseError. Never escapes the parser.
struct SchemaFailure
{
    ParseError error;
};

[[noreturn]] void fail(const QString &field, const QString &message)
{
    throw SchemaFailure { { ParseError::Kind::Schema, field, message } };
}

QString describe(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: return QString::number(v.toDouble());
    case QJsonValue::String: {
        QString s = v.toString();
        if (s.size() > 40)
            s = s.left(40) + QStringLiteral("…");
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

// Nesting depth outside strings, without building anything: refuses a hostile
// "[[[[...]]]]" before QJsonDocument recurses into it.
int nestingDepth(const QByteArray &body, int limit)
{
    int depth = 0, maxSeen = 0;
    bool inString = false, escaped = false;
    for (const char c : body) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            maxSeen = std::max(maxSeen, ++depth);
            if (maxSeen > limit)
                return maxSeen;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return maxSeen;
}

std::variant<QJsonObject, ParseError> readObject(const QByteArray &body, const ParseLimits &limits)
{
    if (body.size() > limits.maxBytes)
        return ParseError {
            ParseError::Kind::TooLarge,
            {},
            tr("body of %1 bytes is over the limit of %2 bytes").arg(body.size()).arg(limits.maxBytes)
        };
    if (nestingDepth(body, limits.maxDepth) > limits.maxDepth)
        return ParseError { ParseError::Kind::TooDeep,
                            {},
                            tr("JSON nested deeper than %1 levels").arg(limits.maxDepth) };
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError)
        return ParseError { ParseError::Kind::Malformed,
                            {},
                            tr("malformed JSON at byte %1: %2").arg(err.offset).arg(err.errorString()) };
    if (!doc.isObject())
        return ParseError { ParseError::Kind::Schema, {}, tr("expected a JSON object") };
    const QJsonObject obj = doc.object();
    // The predecessor answers HTTP 200 with {"error": ...} when collection fails.
    if (obj.contains(QLatin1String("error"))) {
        const QJsonValue e = obj.value(QLatin1String("error"));
        QString message = e.isString() ? e.toString().trimmed() : describe(e);
        if (message.isEmpty()) // {"error": ""}: still an error, and people must read one
            message = tr("an error without a message");
        return ParseError { ParseError::Kind::ServerError, QStringLiteral("error"), message };
    }
    return obj;
}

QString path(const QString &parent, const QString &key)
{
    return parent.isEmpty() ? key : parent + QLatin1Char('.') + key;
}

QString indexPath(const QString &parent, qsizetype i)
{
    return parent + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

QJsonValue required(const QJsonObject &o, const QString &parent, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        fail(path(parent, QLatin1String(key)), tr("missing"));
    return v;
}

double number(const QJsonValue &v, const QString &field)
{
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        fail(field, tr("must be a number, got %1").arg(describe(v)));
    return v.toDouble();
}

// A count or id: an integer >= 0 (an integral float such as 3.0 is accepted).
qint64 nonNegativeInteger(const QJsonValue &v, const QString &field, qint64 max = (qint64(1) << 53))
{
    const double d = v.isDouble() ? v.toDouble() : -1;
    if (!v.isDouble() || !std::isfinite(d) || d < 0 || d != std::floor(d) || d > static_cast<double>(max))
        fail(field, tr("must be a non-negative integer, got %1").arg(describe(v)));
    return static_cast<qint64>(d);
}

double percent(const QJsonValue &v, const QString &field)
{
    const double d = number(v, field);
    if (d < 0 || d > 100)
        fail(field, tr("must be a percentage within [0, 100], got %1").arg(describe(v)));
    return d;
}

std::optional<double> optionalNumber(const QJsonValue &v, const QString &field)
{
    if (v.isNull() || v.isUndefined())
        return std::nullopt;
    return number(v, field);
}

QString string(const QJsonValue &v, const QString &field)
{
    if (!v.isString())
        fail(field, tr("must be a string, got %1").arg(describe(v)));
    return v.toString();
}

QString optionalString(const QJsonValue &v, const QString &field)
{
    if (v.isNull() || v.isUndefined())
        return {};
    return string(v, field);
}

bool boolean(const QJsonValue &v, const QString &field)
{
    if (!v.isBool())
        fail(field, tr("must be true or false, got %1").arg(describe(v)));
    return v.toBool();
}

QJsonObject object(const QJsonValue &v, const QString &field)
{
    if (!v.isObject())
        fail(field, tr("must be an object, got %1").arg(describe(v)));
    return v.toObject();
}

QJsonArray array(const QJsonValue &v, const QString &field)
{
    if (!v.isArray())
        fail(field, tr("must be an array, got %1").arg(describe(v)));
    return v.toArray();
}

constexpr qint64 kMaxGpus = 4096; // far beyond any host; bounds what a server can make us hold
constexpr qsizetype kMaxProcesses = 65536; // likewise for /gpu/processes

// gpu_count and the list must agree, and ids must be unique.
void checkList(qint64 count, qsizetype listSize, const QString &listField)
{
    if (listSize != count)
        fail(listField, tr("has %1 entries but gpu_count is %2").arg(listSize).arg(count));
}

int gpuId(const QJsonObject &o, const QString &entry, QSet<int> &seen)
{
    const QString f = path(entry, QStringLiteral("gpu_id"));
    const int id = static_cast<int>(nonNegativeInteger(required(o, entry, "gpu_id"), f, 1 << 20));
    if (seen.contains(id))
        fail(f, tr("duplicate gpu_id %1").arg(id));
    seen.insert(id);
    return id;
}

template<typename T, typename Fn>
Parsed<T> run(const QByteArray &body, const ParseLimits &limits, Fn &&fn)
{
    auto read = readObject(body, limits);
    if (auto *e = std::get_if<ParseError>(&read)) {
        qCDebug(lcStats) << "refused body:" << e->toString();
        return *e;
    }
    try {
        return fn(std::get<QJsonObject>(read));
    } catch (const SchemaFailure &f) {
        qCDebug(lcStats) << "refused body:" << f.error.toString();
        return f.error;
    }
}

} // namespace

Parsed<SummaryBody> parseSummary(const QByteArray &body, const ParseLimits &limits)
{
    // Every poll comes here: the plain shape is read straight from the bytes
    // (summaryfastpath.h); the rest, errors included, below.
    if (body.size() <= limits.maxBytes)
        if (std::optional<SummaryBody> fast = parseSummaryFast(body, limits.maxDepth))
            return std::move(*fast);
    return parseSummaryFull(body, limits);
}

Parsed<SummaryBody> parseSummaryFull(const QByteArray &body, const ParseLimits &limits)
{
    return run<SummaryBody>(body, limits, [](const QJsonObject &o) {
        SummaryBody s;
        s.gpuCount
            = static_cast<int>(nonNegativeInteger(required(o, {}, "gpu_count"), QStringLiteral("gpu_count"), kMaxGpus));
        s.totalMemoryMb = nonNegativeInteger(required(o, {}, "total_memory_mb"), QStringLiteral("total_memory_mb"));
        s.totalUsedMemoryMb
            = nonNegativeInteger(required(o, {}, "total_used_memory_mb"), QStringLiteral("total_used_memory_mb"));
        if (s.totalUsedMemoryMb > s.totalMemoryMb)
            fail(QStringLiteral("total_used_memory_mb"),
                 tr("%1 is more than total_memory_mb %2").arg(s.totalUsedMemoryMb).arg(s.totalMemoryMb));
        s.averageUtilizationPercent
            = percent(required(o, {}, "average_utilization_percent"), QStringLiteral("average_utilization_percent"));
        const QString listField = QStringLiteral("gpus_summary");
        const QJsonArray list = array(required(o, {}, "gpus_summary"), listField);
        checkList(s.gpuCount, list.size(), listField);
        QSet<int> seen;
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString entry = indexPath(listField, i);
            const QJsonObject g = object(list.at(i), entry);
            SummaryGpu gpu;
            gpu.gpuId = gpuId(g, entry, seen);
            gpu.name = string(required(g, entry, "name"), path(entry, QStringLiteral("name")));
            gpu.memoryUsagePercent = percent(required(g, entry, "memory_usage_percent"),
                                             path(entry, QStringLiteral("memory_usage_percent")));
            gpu.utilizationPercent = percent(required(g, entry, "utilization_percent"),
                                             path(entry, QStringLiteral("utilization_percent")));
            s.gpus.append(gpu);
        }
        const QJsonValue total = o.value(QLatin1String("total_memory_usage_percent"));
        if (!total.isUndefined() && !total.isNull())
            s.totalMemoryUsagePercent = percent(total, QStringLiteral("total_memory_usage_percent"));
        s.timestamp = optionalString(o.value(QLatin1String("timestamp")), QStringLiteral("timestamp"));
        return s;
    });
}

Parsed<StatsBody> parseStats(const QByteArray &body, const ParseLimits &limits)
{
    return run<StatsBody>(body, limits, [](const QJsonObject &o) {
        StatsBody s;
        s.gpuCount
            = static_cast<int>(nonNegativeInteger(required(o, {}, "gpu_count"), QStringLiteral("gpu_count"), kMaxGpus));
        const QString listField = QStringLiteral("gpus");
        const QJsonArray list = array(required(o, {}, "gpus"), listField);
        checkList(s.gpuCount, list.size(), listField);
        QSet<int> seen;
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString entry = indexPath(listField, i);
            const QJsonObject g = object(list.at(i), entry);
            StatsGpu gpu;
            gpu.gpuId = gpuId(g, entry, seen);
            gpu.name = string(required(g, entry, "name"), path(entry, QStringLiteral("name")));
            const QString memField = path(entry, QStringLiteral("memory"));
            const QJsonObject mem = object(required(g, entry, "memory"), memField);
            gpu.memoryTotalMb
                = nonNegativeInteger(required(mem, memField, "total_mb"), path(memField, QStringLiteral("total_mb")));
            gpu.memoryUsedMb
                = nonNegativeInteger(required(mem, memField, "used_mb"), path(memField, QStringLiteral("used_mb")));
            gpu.memoryFreeMb
                = nonNegativeInteger(required(mem, memField, "free_mb"), path(memField, QStringLiteral("free_mb")));
            gpu.memoryUsagePercent
                = percent(required(mem, memField, "usage_percent"), path(memField, QStringLiteral("usage_percent")));
            gpu.utilizationPercent = percent(required(g, entry, "utilization_percent"),
                                             path(entry, QStringLiteral("utilization_percent")));
            gpu.temperatureC
                = optionalNumber(g.value(QLatin1String("temperature_c")), path(entry, QStringLiteral("temperature_c")));
            const QJsonValue power = g.value(QLatin1String("power"));
            if (!power.isUndefined() && !power.isNull()) {
                const QString powerField = path(entry, QStringLiteral("power"));
                const QJsonObject p = object(power, powerField);
                gpu.powerDrawW
                    = optionalNumber(p.value(QLatin1String("draw_w")), path(powerField, QStringLiteral("draw_w")));
                gpu.powerLimitW
                    = optionalNumber(p.value(QLatin1String("limit_w")), path(powerField, QStringLiteral("limit_w")));
            }
            s.gpus.append(gpu);
        }
        s.timestamp = optionalString(o.value(QLatin1String("timestamp")), QStringLiteral("timestamp"));
        return s;
    });
}

Parsed<CountBody> parseCount(const QByteArray &body, const ParseLimits &limits)
{
    return run<CountBody>(body, limits, [](const QJsonObject &o) {
        CountBody c;
        c.gpuCount
            = static_cast<int>(nonNegativeInteger(required(o, {}, "gpu_count"), QStringLiteral("gpu_count"), kMaxGpus));
        const QJsonValue ts = o.value(QLatin1String("timestamp"));
        if (!ts.isNull() && !ts.isUndefined())
            c.timestamp = string(ts, QStringLiteral("timestamp"));
        return c;
    });
}

Parsed<HealthBody> parseHealth(const QByteArray &body, const ParseLimits &limits)
{
    return run<HealthBody>(body, limits, [](const QJsonObject &o) {
        HealthBody h;
        h.status = string(required(o, {}, "status"), QStringLiteral("status"));
        const QJsonValue smi = o.value(QLatin1String("nvidia_smi_available"));
        h.nvidiaSmiAvailable = smi.isUndefined() ? false : boolean(smi, QStringLiteral("nvidia_smi_available"));
        h.timestamp = optionalString(o.value(QLatin1String("timestamp")), QStringLiteral("timestamp"));
        return h;
    });
}

Parsed<ServerConfigBody> parseConfig(const QByteArray &body, const ParseLimits &limits)
{
    return run<ServerConfigBody>(body, limits, [](const QJsonObject &o) {
        ServerConfigBody c;
        const QString sf = QStringLiteral("server");
        const QJsonObject s = object(required(o, {}, "server"), sf);
        c.server.host = string(required(s, sf, "host"), path(sf, QStringLiteral("host")));
        c.server.port
            = static_cast<int>(nonNegativeInteger(required(s, sf, "port"), path(sf, QStringLiteral("port")), 65535));
        c.server.reload = boolean(s.value(QLatin1String("reload")).isUndefined() ? QJsonValue(false)
                                                                                 : s.value(QLatin1String("reload")),
                                  path(sf, QStringLiteral("reload")));
        c.server.logLevel = optionalString(s.value(QLatin1String("log_level")), path(sf, QStringLiteral("log_level")));
        c.server.accessLog = s.value(QLatin1String("access_log")).toBool(true);
        c.server.workers = static_cast<int>(nonNegativeInteger(
            s.value(QLatin1String("workers")).isUndefined() ? QJsonValue(1) : s.value(QLatin1String("workers")),
            path(sf, QStringLiteral("workers")), 4096));

        const QString af = QStringLiteral("api");
        const QJsonObject a = object(required(o, {}, "api"), af);
        c.api.title = optionalString(a.value(QLatin1String("title")), path(af, QStringLiteral("title")));
        c.api.version = optionalString(a.value(QLatin1String("version")), path(af, QStringLiteral("version")));
        c.api.docsUrl = optionalString(a.value(QLatin1String("docs_url")), path(af, QStringLiteral("docs_url")));
        c.api.redocUrl = optionalString(a.value(QLatin1String("redoc_url")), path(af, QStringLiteral("redoc_url")));
        c.api.enableCors = a.value(QLatin1String("enable_cors")).toBool(true);
        c.api.apiPrefix = optionalString(a.value(QLatin1String("api_prefix")), path(af, QStringLiteral("api_prefix")));

        const QString mf = QStringLiteral("monitoring");
        const QJsonObject m = object(required(o, {}, "monitoring"), mf);
        c.monitoring.refreshInterval
            = number(required(m, mf, "refresh_interval"), path(mf, QStringLiteral("refresh_interval")));
        c.monitoring.maxHistory = static_cast<int>(
            nonNegativeInteger(required(m, mf, "max_history"), path(mf, QStringLiteral("max_history")), 1 << 30));

        const QString ff = QStringLiteral("gpu_filtering");
        const QJsonObject f = object(required(o, {}, "gpu_filtering"), ff);
        const QJsonValue cvd = f.value(QLatin1String("cuda_visible_devices"));
        if (!cvd.isNull() && !cvd.isUndefined())
            c.gpuFiltering.cudaVisibleDevices = string(cvd, path(ff, QStringLiteral("cuda_visible_devices")));
        const QJsonValue ids = f.value(QLatin1String("visible_gpu_ids"));
        if (!ids.isNull() && !ids.isUndefined()) {
            const QString idsField = path(ff, QStringLiteral("visible_gpu_ids"));
            const QJsonArray list = array(ids, idsField);
            QList<int> out;
            for (qsizetype i = 0; i < list.size(); ++i)
                out.append(static_cast<int>(nonNegativeInteger(list.at(i), indexPath(idsField, i), 1 << 20)));
            c.gpuFiltering.visibleGpuIds = out;
        }
        c.gpuFiltering.filteringActive = f.value(QLatin1String("filtering_active")).toBool(false);
        c.gpuFiltering.totalSystemGpus = static_cast<int>(nonNegativeInteger(
            required(f, ff, "total_system_gpus"), path(ff, QStringLiteral("total_system_gpus")), kMaxGpus));
        c.gpuFiltering.visibleGpuCount = static_cast<int>(nonNegativeInteger(
            required(f, ff, "visible_gpu_count"), path(ff, QStringLiteral("visible_gpu_count")), kMaxGpus));
        return c;
    });
}

Parsed<ProcessesBody> parseProcesses(const QByteArray &body, const ParseLimits &limits)
{
    return run<ProcessesBody>(body, limits, [](const QJsonObject &o) {
        ProcessesBody b;
        const QString listField = QStringLiteral("processes");
        const QJsonArray list = array(required(o, {}, "processes"), listField);
        // A host runs many processes, but not without bound: a server cannot make us hold any number.
        if (list.size() > kMaxProcesses)
            fail(listField, tr("has %1 entries, more than %2").arg(list.size()).arg(kMaxProcesses));
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString entry = indexPath(listField, i);
            const QJsonObject e = object(list.at(i), entry);
            GpuProcess p;
            p.pid = nonNegativeInteger(required(e, entry, "pid"), path(entry, QStringLiteral("pid")));
            p.processName
                = optionalString(e.value(QLatin1String("process_name")), path(entry, QStringLiteral("process_name")));
            const QJsonValue user = e.value(QLatin1String("user"));
            if (!user.isNull() && !user.isUndefined())
                p.user = string(user, path(entry, QStringLiteral("user")));
            const QJsonValue visible = e.value(QLatin1String("pid_visible"));
            if (!visible.isUndefined())
                p.pidVisible = boolean(visible, path(entry, QStringLiteral("pid_visible")));
            const QJsonValue memory = e.value(QLatin1String("used_memory_mb"));
            if (!memory.isNull() && !memory.isUndefined())
                p.usedMemoryMb = nonNegativeInteger(memory, path(entry, QStringLiteral("used_memory_mb")));
            const QJsonValue gpu = e.value(QLatin1String("gpu_id"));
            if (!gpu.isNull() && !gpu.isUndefined())
                p.gpuIndex = int(nonNegativeInteger(gpu, path(entry, QStringLiteral("gpu_id")), 1 << 20));
            p.gpuUuid = optionalString(e.value(QLatin1String("gpu_uuid")), path(entry, QStringLiteral("gpu_uuid")));
            b.processes.append(p);
        }
        b.timestamp = optionalString(o.value(QLatin1String("timestamp")), QStringLiteral("timestamp"));
        return b;
    });
}

} // namespace gpupool::stats
