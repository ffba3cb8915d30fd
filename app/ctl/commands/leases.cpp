// leases [--all] [--history [--limit N]]: the leases in the store, yours
// unless --all; with --history how leases ended, newest first.

#include "commands/commands.h"
#include "jsonout.h"
#include "run.h"
#include "views.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <algorithm>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Leases", text);
}

constexpr int defaultHistory = 20;
constexpr int maxHistory = 10000;

void printActive(Run &run, bool all)
{
    pool::Pool &pool = run.pool();
    QList<lease::Lease> list;
    for (const lease::Lease &l : pool.activeLeases())
        if (all || l.owner == pool.owner())
            list.append(l);
    std::sort(list.begin(), list.end(),
              [](const lease::Lease &a, const lease::Lease &b) { return a.expiresMs < b.expiresMs; });
    const qint64 now = Run::nowMs();
    if (run.out().json()) {
        QJsonArray array;
        for (const lease::Lease &l : list)
            array.append(json::lease(l, pool.displayGpuId(l), now));
        run.out().printJson({ { QStringLiteral("owner"), pool.owner() }, { QStringLiteral("leases"), array } });
    } else if (list.isEmpty()) {
        run.out().line(all ? tr("No active leases.") : tr("You (%1) hold no leases.").arg(pool.owner()));
    } else {
        run.out().table(views::leasesTable(list, pool, all, now));
    }
    run.finish(0);
}

void printHistory(Run &run, bool all, int limit)
{
    pool::Pool &pool = run.pool();
    // Read more than asked when filtering to one owner, so --limit counts yours.
    const pool::Result<QList<lease::LeaseEnd>> history = pool.leaseHistory(all ? limit : maxHistory);
    if (!history) {
        run.fail(history.error());
        return;
    }
    QList<lease::LeaseEnd> list;
    for (const lease::LeaseEnd &e : *history)
        if ((all || e.lease.owner == pool.owner()) && list.size() < limit)
            list.append(e);
    if (run.out().json()) {
        QJsonArray array;
        for (const lease::LeaseEnd &e : list)
            array.append(json::leaseEnd(e, pool.displayGpuId(e.lease)));
        run.out().printJson({ { QStringLiteral("owner"), pool.owner() }, { QStringLiteral("history"), array } });
    } else if (list.isEmpty()) {
        run.out().line(tr("No ended leases."));
    } else {
        run.out().table(views::historyTable(list, pool, Run::nowMs()));
    }
    run.finish(0);
}

} // namespace

void leases(Run &run)
{
    const Invocation &inv = run.invocation();
    const bool all = inv.isSet(QStringLiteral("all"));
    const bool history = inv.isSet(QStringLiteral("history"));
    int limit = defaultHistory;
    if (inv.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = inv.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > maxHistory) {
            run.usageError(tr("--limit: \"%1\" is not valid: expected a whole number from 1 to %2")
                               .arg(inv.value(QStringLiteral("limit")))
                               .arg(maxHistory));
            return;
        }
        if (!history) {
            run.usageError(tr("--limit only applies with --history"));
            return;
        }
    }
    // The leases live in the store, not on the endpoints: an unreachable
    // endpoint is no failure here.
    run.refresh([&run, all, history, limit](const pool::RefreshResult &) {
        if (history)
            printHistory(run, all, limit);
        else
            printActive(run, all);
    });
}

} // namespace gpupool::ctl::commands
