#include "traynotifier.h"

#include "pool/pool.h"

#include <QApplication>
#include <QSystemTrayIcon>

namespace gpupool::ui {

TrayNotifier::TrayNotifier(pool::Pool &pool, QObject *parent) : QObject(parent), m_pool(pool)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(tr("gpupool console"));
        m_tray->show();
    }
    connect(&m_pool, &pool::Pool::endpointHealthChanged, this, &TrayNotifier::handleHealthChanged);
    connect(&m_pool, &pool::Pool::requestQueued, this, [this](pool::RequestId id, int) { m_queued.insert(id); });
    connect(&m_pool, &pool::Pool::requestFailed, this,
            [this](pool::RequestId id, const pool::Error &) { m_queued.remove(id); });
    connect(&m_pool, &pool::Pool::requestGranted, this, [this](pool::RequestId id, const lease::Lease &l) {
        if (m_queued.remove(id))
            notify(tr("GPU granted"), tr("Your waiting request got GPU %1.").arg(m_pool.displayGpuId(l)));
    });
    connect(
        &m_pool, &pool::Pool::reservationGranted, this, [this](pool::RequestId id, const QList<lease::Lease> &leases) {
            if (!m_queued.remove(id))
                return;
            QStringList gpus;
            for (const lease::Lease &l : leases)
                gpus.append(m_pool.displayGpuId(l));
            notify(tr("GPUs granted"), tr("Your waiting request got GPUs %1.").arg(gpus.join(QStringLiteral(", "))));
        });
}

void TrayNotifier::notify(const QString &title, const QString &message)
{
    emit notified(title, message);
    if (m_enabled && m_tray)
        m_tray->showMessage(title, message, QSystemTrayIcon::Information, 8'000);
}

void TrayNotifier::handleHealthChanged(const QString &id, endpoint::Health health, const QString &reason)
{
    const endpoint::Health before = m_health.value(id, endpoint::Health::Unknown);
    m_health.insert(id, health);
    if (health == endpoint::Health::Down && before != endpoint::Health::Down && before != endpoint::Health::Recovering)
        notify(tr("Endpoint down"),
               reason.isEmpty() ? tr("%1 is down.").arg(id) : tr("%1 is down: %2").arg(id, reason));
    else if (health == endpoint::Health::Healthy
             && (before == endpoint::Health::Down || before == endpoint::Health::Recovering))
        notify(tr("Endpoint back"), tr("%1 is healthy again.").arg(id));
}

void TrayNotifier::check(qint64 nowEpochMs, qint64 nowMonotonicMs)
{
    check(m_pool.gpus(), nowEpochMs, nowMonotonicMs);
}

void TrayNotifier::check(const QList<pool::GpuInfo> &gpus, qint64 nowEpochMs, qint64 nowMonotonicMs)
{
    const QString me = m_pool.owner();
    QSet<QString> active;
    for (const pool::GpuInfo &gpu : gpus) {
        if (!gpu.lease || gpu.lease->owner != me)
            continue;
        const lease::Lease &l = *gpu.lease;
        active.insert(l.id);
        if (l.expiresMs - nowEpochMs <= ExpiryWarningMs && !m_expiryWarned.contains(l.id)) {
            m_expiryWarned.insert(l.id);
            notify(tr("Lease about to expire"),
                   tr("Your lease on GPU %1 ends in %n minute(s); renew it to keep the GPU.", nullptr,
                      int(qMax<qint64>(0, l.expiresMs - nowEpochMs) / 60'000))
                       .arg(gpu.gpuId));
        }
        if (gpu.utilizationPercent < IdlePercent) {
            const qint64 since = m_idleSince.value(l.id, nowMonotonicMs);
            m_idleSince.insert(l.id, since);
            if (nowMonotonicMs - since >= IdleAfterMs && !m_idleWarned.contains(l.id)) {
                m_idleWarned.insert(l.id);
                notify(tr("Leased GPU idle"),
                       tr("GPU %1, leased by you, has been under %2 % utilization for %3 minutes. Release it?")
                           .arg(gpu.gpuId)
                           .arg(IdlePercent)
                           .arg(IdleAfterMs / 60'000));
            }
        } else {
            m_idleSince.remove(l.id);
            m_idleWarned.remove(l.id);
        }
        // Someone else's processes on my GPU (read while I hold a lease).
        if (!gpu.unleasedUsers.isEmpty() && m_intrudersWarned.value(l.id) != gpu.unleasedUsers) {
            m_intrudersWarned.insert(l.id, gpu.unleasedUsers);
            notify(tr("GPU used without a lease"),
                   tr("%1 run(s) on GPU %2, which you lease, without a lease of their own.")
                       .arg(gpu.unleasedUsers.join(QStringLiteral(", ")), gpu.gpuId));
        }
    }
    // Forget ended leases.
    for (auto it = m_idleSince.begin(); it != m_idleSince.end();)
        it = active.contains(it.key()) ? std::next(it) : m_idleSince.erase(it);
    m_expiryWarned.intersect(active);
    m_idleWarned.intersect(active);
    for (auto it = m_intrudersWarned.begin(); it != m_intrudersWarned.end();)
        it = active.contains(it.key()) ? std::next(it) : m_intrudersWarned.erase(it);
}

} // namespace gpupool::ui
