#include "stats/nvidiasmi.h"

#include <QRegularExpression>

namespace gpupool::stats::nvsmi {

namespace {

// These messages end up in the JSON error bodies that gpupool-statd serves,
// which must read as the predecessor's do whatever the server's locale: they
// are deliberately not translated.
QString wire(const char *text)
{
    return QString::fromUtf8(text);
}

ParseError lineError(int line, const QString &message)
{
    return { ParseError::Kind::Schema, wire("line %1").arg(line), message };
}

// "memory.used [MiB]" → "memory.used"; "used_gpu_memory [MiB]" → "used_gpu_memory"
QString headerName(QString h)
{
    const qsizetype bracket = h.indexOf(QLatin1String(" ["));
    if (bracket >= 0)
        h.truncate(bracket);
    return h.trimmed();
}

// "81559 MiB" → "81559"; "100 %" → "100"; "700.00 W" → "700.00"
QString stripUnit(const QString &v)
{
    static const QRegularExpression unit(QStringLiteral("^([-+0-9.eE]+)\\s*(MiB|GiB|KiB|B|%|W|MHz|C)$"));
    const auto m = unit.match(v);
    return m.hasMatch() ? m.captured(1) : v;
}

// Splits one CSV row into exactly `expected` cells. nvidia-smi does not quote,
// so a name containing ", " yields extra cells: they are joined back into the
// free-text column at `textColumn`.
std::optional<QStringList> splitRow(const QString &line, qsizetype expected, qsizetype textColumn)
{
    QStringList cells = line.split(QLatin1Char(','));
    if (cells.size() < expected)
        return std::nullopt;
    if (cells.size() > expected && textColumn >= 0) {
        const qsizetype extra = cells.size() - expected;
        QStringList merged = cells.mid(textColumn, extra + 1);
        cells.remove(textColumn, extra + 1);
        cells.insert(textColumn, merged.join(QLatin1Char(',')));
    }
    if (cells.size() != expected)
        return std::nullopt;
    for (QString &c : cells)
        c = c.trimmed();
    return cells;
}

struct Table
{
    QStringList columns;
    QList<QPair<int, QStringList>> rows; // line number, cells
};

Parsed<Table> readTable(const QByteArray &output, QStringList columns, const QString &textColumnName,
                        const QString &headerProbe)
{
    Table t;
    const QStringList lines = QString::fromUtf8(output).split(QLatin1Char('\n'));
    bool first = true;
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        if (first) {
            first = false;
            // A header names the columns, whatever order the query used.
            if (line.startsWith(headerProbe)) {
                columns.clear();
                for (const QString &h : line.split(QLatin1Char(',')))
                    columns.append(headerName(h));
                continue;
            }
        }
        const auto cells = splitRow(line, columns.size(), columns.indexOf(textColumnName));
        if (!cells)
            return lineError(i + 1,
                             wire("expected %1 fields separated by \", \", got %2: %3")
                                 .arg(columns.size())
                                 .arg(lines[i].count(QLatin1Char(',')) + 1)
                                 .arg(line.left(80)));
        t.rows.append({ i + 1, *cells });
    }
    t.columns = columns;
    return t;
}

std::optional<qint64> integer(const QString &raw, bool *ok)
{
    const QString v = stripUnit(raw);
    if (isUnavailable(v)) {
        *ok = true;
        return std::nullopt;
    }
    const qint64 n = v.toLongLong(ok);
    if (*ok)
        return n;
    // Some drivers print integral fields with decimals ("34.00").
    const double d = v.toDouble(ok);
    return *ok ? std::optional<qint64>(static_cast<qint64>(d)) : std::nullopt;
}

std::optional<double> real(const QString &raw, bool *ok)
{
    const QString v = stripUnit(raw);
    if (isUnavailable(v)) {
        *ok = true;
        return std::nullopt;
    }
    const double d = v.toDouble(ok);
    return *ok ? std::optional<double>(d) : std::nullopt;
}

} // namespace

bool isUnavailable(QStringView value)
{
    // [N/A], [Not Supported], [Unknown Error], [Insufficient Permissions], [GPU is lost] …
    return value.isEmpty() || value == QLatin1String("N/A") || value.startsWith(QLatin1Char('['));
}

QStringList predecessorGpuFields()
{
    return { QStringLiteral("index"),           QStringLiteral("name"),        QStringLiteral("memory.total"),
             QStringLiteral("memory.used"),     QStringLiteral("memory.free"), QStringLiteral("utilization.gpu"),
             QStringLiteral("temperature.gpu"), QStringLiteral("power.draw"),  QStringLiteral("power.limit") };
}

QStringList gpuFields()
{
    return predecessorGpuFields() << QStringLiteral("uuid");
}

QStringList gpuQueryArguments(const QStringList &fields)
{
    return { QStringLiteral("--query-gpu=") + fields.join(QLatin1Char(',')),
             QStringLiteral("--format=csv,noheader,nounits") };
}

Parsed<GpuSamples> parseGpuQuery(const QByteArray &output, const QStringList &fields)
{
    auto table = readTable(output, fields, QStringLiteral("name"), QStringLiteral("index,"));
    if (!table)
        return table.error();
    const QStringList &cols = table.value().columns;
    const qsizetype iIndex = cols.indexOf(QLatin1String("index"));
    if (iIndex < 0)
        return ParseError { ParseError::Kind::Schema, {}, wire("the query has no index column") };
    auto column = [&cols](const char *name) { return cols.indexOf(QLatin1String(name)); };
    const qsizetype iName = column("name"), iUuid = column("uuid"), iTotal = column("memory.total"),
                    iUsed = column("memory.used"), iFree = column("memory.free"), iUtil = column("utilization.gpu"),
                    iTemp = column("temperature.gpu"), iDraw = column("power.draw"), iLimit = column("power.limit");

    GpuSamples gpus;
    for (const auto &[lineNo, cells] : table.value().rows) {
        GpuSample g;
        bool ok = false;
        const auto index = integer(cells[iIndex], &ok);
        if (!ok || !index || *index < 0)
            return lineError(lineNo, wire("index must be a non-negative integer, got \"%1\"").arg(cells[iIndex]));
        g.index = static_cast<int>(*index);
        if (iName >= 0)
            // The predecessor's words for a name nvidia-smi cannot give.
            g.name = isUnavailable(cells[iName]) ? QStringLiteral("Unknown GPU") : cells[iName];
        if (iUuid >= 0 && !isUnavailable(cells[iUuid]))
            g.uuid = cells[iUuid];

        struct IntField
        {
            qsizetype col;
            const char *name;
            qint64 *out;
        };
        qint64 util = 0;
        for (const IntField &f :
             { IntField { iTotal, "memory.total", &g.memoryTotalMb },
               IntField { iUsed, "memory.used", &g.memoryUsedMb }, IntField { iFree, "memory.free", &g.memoryFreeMb },
               IntField { iUtil, "utilization.gpu", &util } }) {
            if (f.col < 0)
                continue;
            const auto v = integer(cells[f.col], &ok);
            if (!ok || (v && *v < 0))
                return lineError(
                    lineNo,
                    wire("%1 must be a non-negative number, got \"%2\"").arg(QLatin1String(f.name), cells[f.col]));
            *f.out = v.value_or(0);
        }
        if (util > 100)
            return lineError(lineNo, wire("utilization.gpu must be at most 100, got %1").arg(util));
        g.utilizationPercent = static_cast<int>(util);
        if (g.memoryUsedMb > g.memoryTotalMb)
            return lineError(
                lineNo, wire("memory.used %1 is more than memory.total %2").arg(g.memoryUsedMb).arg(g.memoryTotalMb));
        if (iTemp >= 0) {
            const auto t = integer(cells[iTemp], &ok);
            if (!ok)
                return lineError(lineNo, wire("temperature.gpu is not a number: \"%1\"").arg(cells[iTemp]));
            if (t)
                g.temperatureC = static_cast<int>(*t);
        }
        for (const auto &[col, name, out] : { std::tuple { iDraw, "power.draw", &g.powerDrawW },
                                              std::tuple { iLimit, "power.limit", &g.powerLimitW } }) {
            if (col < 0)
                continue;
            *out = real(cells[col], &ok);
            if (!ok)
                return lineError(lineNo, wire("%1 is not a number: \"%2\"").arg(QLatin1String(name), cells[col]));
        }
        gpus.append(g);
    }
    return gpus;
}

QStringList computeAppFields()
{
    return { QStringLiteral("pid"), QStringLiteral("process_name"), QStringLiteral("used_memory"),
             QStringLiteral("gpu_uuid") };
}

QStringList computeAppQueryArguments()
{
    return { QStringLiteral("--query-compute-apps=") + computeAppFields().join(QLatin1Char(',')),
             QStringLiteral("--format=csv,noheader,nounits") };
}

Parsed<QList<ComputeApp>> parseComputeApps(const QByteArray &output)
{
    auto table = readTable(output, computeAppFields(), QStringLiteral("process_name"), QStringLiteral("pid,"));
    if (!table)
        return table.error();
    QStringList cols = table.value().columns;
    // The header says "used_gpu_memory" where the query said "used_memory".
    cols.replaceInStrings(QStringLiteral("used_gpu_memory"), QStringLiteral("used_memory"));
    const qsizetype iPid = cols.indexOf(QLatin1String("pid")), iName = cols.indexOf(QLatin1String("process_name")),
                    iMem = cols.indexOf(QLatin1String("used_memory")), iUuid = cols.indexOf(QLatin1String("gpu_uuid"));
    if (iPid < 0)
        return ParseError { ParseError::Kind::Schema, {}, wire("the query has no pid column") };
    QList<ComputeApp> apps;
    for (const auto &[lineNo, cells] : table.value().rows) {
        ComputeApp app;
        bool ok = false;
        const auto pid = integer(cells[iPid], &ok);
        if (!ok || !pid || *pid < 0)
            return lineError(lineNo, wire("pid must be a non-negative integer, got \"%1\"").arg(cells[iPid]));
        app.pid = *pid;
        if (iName >= 0)
            app.processName = cells[iName];
        if (iMem >= 0) {
            app.usedMemoryMb = integer(cells[iMem], &ok);
            if (!ok)
                return lineError(lineNo, wire("used_memory is not a number: \"%1\"").arg(cells[iMem]));
        }
        if (iUuid >= 0)
            app.gpuUuid = cells[iUuid];
        apps.append(app);
    }
    return apps;
}

} // namespace gpupool::stats::nvsmi
