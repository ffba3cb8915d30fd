#pragma once

#include <QSortFilterProxyModel>

// Sorting and filtering live in proxies, never in the models (architecture.md).
namespace gpupool::ui {

// Sorts by SortRole, filters on the text in any column (case-insensitive).
class TextFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit TextFilterProxy(QObject *parent = nullptr);
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    QString m_text;
};

// The GPUs view: text filter, and optionally grouped by endpoint (rows of one
// endpoint stay together, in configuration order, sorted inside the group).
class GpuFilterProxy final : public TextFilterProxy
{
    Q_OBJECT
public:
    using TextFilterProxy::TextFilterProxy;
    void setGroupByEndpoint(bool group);
    bool groupByEndpoint() const { return m_group; }

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool m_group = true;
};

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
