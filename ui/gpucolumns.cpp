#include "gpucolumns.h"

#include <QDateTime>
#include <QLocale>

namespace gpupool::ui {

namespace {

using M = GpusModel;

QString percentText(int tenths)
{
    return GpusModel::tr("%1 %").arg(tenths / 10.0, 0, 'f', 1);
}

// What the Status column reads (GpusModel::statusText).
bool statusChanged(const GpuRow &a, const GpuRow &b)
{
    return a.holder != b.holder || a.mine != b.mine || a.endpointUsable != b.endpointUsable
        || a.unleasedUsers != b.unleasedUsers || a.underThresholds != b.underThresholds || a.assignable != b.assignable
        || a.heldForWaiter != b.heldForWaiter;
}

constexpr std::array<GpuColumn, M::ColumnCount> kColumns { {
    {
        .column = M::Gpu,
        .title = [] { return GpusModel::tr("GPU"); },
        .display = [](const GpuRow &r) { return QVariant(r.gpuId); },
        .changed
        = [](const GpuRow &a,
             const GpuRow &b) { return a.gpuId != b.gpuId || a.endpointId != b.endpointId || a.localId != b.localId; },
        // Endpoint, then the GPU's number as a number: gpu1:10 after gpu1:9.
        .sortText =
            [](const GpuRow &r) {
                return QString(r.endpointId + QLatin1Char(':') + QString::number(r.localId).rightJustified(6, u'0'));
            },
    },
    {
        .column = M::Endpoint,
        .title = [] { return GpusModel::tr("Endpoint"); },
        .display = [](const GpuRow &r) { return QVariant(r.endpointId); },
        .changed = [](const GpuRow &a, const GpuRow &b) { return a.endpointId != b.endpointId; },
    },
    {
        .column = M::Model,
        .title = [] { return GpusModel::tr("Model"); },
        .display =
            [](const GpuRow &r) {
                if (r.memoryTotalMb <= 0)
                    return QVariant(r.name);
                return QVariant(r.name + QStringLiteral(" (")
                                + GpusModel::tr("%1 GB").arg((r.memoryTotalMb + 512) / 1024) + QLatin1Char(')'));
            },
        .changed
        = [](const GpuRow &a, const GpuRow &b) { return a.name != b.name || a.memoryTotalMb != b.memoryTotalMb; },
    },
    {
        .column = M::Memory,
        .title = [] { return GpusModel::tr("Memory"); },
        .display = [](const GpuRow &r) { return QVariant(percentText(r.memoryPercent10)); },
        .changed = [](const GpuRow &a, const GpuRow &b) { return a.memoryPercent10 != b.memoryPercent10; },
        .sortNumber = [](const GpuRow &r) { return qint64(r.memoryPercent10); },
        .percent = [](const GpuRow &r) { return r.memoryPercent10 / 10.0; },
        .threshold = &balance::Thresholds::memoryPercent,
    },
    {
        .column = M::Utilization,
        .title = [] { return GpusModel::tr("Utilization"); },
        .display = [](const GpuRow &r) { return QVariant(percentText(r.utilizationPercent10)); },
        .changed = [](const GpuRow &a, const GpuRow &b) { return a.utilizationPercent10 != b.utilizationPercent10; },
        .sortNumber = [](const GpuRow &r) { return qint64(r.utilizationPercent10); },
        .percent = [](const GpuRow &r) { return r.utilizationPercent10 / 10.0; },
        .threshold = &balance::Thresholds::utilizationPercent,
    },
    {
        .column = M::Temperature,
        .title = [] { return GpusModel::tr("Temp."); },
        .display =
            [](const GpuRow &r) {
                return QVariant(r.temperatureC ? GpusModel::tr("%1 °C").arg(*r.temperatureC) : QString());
            },
        .changed = [](const GpuRow &a, const GpuRow &b) { return a.temperatureC != b.temperatureC; },
        .sortNumber = [](const GpuRow &r) { return qint64(r.temperatureC.value_or(-1000)); },
        .alignRight = true,
    },
    {
        .column = M::Power,
        .title = [] { return GpusModel::tr("Power"); },
        .display
        = [](const GpuRow &r) { return QVariant(r.powerW ? GpusModel::tr("%1 W").arg(*r.powerW) : QString()); },
        .changed = [](const GpuRow &a, const GpuRow &b) { return a.powerW != b.powerW; },
        .sortNumber = [](const GpuRow &r) { return qint64(r.powerW.value_or(-1)); },
        .alignRight = true,
    },
    {
        .column = M::Status,
        .title = [] { return GpusModel::tr("Status"); },
        .display = [](const GpuRow &r) { return QVariant(M::statusText(r)); },
        .changed = statusChanged,
    },
    {
        .column = M::Holder,
        .title = [] { return GpusModel::tr("Lease holder"); },
        // Who else runs there follows in brackets, where processes are read.
        .display =
            [](const GpuRow &r) {
                if (r.othersRunning.isEmpty())
                    return QVariant(r.holder);
                const QString others = QLatin1Char('(') + r.othersRunning.join(QStringLiteral(", ")) + QLatin1Char(')');
                return QVariant(r.holder.isEmpty() ? others : r.holder + QLatin1Char(' ') + others);
            },
        .changed
        = [](const GpuRow &a, const GpuRow &b) { return a.holder != b.holder || a.othersRunning != b.othersRunning; },
    },
    {
        .column = M::Expires,
        .title = [] { return GpusModel::tr("Expires"); },
        .display =
            [](const GpuRow &r) {
                if (r.expiresMs <= 0)
                    return QVariant(QString());
                return QVariant(QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.expiresMs), QLocale::ShortFormat));
            },
        .changed = [](const GpuRow &a, const GpuRow &b) { return a.expiresMs != b.expiresMs; },
        .sortNumber = [](const GpuRow &r) { return qint64(r.expiresMs); },
    },
} };

constexpr bool inEnumOrder()
{
    for (int i = 0; i < M::ColumnCount; ++i)
        if (kColumns[size_t(i)].column != i || !kColumns[size_t(i)].display || !kColumns[size_t(i)].changed)
            return false;
    return true;
}
static_assert(inEnumOrder(), "gpuColumns(): one complete entry per GpusModel::Column, in its order");

} // namespace

constinit const std::array<GpuColumn, GpusModel::ColumnCount> kGpuColumns = kColumns;

} // namespace gpupool::ui
