#pragma once

#include "lease/lease.h"

#include <QHash>
#include <QList>
#include <set>
#include <utility>

// One program's copy of the active leases, indexed the ways the allocator
// asks: by id, by GPU, and by expiry (what runs out next). The store stays the
// authority; this copy is brought back in line with replaceAll() whenever the
// store says someone else changed it.
namespace gpupool::lease {

class LeaseTable
{
public:
    struct Diff
    {
        QList<Lease> added; // in the store, not here before
        QList<Lease> removed; // here before, gone from the store
        QList<Lease> changed; // same id, something else differs (a renewal)
        bool isEmpty() const { return added.isEmpty() && removed.isEmpty() && changed.isEmpty(); }
    };

    void insert(const Lease &lease); // replaces a lease with the same id
    bool remove(const QString &leaseId);
    void clear();
    Diff replaceAll(const QList<Lease> &leases);

    const Lease *find(const QString &leaseId) const;
    const Lease *findByGpu(const QString &gpuId) const;
    int size() const { return int(m_byId.size()); }
    bool isEmpty() const { return m_byId.isEmpty(); }
    // Ordered by GPU id.
    QList<Lease> all() const;

    // The earliest expiry; -1 when there are no leases.
    qint64 nextExpiryMs() const;

private:
    QHash<QString, Lease> m_byId;
    QHash<QString, QString> m_idByGpu;
    std::set<std::pair<qint64, QString>> m_byExpiry;
};

} // namespace gpupool::lease
