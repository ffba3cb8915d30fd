#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <deque>

// The event log: breaker transitions, grants, releases, expiries, errors.
// Append-only with a cap; the oldest rows leave from the top.
namespace gpupool::ui {

enum class EventKind : quint8 { Breaker, Grant, Release, Expiry, Request, Strategy, Error, Info };

struct EventEntry
{
    QDateTime at;
    EventKind kind = EventKind::Info;
    QString endpointId;
    QString message;
};

class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Kind, Endpoint, Message, ColumnCount };
    static constexpr int DefaultCap = 5000;

    explicit EventLogModel(QObject *parent = nullptr, int cap = DefaultCap);

    void append(EventKind kind, const QString &endpointId, const QString &message,
                const QDateTime &at = QDateTime::currentDateTime());
    const EventEntry &entry(int row) const { return m_entries[size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindName(EventKind kind);

private:
    std::deque<EventEntry> m_entries;
    int m_cap;
};

} // namespace gpupool::ui
