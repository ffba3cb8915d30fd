#pragma once

#include "lease/redisleasestore.h"

#include <QByteArray>
#include <QDateTime>
#include <QRandomGenerator>
#include <functional>
#include <optional>

// One client of the contention test: asks for a random GPU, holds it a
// random few milliseconds, releases it, again and again until its deadline;
// then releases what it holds. It logs every step as one line; the checker
// (contentioncheck.h) reads the lines of every client:
//   T id gpu                 about to ask (a request is in flight until G/X/E)
//   G id gpu fence ackMs     granted, acknowledged at ackMs (local wall clock)
//   X id                     refused: the GPU is taken
//   E id code                failed: store_failed (lost during the call, the
//                            outcome is unknown) or store_unavailable (nothing done)
//   Q id ms                  stops using the GPU and starts releasing it
//   R id                     release acknowledged
//   RE id code               release refused (e.g. already ended)
// Used both in-process (driven by a timer) and by rediscontender, the
// helper program the test starts several times.
namespace gpupool::testing {

class Contender
{
public:
    struct Config
    {
        QString owner;
        int gpus = 3;
        qint64 deadlineMs = 0; // local wall clock
        int holdMaxMs = 20;
        qint64 leaseMs = 1500;
        quint32 seed = 1;
    };

    Contender(lease::RedisLeaseStore &store, Config config, std::function<void(const QByteArray &)> log)
        : m_store(store)
        , m_config(std::move(config))
        , m_log(std::move(log))
        , m_rng(m_config.seed)
    {
    }

    // One step; returns how many ms to wait before the next, or -1 when done.
    int step()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (m_held)
            return release(now);
        if (now >= m_config.deadlineMs)
            return -1;
        lease::GrantSpec spec;
        if (m_unsure) {
            spec = *m_unsure; // same id: did the last try go through?
        } else {
            spec = { m_config.owner + QLatin1Char('-') + QString::number(++m_count),
                     QStringLiteral("srv1"),
                     int(m_rng.bounded(m_config.gpus)),
                     m_config.owner,
                     QString(),
                     lease::LeaseKind::Programmatic,
                     m_config.leaseMs };
        }
        write("T " + spec.leaseId.toUtf8() + ' ' + spec.gpuId().toUtf8());
        const auto r = m_unsure ? m_store.resumeGrant({ spec }) : m_store.grant({ spec }, now);
        m_unsure.reset();
        if (r) {
            const lease::Lease &l = r->first();
            write("G " + l.id.toUtf8() + ' ' + l.gpuId().toUtf8() + ' ' + QByteArray::number(l.fence) + ' '
                  + QByteArray::number(QDateTime::currentMSecsSinceEpoch()));
            m_held = l;
            m_releaseAt = QDateTime::currentMSecsSinceEpoch() + m_rng.bounded(m_config.holdMaxMs + 1);
            m_releasing = false;
            return 0;
        }
        if (r.code() == lease::ErrorCode::GpuTaken) {
            write("X " + spec.leaseId.toUtf8());
            return int(m_rng.bounded(4));
        }
        write("E " + spec.leaseId.toUtf8() + ' ' + lease::errorCodeName(r.code()).toUtf8());
        if (r.code() == lease::ErrorCode::StoreFailed)
            m_unsure = spec;
        return 10 + int(m_rng.bounded(30));
    }

    int grants() const { return m_grants; }

private:
    int release(qint64 now)
    {
        if (now < m_releaseAt && now < m_config.deadlineMs)
            return int(m_releaseAt - now);
        if (!m_releasing) {
            write("Q " + m_held->id.toUtf8() + ' ' + QByteArray::number(now));
            m_releasing = true;
        }
        const auto r = m_store.end(m_held->id, m_config.owner, lease::EndReason::Released, now);
        if (!r && (r.code() == lease::ErrorCode::StoreFailed || r.code() == lease::ErrorCode::StoreUnavailable)) {
            write("E " + m_held->id.toUtf8() + " release");
            return 10 + int(m_rng.bounded(30));
        }
        if (r)
            write("R " + m_held->id.toUtf8());
        else
            write("RE " + m_held->id.toUtf8() + ' ' + lease::errorCodeName(r.code()).toUtf8());
        ++m_grants;
        m_held.reset();
        return int(m_rng.bounded(3));
    }

    void write(const QByteArray &line) { m_log(line); }

    lease::RedisLeaseStore &m_store;
    Config m_config;
    std::function<void(const QByteArray &)> m_log;
    QRandomGenerator m_rng;
    int m_count = 0;
    int m_grants = 0;
    std::optional<lease::Lease> m_held;
    std::optional<lease::GrantSpec> m_unsure;
    qint64 m_releaseAt = 0;
    bool m_releasing = false;
};

} // namespace gpupool::testing
