#include "server/visibledevices.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

namespace gpupool::server {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::server::VisibleDevices", text);
}
} // namespace

VisibleDevices VisibleDevices::parse(const std::optional<QString> &raw)
{
    VisibleDevices d;
    d.m_raw = raw;
    if (!raw)
        return d;
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    const QStringList entries = raw->split(separators, Qt::SkipEmptyParts);
    if (entries.isEmpty()) {
        d.m_ids = QList<int> {}; // set but blank: no GPU at all
        return d;
    }
    QList<int> ids;
    for (const QString &e : entries) {
        bool ok = false;
        const int id = e.toInt(&ok);
        // toInt accepts "+1"; the predecessor takes digits only.
        const bool digitsOnly = std::all_of(e.begin(), e.end(), [](QChar c) { return c.isDigit(); });
        if (ok && id >= 0 && digitsOnly)
            ids.append(id);
        else
            d.m_warnings << tr("CUDA_VISIBLE_DEVICES: ignoring \"%1\": not a GPU index").arg(e);
    }
    if (ids.isEmpty()) {
        d.m_warnings << tr("CUDA_VISIBLE_DEVICES=\"%1\" names no valid GPU index; showing all GPUs").arg(*raw);
        return d; // fall back to every GPU
    }
    d.m_ids = ids;
    return d;
}

VisibleDevices VisibleDevices::fromEnvironment()
{
    if (!qEnvironmentVariableIsSet("CUDA_VISIBLE_DEVICES"))
        return parse(std::nullopt);
    return parse(qEnvironmentVariable("CUDA_VISIBLE_DEVICES"));
}

stats::GpuSamples VisibleDevices::apply(const stats::GpuSamples &all, QList<int> *missing) const
{
    if (!m_ids)
        return all;
    const QSet<int> wanted(m_ids->begin(), m_ids->end());
    stats::GpuSamples out;
    QSet<int> present;
    for (const stats::GpuSample &g : all) {
        present.insert(g.index);
        if (wanted.contains(g.index))
            out.append(g);
    }
    if (missing) {
        missing->clear();
        for (int id : *m_ids)
            if (!present.contains(id) && !missing->contains(id))
                missing->append(id);
    }
    return out;
}

} // namespace gpupool::server
