#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>
#include <optional>
#include <utility>

// A table of rows identified by a key (Row::key()), updated by replacing the
// whole list each tick. Structure changes become row removals and insertions;
// a row whose value changed gets one dataChanged for that row only, so views,
// proxies and selections stay put (docs/architecture.md: never a reset on a tick).
//
// No Q_OBJECT: the final models add their own.
namespace gpupool::ui {

// A model whose SortRole values a proxy may compare without asking data():
// QSortFilterProxyModel::lessThan boxes both values in QVariants for each
// comparison, some 20 000 for the 2048 GPUs on a tick sorted by a number.
class SortKeyModel
{
public:
    virtual ~SortKeyModel() = default;
    // Negative, zero or positive as row `left`'s SortRole value in `column`
    // compares with row `right`'s; nullopt where the QVariants must decide.
    virtual std::optional<int> compareSortKeys(int left, int right, int column) const = 0;
};

template<typename Row>
class KeyedTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }

    const QList<Row> &rows() const { return m_rows; }
    const Row *rowAt(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr; }
    int rowOf(const QString &key) const { return m_index.value(key, -1); }
    // How many rows the last setRows() reported as changed (tests, bench).
    int lastChangedRows() const { return m_lastChanged; }

    // Rows keep the order of `rows` for new keys; rows already shown keep
    // their place (a proxy sorts them anyway).
    void setRows(const QList<Row> &rows)
    {
        m_lastChanged = 0;
        QHash<QString, qsizetype> wanted;
        wanted.reserve(rows.size());
        for (qsizetype i = 0; i < rows.size(); ++i)
            wanted.insert(rows.at(i).key(), i);

        // Removals, from the back so positions stay valid, in contiguous runs.
        for (qsizetype i = m_rows.size() - 1; i >= 0;) {
            if (wanted.contains(m_rows.at(i).key())) {
                --i;
                continue;
            }
            qsizetype first = i;
            while (first > 0 && !wanted.contains(m_rows.at(first - 1).key()))
                --first;
            beginRemoveRows({}, int(first), int(i));
            m_rows.remove(first, i - first + 1);
            endRemoveRows();
            i = first - 1;
        }
        reindex();

        // Changes in place, reported per contiguous run of changed rows, over
        // the columns that changed in it.
        qsizetype runStart = -1;
        int firstColumn = 0, lastColumn = 0;
        auto flush = [&](qsizetype end) {
            if (runStart >= 0) {
                emit dataChanged(index(int(runStart), firstColumn), index(int(end - 1), lastColumn));
                runStart = -1;
            }
        };
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            const Row &fresh = rows.at(wanted.value(m_rows.at(i).key()));
            if (!(fresh == m_rows.at(i))) {
                const auto [first, last] = changedColumns(m_rows.at(i), fresh);
                m_rows[i] = fresh;
                ++m_lastChanged;
                if (runStart < 0) {
                    runStart = i;
                    firstColumn = first;
                    lastColumn = last;
                } else {
                    firstColumn = qMin(firstColumn, first);
                    lastColumn = qMax(lastColumn, last);
                }
            } else {
                flush(i);
            }
        }
        flush(m_rows.size());

        // Insertions at the end, in the order given.
        QList<Row> added;
        for (const Row &r : rows)
            if (!m_index.contains(r.key()))
                added.append(r);
        if (!added.isEmpty()) {
            const int first = int(m_rows.size());
            beginInsertRows({}, first, first + int(added.size()) - 1);
            m_rows.append(added);
            endInsertRows();
            reindex();
        }
    }

protected:
    // The first and last column whose data (any role) differs between two
    // values of a row. A sorting proxy re-sorts only when the sort column is
    // among the changed ones, so a model that can tell spares the views a
    // re-sort and a relayout on every tick.
    virtual std::pair<int, int> changedColumns(const Row &before, const Row &after) const
    {
        Q_UNUSED(before);
        Q_UNUSED(after);
        return { 0, columnCount() - 1 };
    }

    void reindex()
    {
        m_index.clear();
        m_index.reserve(m_rows.size());
        for (qsizetype i = 0; i < m_rows.size(); ++i)
            m_index.insert(m_rows.at(i).key(), int(i));
    }

    QList<Row> m_rows;
    QHash<QString, int> m_index;
    int m_lastChanged = 0;
};

} // namespace gpupool::ui
