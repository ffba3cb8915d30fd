// strategy [NAME]: show the pool's strategy and where it comes from, or set
// it in the store, for every program on it. Needs no endpoint.

#include "commands/commands.h"
#include "jsonout.h"
#include "run.h"

#include "config/settingkey.h"
#include "balance/strategyregistry.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace gpupool::ctl::commands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::ctl::Strategy", text);
}

void show(Run &run)
{
    pool::Pool &pool = run.pool();
    if (const pool::Status s = pool.openStore())
        return run.fail(*s);
    const config::Origin &origin = run.resolution().origin(config::Key::Strategy);
    const QString current = pool.strategy();
    const QString store = pool.storeInfo().url;
    const bool fromStore = pool.isStrategyFromStore() && !origin.beatsSettingsFile();
    if (run.out().json()) {
        run.out().printJson(
            { { QStringLiteral("strategy"), current },
              { QStringLiteral("source"), fromStore ? QStringLiteral("store") : json::source(origin.source) },
              { QStringLiteral("origin"), fromStore ? store : origin.name },
              { QStringLiteral("store"), store },
              { QStringLiteral("available"), QJsonArray::fromStringList(balance::StrategyRegistry::names()) } });
        return run.finish(0);
    }
    QString where;
    if (fromStore)
        where = tr("the pool's, in %1").arg(store);
    else if (origin.source == config::Source::Default)
        where = config::sourceName(origin.source);
    else
        where = config::sourceName(origin.source) + QLatin1String(": ") + origin.name;
    run.out().line(tr("%1 (%2)").arg(run.out().paint(cli::Style::Header, current), where));
    for (const QString &name : balance::StrategyRegistry::names())
        run.out().line((name == current ? QLatin1String("* ") : QLatin1String("  ")) + name);
    run.finish(0);
}

// Into the store: the strategy is the pool's, for every program on it.
void set(Run &run, const QString &name)
{
    if (!balance::StrategyRegistry::contains(name))
        return run.fail(cli::ExitStatus::Usage, pool::errorCodeName(pool::ErrorCode::UnknownStrategy),
                        balance::StrategyRegistry::unknownStrategyMessage(name));
    pool::Pool &pool = run.pool();
    if (const pool::Status s = pool.setStrategy(name))
        return run.fail(*s);
    const QString store = pool.storeInfo().url;
    // An option or a variable still wins for the program that has it: say so
    // rather than let the user believe the new strategy is in force there.
    const config::Origin &origin = run.resolution().origin(config::Key::Strategy);
    if (origin.source == config::Source::Environment)
        run.out().warning(
            tr("%1 is set to \"%2\": programs started with it keep balancing with %2").arg(origin.name, origin.value));
    if (run.out().json()) {
        run.out().printJson({ { QStringLiteral("strategy"), name },
                              { QStringLiteral("saved_to"), store },
                              { QStringLiteral("overridden_by"),
                                origin.source == config::Source::Environment ? QJsonValue(origin.name)
                                                                             : QJsonValue(QJsonValue::Null) } });
    } else {
        run.out().line(
            tr("The pool's strategy is now %1 (saved in %2; every program on it follows).").arg(name, store));
    }
    run.finish(0);
}

} // namespace

void strategy(Run &run)
{
    if (run.invocation().positional.isEmpty())
        show(run);
    else
        set(run, run.invocation().positional.constFirst().trimmed());
}

} // namespace gpupool::ctl::commands
