#include "democluster.h"

#include "pool/pool.h"
#include "server/httpserver.h"
#include "server/simulatedgpusource.h"
#include "server/statsservice.h"
#include "util/logging.h"

#include <QTimer>

namespace gpupool::ui {

struct DemoCluster::Node
{
    NodeSpec spec;
    std::unique_ptr<server::SimulatedGpuSource> source;
    std::unique_ptr<server::StatsService> service;
    std::unique_ptr<server::HttpServer> http; // destroyed first: it calls the service
    QString url;

    ~Node() { http.reset(); }
};

DemoCluster::DemoCluster(QObject *parent) : QObject(parent) {}

DemoCluster::~DemoCluster() = default;

QList<DemoCluster::NodeSpec> DemoCluster::defaultNodes()
{
    // Seeds pick the kind (simulatedgpusource.h): 1 H100, 2 A100, 3 RTX 4090, 0 a mixed workstation.
    return {
        { QStringLiteral("dgx-h100-a"), 8, 1, false }, { QStringLiteral("a100-node"), 4, 2, false },
        { QStringLiteral("rtx-lab"), 4, 3, false },    { QStringLiteral("workstation"), 2, 4, false },
        { QStringLiteral("dgx-h100-b"), 8, 5, true },
    };
}

bool DemoCluster::isDown(qint64 nowMs) const
{
    const qint64 phase = (nowMs - m_startMs) % qMax<qint64>(1, m_flakiness.cycleMs);
    return phase >= m_flakiness.downAfterMs && phase < m_flakiness.downAfterMs + m_flakiness.downMs;
}

bool DemoCluster::start(const QList<NodeSpec> &nodes)
{
    const server::NowMs clock = server::steadyClock();
    m_startMs = clock();
    for (const NodeSpec &spec : nodes) {
        auto node = std::make_unique<Node>();
        node->spec = spec;
        node->source = std::make_unique<server::SimulatedGpuSource>(spec.gpus, spec.seed, clock);
        node->service = std::make_unique<server::StatsService>(*node->source, clock);
        node->http = std::make_unique<server::HttpServer>();
        if (spec.flaky) {
            node->http->setRequestFilter(
                [this, clock](const server::HttpRequest &) -> std::optional<server::HttpResponse> {
                    if (isDown(clock()))
                        return server::HttpResponse::detail(503, QStringLiteral("Service Unavailable"));
                    return std::nullopt;
                });
        }
        if (!node->http->listen(QHostAddress::LocalHost, 0)) {
            m_error = tr("the demo cluster cannot listen on 127.0.0.1: %1").arg(node->http->errorString());
            return false;
        }
        server::StatsService::Settings settings;
        settings.port = node->http->serverPort();
        node->service->setSettings(settings);
        node->service->registerRoutes(*node->http);
        node->url = QStringLiteral("http://127.0.0.1:") + QString::number(node->http->serverPort());
        qCInfo(lcConsole).noquote() << "demo node" << spec.name << "on" << node->url;
        m_nodes.push_back(std::move(node));
    }
    return true;
}

QStringList DemoCluster::urls() const
{
    QStringList out;
    for (const auto &n : m_nodes)
        out.append(n->url);
    return out;
}

QString DemoCluster::endpointList() const
{
    QStringList entries;
    for (const auto &n : m_nodes)
        entries.append(n->spec.name + QLatin1Char('=') + n->url);
    return entries.join(QLatin1Char(','));
}

void DemoCluster::startActivity(pool::Pool &pool, int everyMs)
{
    if (!m_activity) {
        m_activity = new QTimer(this);
        connect(m_activity, &QTimer::timeout, &pool, [this, &pool] {
            static const QStringList people = { QStringLiteral("alice@lab"), QStringLiteral("bob@lab"),
                                                QStringLiteral("ci-runner-3"), QStringLiteral("dana@lab") };
            const int step = m_activityStep++;
            pool::GpuRequest request;
            request.owner = people.at(step % people.size());
            request.note = tr("demo job %1").arg(step + 1);
            request.timeoutMs = pool::NoWait;
            request.durationMs = 30'000 + (step * 37'000) % 90'000; // 30 s to 2 min: the pool fills and drains
            pool.requestGpu(request);
        });
    }
    m_activity->start(everyMs);
}

} // namespace gpupool::ui
