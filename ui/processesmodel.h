#pragma once

#include "keyedtablemodel.h"

#include "pool/poolstatus.h"

// The Processes view: who runs on each GPU (gpupool-statd's /gpu/processes),
// read while the view is shown, with each GPU's lease holder, and use
// without a lease marked.
namespace gpupool::ui {

struct ProcessRow
{
    QString gpuId; // as people see it in this mode
    QString globalId;
    QString endpointId;
    int localId = 0;
    qint64 pid = 0;
    QString user; // empty: the host could not tell (another pid namespace)
    QString process;
    std::optional<qint64> memoryMb;
    QString leaseOwner;
    bool withoutLease = false; // GpuInfo::unleasedUsers names this user

    QString key() const { return globalId + QLatin1Char('/') + QString::number(pid); }
    // One row per process on the GPU; none when its processes were not read.
    static QList<ProcessRow> from(const pool::GpuInfo &gpu);
    friend bool operator==(const ProcessRow &, const ProcessRow &) = default;
};

class ProcessesModel final : public KeyedTableModel<ProcessRow>
{
    Q_OBJECT

public:
    enum Column { Gpu, Pid, User, Process, Memory, Lease, ColumnCount };

    explicit ProcessesModel(QObject *parent = nullptr);
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace gpupool::ui
