#pragma once

#include "endpoint/endpoint.h"

#include <QHash>
#include <QObject>
#include <QSet>

class QSystemTrayIcon;

namespace gpupool::pool {
class Pool;
struct GpuInfo;
} // namespace gpupool::pool

// Tray notifications: an endpoint went down or came back, a queued request
// was granted, one of my leases is about to expire, a GPU I lease has been
// idle (under 5 % utilization) for 30 minutes, someone runs on a GPU I lease
// without a lease of theirs. Each is said once. Without a
// system tray (or with notifications off) they are still emitted as
// notified() for the event log.
namespace gpupool::ui {

class TrayNotifier final : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 ExpiryWarningMs = 10 * 60'000;
    static constexpr qint64 IdleAfterMs = 30 * 60'000;
    static constexpr double IdlePercent = 5.0;

    explicit TrayNotifier(pool::Pool &pool, QObject *parent = nullptr);

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }
    // Looks at leases and GPUs; the window calls it each tick. Times are
    // passed in so tests need not wait half an hour.
    void check(qint64 nowEpochMs, qint64 nowMonotonicMs);
    // The same on given GPUs (tests: a load no simulator has to produce).
    void check(const QList<pool::GpuInfo> &gpus, qint64 nowEpochMs, qint64 nowMonotonicMs);

signals:
    void notified(const QString &title, const QString &message);

private:
    void notify(const QString &title, const QString &message);
    void handleHealthChanged(const QString &id, endpoint::Health health, const QString &reason);

    pool::Pool &m_pool;
    QSystemTrayIcon *m_tray = nullptr;
    bool m_enabled = true;
    QHash<QString, endpoint::Health> m_health;
    QSet<quint64> m_queued;
    QSet<QString> m_expiryWarned; // lease ids
    QHash<QString, qint64> m_idleSince; // lease id -> monotonic ms
    QSet<QString> m_idleWarned;
    QHash<QString, QStringList> m_intrudersWarned; // lease id -> the users said
};

} // namespace gpupool::ui
