#pragma once

#include "stats/gpusample.h"

#include <QStringList>
#include <optional>

namespace gpupool::server {

// CUDA_VISIBLE_DEVICES as the predecessor's server reads it (docs/wire-format.md):
// unset → every GPU; empty or blank → none; otherwise the non-negative integers
// it lists (commas and/or white space), in order, duplicates kept; other entries
// are dropped with a warning, and if none is valid every GPU is shown.
class VisibleDevices
{
public:
    static VisibleDevices parse(const std::optional<QString> &raw);
    static VisibleDevices fromEnvironment();

    const std::optional<QString> &raw() const { return m_raw; }
    // The ids to show, or nullopt when every GPU is shown.
    const std::optional<QList<int>> &ids() const { return m_ids; }
    bool filteringActive() const { return m_ids.has_value(); }
    // What parsing had to say (dropped entries, fallback), one line each.
    const QStringList &warnings() const { return m_warnings; }

    // Keeps the listed GPUs in nvidia-smi's order with their original ids.
    // Listed ids that the system does not have are reported in `missing`.
    stats::GpuSamples apply(const stats::GpuSamples &all, QList<int> *missing = nullptr) const;

private:
    std::optional<QString> m_raw;
    std::optional<QList<int>> m_ids;
    QStringList m_warnings;
};

} // namespace gpupool::server
