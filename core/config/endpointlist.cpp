#include "config/endpointlist.h"

#include "config/endpointurl.h"

#include <QCoreApplication>
#include <QSet>

namespace gpupool::config {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::config::EndpointList", text);
}

QString firstFreeId(const QString &base, const QSet<QString> &taken)
{
    if (!taken.contains(base))
        return base;
    for (int n = 1;; ++n) {
        const QString candidate = base + QLatin1Char('_') + QString::number(n);
        if (!taken.contains(candidate))
            return candidate;
    }
}

} // namespace

EndpointList parseEndpointList(QStringView text)
{
    EndpointList result;
    QSet<QString> seenUrls;
    const auto parts = text.split(QLatin1Char(','));
    for (QStringView part : parts) {
        const QStringView entry = part.trimmed();
        if (entry.isEmpty())
            continue;

        QStringView urlText = entry;
        QString name;
        bool nameGiven = false;
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        const qsizetype sep = entry.indexOf(QLatin1String("://"));
        if (eq >= 0 && (sep < 0 || eq < sep)) {
            nameGiven = true;
            name = entry.left(eq).trimmed().toString();
            urlText = entry.mid(eq + 1).trimmed();
            if (!isValidEndpointName(name)) {
                result.errors.append(
                    { entry.toString(), tr("an endpoint name must be non-empty, without ':' or spaces") });
                continue;
            }
        }

        const PinnedUrlCheck check = checkPinnedEndpointUrl(urlText);
        if (!check.ok()) {
            result.errors.append({ entry.toString(), check.reason });
            continue;
        }
        const QString identity = endpointUrlIdentity(check.url);
        if (seenUrls.contains(identity)) {
            result.warnings.append(tr("\"%1\" repeats an earlier endpoint and is ignored").arg(entry.toString()));
            continue;
        }
        seenUrls.insert(identity);
        result.endpoints.append(EndpointSpec { name, check.url, nameGiven, check.pinnedSha256 });
    }

    if (result.endpoints.isEmpty() && result.errors.isEmpty())
        result.errors.append({ text.trimmed().toString(), tr("expected at least one http or https URL") });

    QSet<QString> taken;
    for (EndpointSpec &spec : result.endpoints) {
        if (!spec.nameGiven)
            continue;
        const QString id = firstFreeId(spec.id, taken);
        if (id != spec.id)
            result.warnings.append(tr("the endpoint name \"%1\" is used more than once; "
                                      "%2 is called %3")
                                       .arg(spec.id, spec.url.toString(), id));
        spec.id = id;
        taken.insert(id);
    }
    for (EndpointSpec &spec : result.endpoints) {
        if (spec.nameGiven)
            continue;
        spec.id = firstFreeId(endpointIdForUrl(spec.url), taken);
        taken.insert(spec.id);
    }
    return result;
}

} // namespace gpupool::config
