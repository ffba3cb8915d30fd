#include "config/gpuid.h"

#include <QCoreApplication>

namespace gpupool::config {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::config::GpuId", text);
}

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

// Digits only: QString::toInt would also take "+1", " 1" and "-0".
std::optional<int> readLocal(QStringView text)
{
    if (text.isEmpty())
        return std::nullopt;
    for (QChar c : text)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok)
        return std::nullopt;
    return value;
}

} // namespace

QString GlobalGpuId::toString() const
{
    return formatGlobalGpuId(endpointId, localId);
}

QString formatGlobalGpuId(const QString &endpointId, int localId)
{
    Q_ASSERT(!endpointId.contains(QLatin1Char(':')));
    return endpointId + QLatin1Char(':') + QString::number(localId);
}

QString formatGpuId(Mode mode, const QString &endpointId, int localId)
{
    return mode == Mode::MultiEndpoint ? formatGlobalGpuId(endpointId, localId) : QString::number(localId);
}

std::optional<GlobalGpuId> parseGlobalGpuId(QStringView text, QString *error)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0) {
        setError(error,
                 tr("\"%1\" is not a global GPU id: expected <endpoint_id>:<local_gpu_id>, "
                    "e.g. server1_8000:0")
                     .arg(text.toString()));
        return std::nullopt;
    }
    const QStringView endpoint = text.left(colon);
    if (endpoint.isEmpty()) {
        setError(error, tr("\"%1\" is not a global GPU id: the endpoint id before ':' is empty").arg(text.toString()));
        return std::nullopt;
    }
    for (QChar c : endpoint) {
        if (c.isSpace()) {
            setError(error,
                     tr("\"%1\" is not a global GPU id: the endpoint id cannot contain spaces").arg(text.toString()));
            return std::nullopt;
        }
    }
    const std::optional<int> local = readLocal(text.mid(colon + 1));
    if (!local) {
        setError(error,
                 tr("\"%1\" is not a global GPU id: the local GPU id after the last ':' "
                    "must be a non-negative integer")
                     .arg(text.toString()));
        return std::nullopt;
    }
    return GlobalGpuId { endpoint.toString(), *local };
}

std::optional<int> parseLocalGpuId(QStringView text, QString *error)
{
    const std::optional<int> local = readLocal(text);
    if (!local)
        setError(error, tr("\"%1\" is not a GPU id: expected a non-negative integer such as 0").arg(text.toString()));
    return local;
}

} // namespace gpupool::config
