#include "server/simulatedgpusource.h"

#include "server/simrandom.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gpupool::server {

namespace {

// Indices into catalogue().
enum Model { H100, A100_40, RTX4090, RTX3080 };
// The kinds of host a seed can give (seed modulo their count, so that a
// --cluster, seeded S, S+1, ..., has one of each): a workstation that mixes
// RTX 4090 and RTX 3080 cards, or uniform nodes of the first three models.
enum HostKind { Workstation, H100Node, A100Node, Rtx4090Node, HostKindCount };

// Noise channels, so that each kind of reading has its own noise.
enum Channel : quint64 { UtilNoise = 1, UtilBlip, PowerNoise, TempNoise };

QString uuidFor(quint64 seed, int index)
{
    const quint64 a = sim::mix64(seed ^ sim::mix64(static_cast<quint64>(index) + 0x5555));
    const quint64 b = sim::mix64(a);
    char buf[64];
    std::snprintf(buf, sizeof buf, "GPU-%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                  static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return QString::fromLatin1(buf);
}

double round2(double x)
{
    return std::round(x * 100.0) / 100.0;
}

} // namespace

QList<GpuModel> SimulatedGpuSource::catalogue()
{
    // Totals and limits as nvidia-smi prints them; the H100's reserve and idle
    // power come from tests/fixtures/nvidia-smi/h100, the others are typical.
    return {
        { QStringLiteral("NVIDIA H100 80GB HBM3"), 81559, 480, 700.0, 120.0, 34, 62, true },
        { QStringLiteral("NVIDIA A100-SXM4-40GB"), 40960, 423, 400.0, 55.0, 32, 68, true },
        { QStringLiteral("NVIDIA GeForce RTX 4090"), 24564, 355, 450.0, 25.0, 30, 72, true },
        { QStringLiteral("NVIDIA GeForce RTX 3080"), 10240, 230, 320.0, 20.0, 35, 75, false },
    };
}

SimulatedGpuSource::SimulatedGpuSource(int gpuCount, quint64 seed, NowMs clock)
    : m_seed(seed)
    , m_clock(std::move(clock))
    , m_originMs(m_clock())
{
    const QList<GpuModel> models = catalogue();
    const auto kind = static_cast<HostKind>(seed % HostKindCount);
    for (int i = 0; i < gpuCount; ++i) {
        Model model = kind == H100Node ? H100 : kind == A100Node ? A100_40 : RTX4090;
        if (kind == Workstation && i % 2 == 1)
            model = RTX3080;
        const bool desktop = model == RTX4090 || model == RTX3080;
        const quint64 gpuSeed = sim::mix64(seed ^ sim::mix64(static_cast<quint64>(i) + 1));
        // A desktop keeps some memory for the display; a datacenter GPU reads 0 MiB idle.
        const double baseline = desktop ? 0.005 + 0.025 * sim::hashUniform(gpuSeed, 0, 0) : 0.0;
        m_gpus.append({ models.at(model), uuidFor(seed, i), sim::SimulatedWorkload(gpuSeed, baseline) });
    }
}

GpuReading SimulatedGpuSource::read()
{
    return samplesAt(m_clock() - m_originMs);
}

stats::GpuSamples SimulatedGpuSource::samplesAt(qint64 ms)
{
    stats::GpuSamples samples;
    samples.reserve(m_gpus.size());
    for (int i = 0; i < m_gpus.size(); ++i)
        samples.append(sampleOf(i, m_gpus[i], ms));
    return samples;
}

stats::GpuSample SimulatedGpuSource::sampleOf(int index, Gpu &gpu, qint64 ms) const
{
    sim::SimulatedWorkload::Load load = gpu.workload.at(ms);
    if (m_idle)
        load = sim::SimulatedWorkload::Load { 0, 0.01, 0 };
    const GpuModel &m = gpu.model;
    // Noise changes once a second, as nvidia-smi's readings do between polls.
    const auto second = static_cast<quint64>(ms >= 0 ? ms / 1000 : 0);
    const quint64 key = sim::mix64(m_seed ^ static_cast<quint64>(index));
    auto noise = [&](Channel c) { return sim::hashUniform(key, second, c); };

    double util = load.utilizationPercent;
    if (util > 0.5)
        util += (noise(UtilNoise) - 0.5) * 6.0;
    else if (noise(UtilBlip) < 0.08)
        util = 1 + 3 * noise(UtilNoise); // a stray kernel on an idle GPU
    const int utilization = static_cast<int>(std::lround(std::clamp(util, 0.0, 100.0)));

    const qint64 usable = m.memoryTotalMb - m.reservedMb;
    const qint64 used = std::clamp<qint64>(std::llround(load.memoryFraction * static_cast<double>(usable)), 0, usable);

    stats::GpuSample s;
    s.index = index;
    s.name = m.name;
    s.uuid = gpu.uuid;
    s.memoryTotalMb = m.memoryTotalMb;
    s.memoryUsedMb = used;
    s.memoryFreeMb = usable - used;
    s.utilizationPercent = utilization;
    const double temperature
        = m.idleTemperatureC + (m.hotTemperatureC - m.idleTemperatureC) * load.heat + (noise(TempNoise) - 0.5);
    s.temperatureC = static_cast<int>(std::lround(temperature));
    if (m.powerReadable) {
        // Power follows utilization (a little more than linearly) and heat (leakage).
        const double span = m.powerLimitW - m.idlePowerW;
        double draw = m.idlePowerW + span * std::pow(utilization / 100.0, 1.2) * 0.97 + 0.02 * span * load.heat
            + (noise(PowerNoise) - 0.5) * 0.01 * m.powerLimitW;
        draw = std::clamp(draw, m.idlePowerW * 0.95, m.powerLimitW);
        s.powerDrawW = round2(draw);
        s.powerLimitW = round2(m.powerLimitW);
    }
    return s;
}

ProcessReading SimulatedGpuSource::readProcesses(const stats::GpuSamples &gpus)
{
    static const QStringList users { QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol"),
                                     QStringLiteral("dave") };
    static const QStringList programs { QStringLiteral("python3"), QStringLiteral("torchrun"),
                                        QStringLiteral("jupyter-kernel") };
    QList<GpuProcess> processes;
    for (const stats::GpuSample &g : gpus) {
        // What the driver keeps is not a process's.
        if (g.memoryUsedMb <= 1024)
            continue;
        const quint64 mix = m_seed * 7919u + static_cast<quint64>(g.index) * 104729u;
        GpuProcess p;
        p.pid = 10000 + static_cast<qint64>(mix % 50000u);
        p.processName = programs.at(static_cast<qsizetype>(mix % static_cast<quint64>(programs.size())));
        p.usedMemoryMb = g.memoryUsedMb - 512;
        p.gpuUuid = g.uuid;
        p.gpuIndex = g.index;
        p.user = users.at(static_cast<qsizetype>((mix / 3u) % static_cast<quint64>(users.size())));
        processes.append(p);
    }
    return processes;
}

} // namespace gpupool::server
