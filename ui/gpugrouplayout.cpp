// GpuGroupProxy: how the groups are worked out from the source's rows, in
// full or, after a sort, from the rows underneath (gpugroupproxy.h).
#include "gpugroupproxy.h"

#include "gpusmodel.h"
#include "roles.h"

#include <QSet>

namespace gpupool::ui {

namespace {

// For each of the flat proxy's rows, the row of the model underneath.
QList<int> baseRows(const QAbstractProxyModel *flat)
{
    QList<int> out(flat->rowCount());
    for (int r = 0; r < out.size(); ++r)
        out[r] = flat->mapToSource(flat->index(r, 0)).row();
    return out;
}

} // namespace

GpuGroupProxy::Layout GpuGroupProxy::computeLayout() const
{
    Layout out;
    const QAbstractItemModel *source = sourceModel();
    if (!source)
        return out;
    const int rows = source->rowCount();
    out.places.resize(rows);
    const QAbstractProxyModel *flat = sourceProxy();
    if (flat)
        out.baseRowOf = baseRows(flat);
    QHash<QString, QList<int>> rowsOf;
    QStringList seen;
    for (int r = 0; r < rows; ++r) {
        const QString id = source->index(r, 0).data(EndpointIdRole).toString();
        auto it = rowsOf.find(id);
        if (it == rowsOf.end()) {
            seen.append(id);
            it = rowsOf.insert(id, {});
        }
        it->append(r);
    }
    // Hashes, not list searches: a tick with sorted GPUs rebuilds this, and
    // 256 endpoints made QStringList::contains a third of it.
    QStringList order;
    QSet<QString> configured;
    configured.reserve(m_order.size());
    for (const QString &id : std::as_const(m_order)) {
        configured.insert(id);
        if (rowsOf.contains(id))
            order.append(id);
    }
    for (const QString &id : std::as_const(seen))
        if (!configured.contains(id))
            order.append(id);
    out.groups.reserve(order.size());
    out.groupOf.reserve(order.size());
    for (const QString &id : std::as_const(order)) {
        Group group { id, rowsOf.value(id), 0 };
        group.available = countAvailable(group, out.baseRowOf);
        const int g = int(out.groups.size());
        for (int p = 0; p < group.sourceRows.size(); ++p)
            out.places[group.sourceRows.at(p)] = { g, p };
        out.groupOf.insert(id, g);
        out.groups.append(std::move(group));
    }
    if (flat) {
        out.groupOfBaseRow.fill(-1, flat->sourceModel()->rowCount());
        for (int r = 0; r < rows; ++r) {
            const int base = out.baseRowOf.at(r);
            if (base >= 0 && base < out.groupOfBaseRow.size())
                out.groupOfBaseRow[base] = out.places.at(r).group;
        }
    }
    return out;
}

const QAbstractProxyModel *GpuGroupProxy::sourceProxy() const
{
    const auto *flat = qobject_cast<const QAbstractProxyModel *>(sourceModel());
    return flat && flat->sourceModel() ? flat : nullptr;
}

// A sort of the source moves its rows, not the GPUs behind them: each row's
// group follows from the row of the source's source, without reading every
// row's endpoint and availability again (two data() calls per GPU: a fifth of
// a tick's model time sorted by utilization in bench_ui). Nothing when that
// cannot be trusted; the caller then computes the layout afresh.
std::optional<GpuGroupProxy::Layout> GpuGroupProxy::layoutAfterSort() const
{
    const QAbstractProxyModel *flat = sourceProxy();
    if (!flat || m_groupOfBaseRow.size() != flat->sourceModel()->rowCount())
        return std::nullopt;
    const int rows = flat->rowCount();
    if (rows != m_places.size())
        return std::nullopt;
    Layout out;
    out.groups.reserve(m_groups.size());
    for (const Group &g : m_groups) {
        Group next { g.endpointId, {}, g.available }; // a sort changes no count
        next.sourceRows.reserve(g.sourceRows.size());
        out.groups.append(std::move(next));
    }
    out.places.resize(rows);
    out.baseRowOf = baseRows(flat);
    for (int r = 0; r < rows; ++r) {
        const int base = out.baseRowOf.at(r);
        const int g = base >= 0 && base < m_groupOfBaseRow.size() ? m_groupOfBaseRow.at(base) : -1;
        if (g < 0)
            return std::nullopt;
        QList<int> &groupRows = out.groups[g].sourceRows;
        out.places[r] = { g, int(groupRows.size()) };
        groupRows.append(r);
    }
    out.groupOf = m_groupOf;
    out.groupOfBaseRow = m_groupOfBaseRow;
    return out;
}

void GpuGroupProxy::applyLayout(Layout layout)
{
    m_groups = std::move(layout.groups);
    m_places = std::move(layout.places);
    m_groupOf = std::move(layout.groupOf);
    m_groupOfBaseRow = std::move(layout.groupOfBaseRow);
    m_baseRowOf = std::move(layout.baseRowOf);
}

bool GpuGroupProxy::onlyReorderedInsideGroups(const Layout &next) const
{
    if (next.groups.size() != m_groups.size())
        return false;
    for (qsizetype g = 0; g < m_groups.size(); ++g)
        if (next.groups.at(g).endpointId != m_groups.at(g).endpointId
            || next.groups.at(g).sourceRows.size() != m_groups.at(g).sourceRows.size())
            return false;
    // A group may now hold other GPUs than before (a filter swapped one for
    // another): its rows show them after dataChanged all the same, and a
    // held index to a GPU that left is refused by persistentChildrenInOneRow().
    return true;
}

int GpuGroupProxy::countAvailable(const Group &group, const QList<int> &baseRowOf) const
{
    int n = 0;
    // Straight from the GPUs model's rows when it is underneath: a QVariant
    // through two models per GPU was most of a tick's group bookkeeping.
    const QAbstractProxyModel *flat = sourceProxy();
    if (const auto *gpus = flat ? qobject_cast<const GpusModel *>(flat->sourceModel()) : nullptr;
        gpus && baseRowOf.size() == sourceModel()->rowCount()) {
        for (int r : group.sourceRows)
            if (const GpuRow *row = gpus->rowAt(baseRowOf.at(r)); row && row->assignable)
                ++n;
        return n;
    }
    for (int r : group.sourceRows)
        n += sourceModel()->index(r, 0).data(AssignableRole).toBool() ? 1 : 0;
    return n;
}

} // namespace gpupool::ui
