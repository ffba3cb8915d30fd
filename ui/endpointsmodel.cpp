#include "endpointsmodel.h"

#include "roles.h"

#include "pool/poolstatus.h"

#include <cmath>
#include <limits>

namespace gpupool::ui {

EndpointRow EndpointRow::from(const pool::EndpointInfo &info, qint64 nextProbeInMs, QList<qreal> sparkline)
{
    EndpointRow r;
    r.id = info.id;
    r.url = info.url.toString();
    r.health = info.health;
    r.breaker = info.breaker;
    r.reason = info.reason;
    r.nextProbeInS = nextProbeInMs < 0 ? -1 : (nextProbeInMs + 999) / 1000;
    r.totalGpus = info.totalGpus;
    r.availableGpus = info.availableGpus;
    r.activeLeases = info.activeLeases;
    if (info.responseTimeMs)
        r.responseMs = int(std::lround(*info.responseTimeMs));
    r.lastSeenAgeS = info.lastSeenAgeMs < 0 ? -1 : info.lastSeenAgeMs / 1000;
    r.failureRatePercent = std::round(info.failureRatePercent * 10) / 10;
    r.sparkline = std::move(sparkline);
    return r;
}

EndpointsModel::EndpointsModel(QObject *parent) : KeyedTableModel(parent) {}

int EndpointsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EndpointsModel::stateText(const EndpointRow &row)
{
    switch (row.health) {
    case endpoint::Health::Unknown: return tr("waiting");
    case endpoint::Health::Healthy: return tr("healthy");
    case endpoint::Health::Failing: return tr("failing");
    case endpoint::Health::Down:
        return row.nextProbeInS >= 0 ? tr("open - probe in %1 s").arg(row.nextProbeInS) : tr("open");
    case endpoint::Health::Recovering: return tr("half-open - probing");
    case endpoint::Health::Misconfigured: return tr("misconfigured");
    }
    return {};
}

QVariant EndpointsModel::data(const QModelIndex &index, int role) const
{
    const EndpointRow *r = rowAt(index.row());
    if (!r || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const auto column = Column(index.column());
    switch (role) {
    case KeyRole:
    case EndpointIdRole: return r->id;
    case HealthRole: return int(r->health);
    case SparklineRole: return column == Utilization ? QVariant::fromValue(r->sparkline) : QVariant();
    case Qt::ToolTipRole:
        if (column == State)
            return r->reason.isEmpty() ? stateText(*r) : QString(stateText(*r) + QStringLiteral(": ") + r->reason);
        if (column == Url)
            return r->url;
        if (column == Id)
            return tr("Failure rate: %1 %").arg(r->failureRatePercent, 0, 'f', 1);
        return {};
    case Qt::TextAlignmentRole:
        if (column == Gpus || column == Leases || column == Response || column == LastSeen)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (column) {
        case State: return int(r->health);
        case Gpus: return r->availableGpus;
        case Leases: return r->activeLeases;
        case Response: return r->responseMs ? *r->responseMs : std::numeric_limits<int>::max();
        case LastSeen: return r->lastSeenAgeS < 0 ? std::numeric_limits<qint64>::max() : r->lastSeenAgeS;
        case Utilization: return r->sparkline.isEmpty() ? -1.0 : r->sparkline.last();
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (column) {
        case Id: return r->id;
        case State: return stateText(*r);
        case Gpus: return tr("%1 / %2").arg(r->availableGpus).arg(r->totalGpus);
        case Leases: return r->activeLeases;
        case Response: return r->responseMs ? tr("%1 ms").arg(*r->responseMs) : tr("-");
        case LastSeen: return r->lastSeenAgeS < 0 ? tr("never") : tr("%1 s ago").arg(r->lastSeenAgeS);
        case Utilization: return r->sparkline.isEmpty() ? QString() : tr("%1 %").arg(r->sparkline.last(), 0, 'f', 0);
        case Url: return r->url;
        case ColumnCount: break;
        }
        return {};
    default: return {};
    }
}

QVariant EndpointsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Id: return tr("Endpoint");
    case State: return tr("Breaker");
    case Gpus: return tr("GPUs free");
    case Leases: return tr("Leases");
    case Response: return tr("Response");
    case LastSeen: return tr("Last seen");
    case Utilization: return tr("Utilization");
    case Url: return tr("URL");
    case ColumnCount: break;
    }
    return {};
}

} // namespace gpupool::ui
