// watch [--interval D]: the pool's state, redrawn until Ctrl-C (SIGINT) or
// SIGTERM, which end it cleanly with status 0. On a terminal each frame
// replaces the last; otherwise frames follow each other; with --json each
// frame is one JSON object on one line.

#include "commands/commands.h"
#include "jsonout.h"
#include "run.h"
#include "views.h"

#include "cli/duration.h"
#include "util/signalwatcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

#include <csignal>

namespace gpupool::ctl::commands {

namespace {

constexpr qint64 defaultIntervalMs = 2000;

class Watch final : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(gpupool::ctl::Watch)

public:
    Watch(Run &run, qint64 intervalMs) : QObject(&run), m_run(run), m_intervalMs(intervalMs)
    {
        connect(&m_signals, &util::SignalWatcher::signalReceived, this, &Watch::handleSignal);
        m_timer.setInterval(static_cast<int>(intervalMs));
        connect(&m_timer, &QTimer::timeout, this, &Watch::draw);
    }

    void begin()
    {
        m_run.refresh([this](const pool::RefreshResult &) {
            draw();
            if (const pool::Status status = m_run.pool().start())
                return m_run.fail(*status);
            m_timer.start();
        });
    }

private:
    void draw();
    void drawJson();
    void handleSignal(int)
    {
        m_timer.stop();
        m_run.pool().stop();
        m_run.finish(0);
    }

    Run &m_run;
    qint64 m_intervalMs;
    util::SignalWatcher m_signals { SIGINT, SIGTERM };
    QTimer m_timer;
    int m_frames = 0;
};

void Watch::drawJson()
{
    pool::Pool &pool = m_run.pool();
    const qint64 now = Run::nowMs();
    const pool::PoolStatus s = pool.poolStatus();
    int mine = 0;
    for (const lease::Lease &l : pool.activeLeases())
        mine += l.owner == pool.owner() ? 1 : 0;
    QJsonArray endpoints;
    for (const pool::EndpointInfo &e : s.endpoints)
        endpoints.append(json::endpoint(e));
    QJsonArray gpus;
    for (const pool::GpuInfo &g : pool.gpus())
        gpus.append(json::gpu(
            g,
            views::whyNotAvailable(g, views::findEndpoint(s.endpoints, g.endpointId), pool.thresholds(), pool.owner()),
            now));
    m_run.out().printJson({ { QStringLiteral("time"), json::isoTime(now) },
                            { QStringLiteral("status"), json::status(s, mine) },
                            { QStringLiteral("endpoints"), endpoints },
                            { QStringLiteral("gpus"), gpus } },
                          true);
}

void Watch::draw()
{
    ++m_frames;
    if (m_run.out().json())
        return drawJson();
    pool::Pool &pool = m_run.pool();
    Output &out = m_run.out();
    const qint64 now = Run::nowMs();
    const pool::PoolStatus s = pool.poolStatus();
    int mine = 0;
    for (const lease::Lease &l : pool.activeLeases())
        mine += l.owner == pool.owner() ? 1 : 0;
    QStringList frame;
    frame << out.paint(cli::Style::Header,
                       tr("gpupoolctl watch - every %1 - %2 - Ctrl-C to stop")
                           .arg(cli::formatDuration(m_intervalMs),
                                QDateTime::fromMSecsSinceEpoch(now).toString(QStringLiteral("HH:mm:ss"))));
    frame << QString();
    frame << views::statusLines(s, mine, out);
    frame << QString();
    frame << views::endpointsTable(s.endpoints).render(cli::Table::defaultWidth, &out.painter());
    frame << QString();
    frame << views::gpusTable(pool.gpus(), s.endpoints, pool.thresholds(), pool.owner())
                 .render(cli::Table::defaultWidth, &out.painter());
    // On a terminal: cursor home and clear, so the frame replaces the last
    // one; elsewhere (a pipe, a file) frames follow, a blank line apart.
    QString text
        = out.isTerminal() ? QStringLiteral("\x1b[H\x1b[2J") : (m_frames > 1 ? QStringLiteral("\n") : QString());
    text += frame.join(QLatin1Char('\n')) + QLatin1Char('\n');
    out.print(text);
}

} // namespace

void watch(Run &run)
{
    const Invocation &inv = run.invocation();
    qint64 intervalMs = defaultIntervalMs;
    if (inv.isSet(QStringLiteral("interval"))) {
        cli::DurationRules rules;
        rules.minMs = 200;
        rules.maxMs = cli::msPerHour;
        rules.bareNumberIsSeconds = true;
        QString error;
        const std::optional<qint64> parsed
            = cli::parseDuration(inv.value(QStringLiteral("interval")), u"--interval", rules, &error);
        if (!parsed)
            return run.usageError(error);
        intervalMs = *parsed;
        // Poll as often as we redraw, unless polling was set on purpose.
        if (run.resolution().origin(config::Key::PollingIntervalSeconds).source == config::Source::Default)
            run.poolSettings().pollingIntervalSeconds = static_cast<double>(intervalMs) / 1000.0;
    }
    auto *watch = new Watch(run, intervalMs);
    watch->begin();
}

} // namespace gpupool::ctl::commands
