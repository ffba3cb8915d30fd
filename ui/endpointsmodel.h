#pragma once

#include "keyedtablemodel.h"

#include "endpoint/circuitbreaker.h"
#include "endpoint/endpoint.h"

#include <QList>
#include <optional>

namespace gpupool::pool {
struct EndpointInfo;
}

// The Endpoints view: one row per configured endpoint.
namespace gpupool::ui {

struct EndpointRow
{
    QString id;
    QString url;
    endpoint::Health health = endpoint::Health::Unknown;
    endpoint::BreakerState breaker = endpoint::BreakerState::Closed;
    QString reason;
    qint64 nextProbeInS = -1; // open breaker: whole seconds to the next probe
    int totalGpus = 0;
    int availableGpus = 0;
    int activeLeases = 0;
    std::optional<int> responseMs;
    qint64 lastSeenAgeS = -1;
    double failureRatePercent = 0;
    QList<qreal> sparkline; // mean utilization, oldest first

    QString key() const { return id; }
    // Numbers are kept at the precision shown, so a row only "changes" when
    // what the operator sees changes.
    static EndpointRow from(const pool::EndpointInfo &info, qint64 nextProbeInMs, QList<qreal> sparkline);
    friend bool operator==(const EndpointRow &, const EndpointRow &) = default;
};

class EndpointsModel final : public KeyedTableModel<EndpointRow>
{
    Q_OBJECT

public:
    enum Column { Id, State, Gpus, Leases, Response, LastSeen, Utilization, Url, ColumnCount };

    explicit EndpointsModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString stateText(const EndpointRow &row);
};

} // namespace gpupool::ui
