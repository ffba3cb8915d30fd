#pragma once

#include "keyedtablemodel.h"

#include "lease/lease.h"

// The Leases view: active leases (everyone's; a proxy shows "mine") or the
// history of ended ones.
namespace gpupool::ui {

struct LeaseRow
{
    QString id;
    QString gpuId; // display id
    QString owner;
    QString note;
    lease::LeaseKind kind = lease::LeaseKind::Interactive;
    qint64 createdMs = 0;
    qint64 expiresMs = 0;
    quint64 fence = 0;
    bool ended = false;
    lease::EndReason reason = lease::EndReason::Released;
    QString endedBy;
    qint64 endedMs = 0;
    bool mine = false;

    QString key() const { return ended ? QString(id + QStringLiteral("/end")) : id; }
    static LeaseRow from(const lease::Lease &lease, const QString &displayGpuId, const QString &me);
    static LeaseRow from(const lease::LeaseEnd &end, const QString &displayGpuId, const QString &me);
    friend bool operator==(const LeaseRow &, const LeaseRow &) = default;
};

class LeasesModel final : public KeyedTableModel<LeaseRow>
{
    Q_OBJECT

public:
    enum Column { Gpu, Owner, Note, Kind, Created, Expires, State, Fence, ColumnCount };

    explicit LeasesModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace gpupool::ui
