#pragma once

#include "keyedtablemodel.h"

#include "balance/endpointview.h"

#include <optional>

namespace gpupool::pool {
struct GpuInfo;
}

// The GPUs view: one row per GPU of every endpoint.
namespace gpupool::ui {

// A new field: say in gpucolumns.cpp which columns show it.
struct GpuRow
{
    QString gpuId; // as people see it in this mode
    QString globalId; // the key
    QString endpointId;
    int localId = 0;
    QString name;
    int memoryPercent10 = 0; // tenths of a percent: the precision shown
    int utilizationPercent10 = 0;
    qint64 memoryTotalMb = 0;
    std::optional<int> temperatureC;
    std::optional<int> powerW;
    bool assignable = false; // GpuInfo::available(): a new request could get it
    bool heldForWaiter = false;
    bool underThresholds = false;
    bool endpointUsable = true;
    QString holder;
    QStringList othersRunning; // users running here beside the holder (GpuInfo::usersBesideHolder)
    QStringList unleasedUsers; // GpuInfo::unleasedUsers
    qint64 expiresMs = 0; // lease expiry, epoch ms; 0 without a lease
    bool mine = false;

    QString key() const { return globalId; }
    static GpuRow from(const pool::GpuInfo &gpu, bool endpointUsable, const QString &me);
    friend bool operator==(const GpuRow &, const GpuRow &) = default;
};

class GpusModel final : public KeyedTableModel<GpuRow>, public SortKeyModel
{
    Q_OBJECT

public:
    // Each column is described in gpucolumns.cpp, in this order.
    enum Column { Gpu, Endpoint, Model, Memory, Utilization, Temperature, Power, Status, Holder, Expires, ColumnCount };

    explicit GpusModel(QObject *parent = nullptr);

    void setThresholds(const balance::Thresholds &thresholds);
    const balance::Thresholds &thresholds() const { return m_thresholds; }

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    std::optional<int> compareSortKeys(int left, int right, int column) const override;

    static QString statusText(const GpuRow &row);

protected:
    std::pair<int, int> changedColumns(const GpuRow &before, const GpuRow &after) const override;

private:
    balance::Thresholds m_thresholds;
};

} // namespace gpupool::ui
