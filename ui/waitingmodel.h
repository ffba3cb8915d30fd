#pragma once

#include "keyedtablemodel.h"
#include "lease/waitqueue.h"

// The Waiting view: every request waiting for GPUs on the store, from every
// program on it (lease/queueentry.h), oldest first.
namespace gpupool::ui {

struct WaitingRow
{
    int position = 0; // 1: served first
    quint64 id = 0; // in the store's queue; 0: not written there (yet)
    QString owner;
    QString wants;
    QString note;
    qint64 waitedMs = 0;
    qint64 remainingMs = -1;
    bool mine = false; // this console's owner's: it may cancel it

    QString key() const { return QString::number(id) + QLatin1Char('/') + owner; }
    static WaitingRow from(const lease::WaiterInfo &info, int position, const QString &me);
    friend bool operator==(const WaitingRow &, const WaitingRow &) = default;
};

class WaitingModel final : public KeyedTableModel<WaitingRow>
{
    Q_OBJECT

public:
    enum Column { Position, Id, Owner, Wants, Waited, GivesUp, Note, ColumnCount };

    explicit WaitingModel(QObject *parent = nullptr);
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace gpupool::ui
