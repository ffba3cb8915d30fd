#pragma once

#include <QSortFilterProxyModel>

// Sorting and filtering live in proxies, never in the models (docs/architecture.md).
namespace gpupool::ui {

class SortKeyModel;

// Sorts by SortRole, filters on the text in any column (case-insensitive).
class TextFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit TextFilterProxy(QObject *parent = nullptr);
    void setFilterText(const QString &text);
    void setSourceModel(QAbstractItemModel *source) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    // From the source's rows where it is a SortKeyModel, else by SortRole's QVariants.
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
    QString m_text;

private:
    const SortKeyModel *m_sortKeys = nullptr;
};

// The GPUs view's flat stage: text filter and sort; GpuGroupProxy groups
// its rows by endpoint.
using GpuFilterProxy = TextFilterProxy;

// The Leases view: everyone's or only mine (MineRole).
class LeaseFilterProxy final : public TextFilterProxy
{
    Q_OBJECT
public:
    using TextFilterProxy::TextFilterProxy;
    void setMineOnly(bool mine);
    bool mineOnly() const { return m_mine; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool m_mine = false;
};

} // namespace gpupool::ui
