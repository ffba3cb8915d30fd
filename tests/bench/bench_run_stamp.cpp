// bench_run_stamp FILE: the child bench_run starts through `gpupoolctl run`.
// Writes the monotonic clock (ns, the same clock in every process) once when
// it starts and once as it ends, so bench_run can tell what run spent before
// the command started and after it ended. No Qt: its own start-up is the
// least it can be.
#include <cstdio>
#include <ctime>

namespace {

long long nowNs()
{
    timespec t {};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<long long>(t.tv_sec) * 1'000'000'000LL + t.tv_nsec;
}

} // namespace

int main(int argc, char **argv)
{
    const long long started = nowNs();
    if (argc != 2)
        return 2;
    std::FILE *f = std::fopen(argv[1], "w");
    if (!f)
        return 1;
    std::fprintf(f, "%lld\n", started);
    std::fprintf(f, "%lld\n", nowNs());
    return std::fclose(f) == 0 ? 0 : 1;
}
