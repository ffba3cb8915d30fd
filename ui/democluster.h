#pragma once

#include <QObject>
#include <QStringList>
#include <memory>
#include <vector>

class QTimer;

namespace gpupool::pool {
class Pool;
}

// `--demo`: a simulated cluster inside the console, on loopback. Each node is
// core/server's SimulatedGpuSource + StatsService + HttpServer on
// 127.0.0.1:0 (the OS picks the port), so the Pool polls real HTTP exactly
// as it polls real servers. Mixed GPU models (the simulator's seed picks a
// node's kind), changing load, and one node that fails for a while now and
// then (503) and recovers, so breakers open, probe and close.
namespace gpupool::ui {

class DemoCluster final : public QObject
{
    Q_OBJECT

public:
    struct NodeSpec
    {
        QString name;
        int gpus = 4;
        quint64 seed = 1;
        bool flaky = false;
    };
    // Down for downMs of every cycleMs (starting at downAfterMs).
    struct Flakiness
    {
        qint64 cycleMs = 80'000;
        qint64 downAfterMs = 40'000;
        qint64 downMs = 25'000;
    };

    explicit DemoCluster(QObject *parent = nullptr);
    ~DemoCluster() override;

    static QList<NodeSpec> defaultNodes();
    void setFlakiness(const Flakiness &f) { m_flakiness = f; }

    // Listens on 127.0.0.1:0 for every node. False (with error()) if one cannot.
    bool start(const QList<NodeSpec> &nodes = defaultNodes());
    QString error() const { return m_error; }
    // "name=http://127.0.0.1:PORT,...": the endpoint list for the Pool's settings.
    QString endpointList() const;
    QStringList urls() const;

    // Other people's work: every few seconds a simulated colleague takes a
    // GPU for a few minutes (through the Pool, like anyone else).
    void startActivity(pool::Pool &pool, int everyMs = 6'000);

private:
    struct Node;
    bool isDown(qint64 nowMs) const;

    std::vector<std::unique_ptr<Node>> m_nodes;
    Flakiness m_flakiness;
    qint64 m_startMs = 0;
    QString m_error;
    QTimer *m_activity = nullptr;
    int m_activityStep = 0;
};

} // namespace gpupool::ui
