#include "balance/balancer.h"

#include "balance/strategyregistry.h"
#include "util/logging.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gpupool::balance {

Balancer::Balancer(const gpupool::MonotonicClock &clock) : m_clock(clock)
{
    m_current = strategyFor(StrategyRegistry::defaultName());
}

Balancer::~Balancer() = default;

bool Balancer::setStrategy(const QString &name, QString *error)
{
    Strategy *strategy = strategyFor(name);
    if (!strategy) {
        if (error)
            *error = StrategyRegistry::unknownStrategyMessage(name);
        qCWarning(lcBalance) << "refused strategy" << name;
        return false;
    }
    if (strategy != m_current)
        qCInfo(lcBalance) << "strategy" << m_current->name() << "->" << name;
    m_current = strategy;
    return true;
}

QString Balancer::strategyName() const
{
    return m_current->name();
}

std::optional<Selection> Balancer::select(const Inventory &inventory, const GpuFilter *filter)
{
    ++m_metrics.requests;
    followLayout(inventory);
    m_candidates.clear();
    const int n = inventory.endpointCount();
    for (int e = 0; e < n; ++e) {
        const int assignable = inventory.assignableCount(e, filter);
        if (assignable > 0)
            m_candidates.push_back({ e, assignable });
    }
    if (m_candidates.empty()) {
        ++m_metrics.failed;
        qCDebug(lcBalance) << "nothing assignable among" << n << "endpoints";
        return std::nullopt;
    }

    const SelectionContext context(inventory, filter, m_selectionsByPosition);
    qsizetype chosen = m_current->choose(m_candidates, context);
    if (chosen < 0 || chosen >= qsizetype(m_candidates.size())) {
        // A strategy bug must not hand out a GPU from the wrong place.
        qCWarning(lcBalance) << m_current->name() << "chose out of range:" << chosen;
        chosen = 0;
    }
    const int endpoint = m_candidates[size_t(chosen)].endpoint;
    const int gpu = inventory.bestGpu(endpoint, filter);
    Q_ASSERT(gpu >= 0); // a candidate has at least one assignable GPU

    Selection s;
    s.endpoint = endpoint;
    s.gpuPosition = gpu;
    s.endpointId = inventory.endpoint(endpoint).view.id;
    s.localGpuId = inventory.endpoint(endpoint).view.gpus.at(gpu).localId;

    ++m_metrics.successful;
    ++m_metrics.selectionsPerEndpoint[s.endpointId];
    ++m_selectionsByPosition[size_t(endpoint)];
    if (m_metrics.lastSelections.size() >= LastSelections)
        m_metrics.lastSelections.removeFirst();
    m_metrics.lastSelections.append({ s.endpointId, s.localGpuId, m_current->name(), m_clock.nowMs() });
    qCDebug(lcBalance) << m_current->name() << "chose" << s.endpointId << s.localGpuId;
    return s;
}

QString Balancer::exportState() const
{
    QJsonObject strategies;
    for (const auto &[name, strategy] : m_strategies) {
        const QJsonValue state = strategy->saveState();
        if (!state.isNull() && !state.isUndefined())
            strategies.insert(name, state);
    }
    QJsonObject selections;
    for (auto it = m_metrics.selectionsPerEndpoint.cbegin(); it != m_metrics.selectionsPerEndpoint.cend(); ++it)
        selections.insert(it.key(), double(it.value()));
    const QJsonObject all { { QStringLiteral("strategies"), strategies },
                            { QStringLiteral("selections"), selections } };
    return QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Compact));
}

void Balancer::importState(const QString &text)
{
    const QJsonObject all = QJsonDocument::fromJson(text.toUtf8()).object();
    const QJsonObject strategies = all.value(QLatin1String("strategies")).toObject();
    for (auto it = strategies.begin(); it != strategies.end(); ++it)
        if (Strategy *s = strategyFor(it.key()))
            s->restoreState(it.value());
    for (const auto &[name, strategy] : m_strategies)
        if (!strategies.contains(name))
            strategy->restoreState(QJsonValue());
    m_metrics.selectionsPerEndpoint.clear();
    const QJsonObject selections = all.value(QLatin1String("selections")).toObject();
    for (auto it = selections.begin(); it != selections.end(); ++it)
        if (it.value().toDouble() > 0)
            m_metrics.selectionsPerEndpoint.insert(it.key(), quint64(it.value().toDouble()));
    m_layoutKnown = false; // positions are rebuilt from the ids
}

Strategy *Balancer::strategyFor(const QString &name)
{
    auto it = m_strategies.find(name);
    if (it != m_strategies.end())
        return it->second.get();
    std::unique_ptr<Strategy> created = StrategyRegistry::create(name);
    if (!created)
        return nullptr;
    return m_strategies.emplace(name, std::move(created)).first->second.get();
}

void Balancer::followLayout(const Inventory &inventory)
{
    if (m_layoutKnown && m_layoutVersion == inventory.layoutVersion())
        return;
    const int n = inventory.endpointCount();
    m_selectionsByPosition.assign(size_t(n), 0);
    for (int e = 0; e < n; ++e)
        m_selectionsByPosition[size_t(e)] = m_metrics.selectionsPerEndpoint.value(inventory.endpoint(e).view.id);
    m_layoutVersion = inventory.layoutVersion();
    m_layoutKnown = true;
}

} // namespace gpupool::balance
