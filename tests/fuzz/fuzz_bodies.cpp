// libFuzzer target for the wire-format parsers: whatever bytes a server sends,
// the parsers must return a value or an error, never crash, and never return a
// value that breaks the rules they promise to check.
#include "stats/bodyparser.h"
#include "stats/bodywriter.h"
#include "stats/summaryfastpath.h"

#include <QByteArray>
#include <QSet>
#include <cstdint>
#include <cstdlib>

using namespace gpupool::stats;

namespace {
void check(bool ok)
{
    if (!ok)
        std::abort();
}

bool isPercent(double p)
{
    return p >= 0 && p <= 100;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    if (const auto s = parseSummary(body); s.ok()) {
        const SummaryBody &v = s.value();
        check(v.gpus.size() == v.gpuCount);
        check(isPercent(v.averageUtilizationPercent));
        QSet<int> ids;
        for (const SummaryGpu &g : v.gpus) {
            check(g.gpuId >= 0 && !ids.contains(g.gpuId));
            ids.insert(g.gpuId);
            check(isPercent(g.memoryUsagePercent) && isPercent(g.utilizationPercent));
        }
    } else {
        check(!s.error().message.isEmpty());
    }
    // The fast reader may give up on anything, but what it accepts the full
    // parser (QJsonDocument) must accept with the same value.
    if (const auto fast = parseSummaryFast(body, 32)) {
        const auto full = parseSummaryFull(body);
        check(full.ok() && full.value() == *fast);
    }
    if (const auto s = parseStats(body); s.ok()) {
        check(s.value().gpus.size() == s.value().gpuCount);
        for (const StatsGpu &g : s.value().gpus)
            check(isPercent(g.memoryUsagePercent) && isPercent(g.utilizationPercent));
    }
    if (const auto p = parseProcesses(body); p.ok()) {
        // What we read we can write again, and read back the same.
        const auto again = parseProcesses(writeProcesses(p.value()));
        check(again.ok() && again.value() == p.value());
    }
    (void)parseCount(body);
    (void)parseHealth(body);
    if (const auto c = parseConfig(body); c.ok()) {
        // What we read we can write again, and read back the same.
        const auto again = parseConfig(writeConfig(c.value()));
        check(again.ok());
    }
    return 0;
}
