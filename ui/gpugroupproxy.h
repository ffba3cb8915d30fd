#pragma once

#include <QAbstractProxyModel>
#include <QHash>
#include <QList>
#include <QPersistentModelIndex>
#include <QStringList>
#include <optional>

// The GPUs view grouped by endpoint: one parent row per endpoint (with how
// many of its GPUs are shown and available) and its GPUs as children, over a
// flat, filtered and sorted source (TextFilterProxy over GpusModel). Filtering
// and sorting stay in the source: children keep the source's order inside
// their group; groups keep configuration order (setGroupOrder); a group whose
// GPUs are all filtered out is not shown.
//
// A value change in the source becomes dataChanged for those children only
// (and for their group row when its counts moved). A change of the source's
// rows (insert, remove, sort, filter) becomes one layout change here that
// carries every persistent index (selection, expansion) to its row, except
// for the common case of a re-sort that only reorders GPUs inside their
// groups while at most one row is held by persistent indexes (the current
// or a single selected GPU): that becomes dataChanged for the reordered
// groups, and the held row moves with its GPU. A layout change made the tree
// view lay out all 2,300 rows again and repaint its whole frame, scroll
// bars and header, on every tick of a console sorted by utilization
// (bench_ui); a value change repaints only the rows.
namespace gpupool::ui {

class GpuGroupProxy final : public QAbstractProxyModel
{
    Q_OBJECT

public:
    explicit GpuGroupProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *source) override;
    // Endpoint ids in the order their groups appear; others follow, in the
    // order the source first shows them.
    void setGroupOrder(const QStringList &endpointIds);

    bool isGroup(const QModelIndex &index) const { return index.isValid() && index.internalId() == 0; }
    // The group row of an endpoint; invalid when it has no GPU shown.
    QModelIndex groupIndex(const QString &endpointId) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QMap<int, QVariant> itemData(const QModelIndex &index) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

private:
    struct Group
    {
        QString endpointId;
        QList<int> sourceRows; // in source order
        int available = 0;
    };
    struct Place
    {
        int group = -1;
        int position = -1;
    };

    struct Layout
    {
        QList<Group> groups;
        QList<Place> places; // by source row
        QHash<QString, int> groupOf; // endpoint id -> group
        // When the source is itself a proxy (the filter and sort stage):
        // the group of each row of *its* source, whose rows a sort leaves alone.
        QList<int> groupOfBaseRow;
        QList<int> baseRowOf; // by source row: the row of the source's source
    };

    Layout computeLayout() const;
    std::optional<Layout> layoutAfterSort() const;
    const QAbstractProxyModel *sourceProxy() const;
    void rebuild() { applyLayout(computeLayout()); }
    void applyLayout(Layout layout);
    bool onlyReorderedInsideGroups(const Layout &next) const;
    bool persistentChildrenInOneRow() const;
    int countAvailable(const Group &group, const QList<int> &baseRowOf) const;
    void handleSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void beginRelayout(bool sourceSortOnly = false);
    void captureSources();
    void endRelayout();

    QStringList m_order;
    QList<Group> m_groups;
    QList<Place> m_places; // by source row
    QHash<QString, int> m_groupOf; // endpoint id -> group
    QList<int> m_groupOfBaseRow; // see Layout
    QList<int> m_baseRowOf;
    // Between beginRelayout() and endRelayout(): what each persistent index
    // pointed at (a child: its source row; a group: its endpoint).
    QModelIndexList m_persistentBefore;
    QList<QPersistentModelIndex> m_persistentSource;
    QStringList m_persistentGroup;
    bool m_relayout = false; // between the source's about-to-change and its change
    bool m_reorderOnly = false; // this relayout is announced as dataChanged
};

} // namespace gpupool::ui
