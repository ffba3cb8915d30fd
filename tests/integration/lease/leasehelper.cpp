// A small program for tests/integration/lease: one real process using the
// lease store, as the console or the command line would.
//
//   gpupool_lease_helper open DB
//   gpupool_lease_helper grant DB OWNER GPUS
//   gpupool_lease_helper list DB
//   gpupool_lease_helper race DB OWNER GPUS ROUNDS MARKER_DIR
//
// `race` requests and releases a GPU ROUNDS times on one endpoint with GPUS
// GPUs. While it holds a GPU it keeps a marker file MARKER_DIR/<gpu>, created
// with O_EXCL: if two processes ever held one GPU at once, the second marker
// fails and the helper exits 3. Each grant prints "granted <gpu> <fence>".
//
// Exit status: 0 done, 1 a lease error (printed as "error <code> <message>"),
// 2 usage, 3 a GPU held twice.
#include "lease/allocator.h"
#include "lease/sqliteleasestore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QThread>
#include <QTextStream>

using namespace gpupool;
using namespace gpupool::lease;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

int fail(const LeaseError &error)
{
    out() << "error " << errorCodeName(error.code) << ' ' << error.message << Qt::endl;
    return 1;
}

balance::EndpointView oneEndpoint(int gpus)
{
    balance::EndpointView e;
    e.id = QStringLiteral("srv");
    for (int i = 0; i < gpus; ++i) {
        balance::GpuView g;
        g.localId = i;
        e.gpus.append(g);
    }
    return e;
}

// One request with timeout 0, answered before request() returns.
Result<Lease> requestNow(Allocator &allocator, const QString &owner)
{
    std::optional<Result<Lease>> answer;
    RequestOptions o;
    o.owner = owner;
    o.timeoutMs = 0;
    allocator.request(o, [&answer](const Result<Lease> &r) { answer = r; });
    return *answer;
}

int race(Allocator &allocator, const QString &owner, int rounds, const QString &markers)
{
    int grants = 0;
    int misses = 0;
    for (int i = 0; i < rounds; ++i) {
        const Result<Lease> r = requestNow(allocator, owner);
        if (!r) {
            if (r.code() != ErrorCode::TimedOut)
                return fail(r.error());
            ++misses;
            allocator.tick(); // picks up the others' releases
            continue;
        }
        QFile marker(markers + QLatin1Char('/') + r->gpuId());
        if (!marker.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            out() << "DOUBLE " << r->gpuId() << Qt::endl;
            return 3;
        }
        out() << "granted " << r->gpuId() << ' ' << r->fence << Qt::endl;
        ++grants;
        QThread::usleep(300); // "work" while holding it, so holders overlap
        marker.close();
        marker.remove();
        const Result<LeaseEnd> released = allocator.release(r->id, owner);
        if (!released)
            return fail(released.error());
    }
    out() << "done " << grants << " grants " << misses << " misses" << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.size() < 2)
        return 2;
    const QString command = args.at(0);
    auto store = SqliteLeaseStore::open(args.at(1));
    if (!store)
        return fail(store.error());
    if (command == QLatin1String("open")) {
        out() << "ok" << Qt::endl;
        return 0;
    }
    if (command == QLatin1String("list")) {
        const auto active = (*store)->activeLeases();
        if (!active)
            return fail(active.error());
        for (const Lease &l : *active)
            out() << l.id << ' ' << l.gpuId() << ' ' << l.owner << ' ' << l.fence << Qt::endl;
        return 0;
    }
    if (args.size() < 4)
        return 2;
    Allocator allocator(**store, gpupool::SteadyClock::instance(), SystemWallClock::instance());
    allocator.setEndpoints({ oneEndpoint(args.at(3).toInt()) });
    if (Status s = allocator.start())
        return fail(*s);
    if (command == QLatin1String("grant")) {
        const Result<Lease> r = requestNow(allocator, args.at(2));
        if (!r)
            return fail(r.error());
        out() << r->id << ' ' << r->gpuId() << ' ' << r->fence << Qt::endl;
        return 0;
    }
    if (command == QLatin1String("race") && args.size() == 6)
        return race(allocator, args.at(2), args.at(4).toInt(), args.at(5));
    return 2;
}
