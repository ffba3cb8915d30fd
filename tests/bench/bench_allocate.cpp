// bench_allocate: how long the allocation path takes at scale.
//
//  - Decision/<strategy>: one request + release decision with 1,000
//    endpoints x 8 GPUs (the balancer chooses, the inventory marks the GPU
//    leased and free again). Target: <= 20 us per decision.
//  - Allocator/memory: the whole request + release through the allocator
//    (lease table, wait queue, observer plumbing) on the in-memory store.
//  - Sqlite/store and Sqlite/allocator: grant + release pairs per second
//    through the SQLite lease store (each its own transaction, WAL), by the
//    store alone and through the allocator; Sqlite/grant: grants alone.
//    Target: >= 2,000 grants/s. Wall-clock time: it includes the disk.
//  - Sqlite/allocator/<strategy>/shared against .../local: the same pairs
//    with the balancer's turn read from and written to the store with each
//    grant (one pool for every program), and with it kept in the process
//    (a store that has no pool settings), so the cost of sharing shows.
//    The shared case also checks the store's wait queue with every grant.
//    Target: shared costs less than 30 % of local.
//
// Prints figures only; never fails on a timing (CONTRIBUTING.md).
#include "balance/balancer.h"
#include "balance/strategyregistry.h"
#include "lease/allocator.h"
#include "lease/memoryleasestore.h"
#include "lease/sqliteleasestore.h"
#include "localstore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <benchmark/benchmark.h>

using namespace gpupool;

namespace {

constexpr int Endpoints = 1000;
constexpr int GpusPerEndpoint = 8;

// Deterministic, varied loads: some GPUs over a threshold, response times and
// prices spread, three memory classes, so every strategy has real work.
QList<balance::EndpointView> fleet()
{
    QList<balance::EndpointView> views;
    quint32 seed = 12345;
    auto next = [&seed] {
        seed = seed * 1664525u + 1013904223u;
        return (seed >> 8) % 1000;
    };
    for (int e = 0; e < Endpoints; ++e) {
        balance::EndpointView v;
        v.id = QStringLiteral("gpu-server-%1_8000").arg(e);
        v.responseTimeMs = 5.0 + double(next() % 200);
        if (e % 3 == 0)
            v.hourlyPrice = double(next() % 300) / 100.0;
        for (int g = 0; g < GpusPerEndpoint; ++g) {
            balance::GpuView gpu;
            gpu.localId = g;
            gpu.name = QStringLiteral("NVIDIA H100 80GB HBM3");
            gpu.memoryPercent = double(next() % 1000) / 10.0;
            gpu.utilizationPercent = double(next() % 1000) / 10.0;
            gpu.memoryTotalMb = (e % 3 == 0) ? 81559 : (e % 3 == 1) ? 40960 : 24564;
            v.gpus.append(gpu);
        }
        views.append(v);
    }
    return views;
}

void decision(benchmark::State &state, const QString &strategy)
{
    balance::Inventory inventory;
    inventory.setEndpoints(fleet());
    balance::Balancer balancer(gpupool::SteadyClock::instance());
    if (!balancer.setStrategy(strategy)) {
        state.SkipWithError("unknown strategy");
        return;
    }
    for (auto _ : state) {
        const std::optional<balance::Selection> s = balancer.select(inventory);
        if (!s) {
            state.SkipWithError("nothing assignable");
            return;
        }
        inventory.setLeased(s->endpointId, s->localGpuId, true);
        inventory.setLeased(s->endpointId, s->localGpuId, false);
        benchmark::DoNotOptimize(s->localGpuId);
    }
    state.counters["gpus"] = inventory.totalGpus();
    state.counters["assignable"] = inventory.totalAssignable();
    state.SetItemsProcessed(state.iterations());
}

// One request answered at once (timeout 0) and released: the allocator path.
void requestRelease(benchmark::State &state, lease::LeaseStore &store, const QString &strategy = {})
{
    lease::Allocator allocator(store, gpupool::SteadyClock::instance(), gpupool::SystemWallClock::instance());
    allocator.setEndpoints(fleet());
    if (!strategy.isEmpty())
        allocator.setStrategy(strategy);
    if (allocator.start()) {
        state.SkipWithError("start failed");
        return;
    }
    lease::RequestOptions options;
    options.owner = QStringLiteral("bench@host");
    options.timeoutMs = 0;
    for (auto _ : state) {
        QString id;
        allocator.request(options, [&id](const lease::Result<lease::Lease> &r) {
            if (r)
                id = r->id;
        });
        if (id.isEmpty() || !allocator.release(id, options.owner)) {
            state.SkipWithError("request or release failed");
            return;
        }
    }
    state.SetItemsProcessed(state.iterations());
}

void sqliteAllocatorSharing(benchmark::State &state, const QString &strategy, bool shared)
{
    QTemporaryDir dir;
    auto store = lease::SqliteLeaseStore::open(dir.filePath(QStringLiteral("leases.sqlite")));
    if (!store) {
        state.SkipWithError("cannot open the SQLite store");
        return;
    }
    bench::LocalBalancerStore local(**store);
    requestRelease(state, shared ? static_cast<lease::LeaseStore &>(**store) : local, strategy);
    if (shared)
        state.counters["state_bytes"] = double((*store)->poolSetting(QStringLiteral("balancer"))->size());
    state.SetItemsProcessed(state.iterations());
}

void allocatorMemory(benchmark::State &state)
{
    lease::MemoryLeaseStore store;
    requestRelease(state, store);
}

void sqliteAllocator(benchmark::State &state)
{
    QTemporaryDir dir;
    auto store = lease::SqliteLeaseStore::open(dir.filePath(QStringLiteral("leases.sqlite")));
    if (!store) {
        state.SkipWithError("cannot open the SQLite store");
        return;
    }
    requestRelease(state, **store);
}

// The store alone: grant + release of one GPU, no balancing.
void sqliteStore(benchmark::State &state)
{
    QTemporaryDir dir;
    auto store = lease::SqliteLeaseStore::open(dir.filePath(QStringLiteral("leases.sqlite")));
    if (!store) {
        state.SkipWithError("cannot open the SQLite store");
        return;
    }
    quint64 n = 0;
    const QString owner = QStringLiteral("bench@host");
    for (auto _ : state) {
        const qint64 now = gpupool::SystemWallClock::instance().msSinceEpoch();
        const lease::GrantSpec spec { QStringLiteral("L%1").arg(++n),
                                      QStringLiteral("srv"),
                                      int(n % 8),
                                      owner,
                                      QString(),
                                      lease::LeaseKind::Programmatic,
                                      3'600'000 };
        const auto granted = (*store)->grant({ spec }, now);
        if (!granted || !(*store)->end(spec.leaseId, owner, lease::EndReason::Released, now)) {
            state.SkipWithError("grant or release failed");
            return;
        }
    }
    state.SetItemsProcessed(state.iterations());
}

// Grants alone, as a burst of requests does: every iteration leases another
// GPU (the table grows to the fleet's 8,000 and beyond), nothing is released.
void sqliteGrantOnly(benchmark::State &state)
{
    QTemporaryDir dir;
    auto store = lease::SqliteLeaseStore::open(dir.filePath(QStringLiteral("leases.sqlite")));
    if (!store) {
        state.SkipWithError("cannot open the SQLite store");
        return;
    }
    quint64 n = 0;
    const QString owner = QStringLiteral("bench@host");
    for (auto _ : state) {
        ++n;
        const lease::GrantSpec spec { QStringLiteral("L%1").arg(n),
                                      QStringLiteral("gpu-server-%1_8000").arg(n / 8),
                                      int(n % 8),
                                      owner,
                                      QString(),
                                      lease::LeaseKind::Programmatic,
                                      3'600'000 };
        if (!(*store)->grant({ spec }, gpupool::SystemWallClock::instance().msSinceEpoch())) {
            state.SkipWithError("grant failed");
            return;
        }
    }
    state.SetItemsProcessed(state.iterations());
}

} // namespace

int main(int argc, char **argv)
{
    // Qt loads the SQLite driver as a plugin, which needs an application.
    QCoreApplication app(argc, argv);
    // Strategy switches are logged at info level; the figures are the output.
    QLoggingCategory::setFilterRules(QStringLiteral("gpupool.*.info=false"));
    for (const QString &name : balance::StrategyRegistry::names())
        benchmark::RegisterBenchmark(("Decision/" + name.toStdString()).c_str(), [name](benchmark::State &s) {
            decision(s, name);
        })->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("Allocator/memory", allocatorMemory)->Unit(benchmark::kMicrosecond);
    // Grants per second are what a user waits for: wall-clock time, which
    // includes the file system, not just CPU time.
    benchmark::RegisterBenchmark("Sqlite/store", sqliteStore)->Unit(benchmark::kMicrosecond)->UseRealTime();
    benchmark::RegisterBenchmark("Sqlite/grant", sqliteGrantOnly)->Unit(benchmark::kMicrosecond)->UseRealTime();
    benchmark::RegisterBenchmark("Sqlite/allocator", sqliteAllocator)->Unit(benchmark::kMicrosecond)->UseRealTime();
    for (const char *strategy : { "availability", "round_robin", "weighted_round_robin" })
        for (const bool shared : { false, true })
            benchmark::RegisterBenchmark(
                ("Sqlite/allocator/" + std::string(strategy) + (shared ? "/shared" : "/local")).c_str(),
                [name = QString::fromLatin1(strategy), shared](benchmark::State &s) {
                    sqliteAllocatorSharing(s, name, shared);
                })
                ->Unit(benchmark::kMicrosecond)
                ->UseRealTime();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
