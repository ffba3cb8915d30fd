#include "endpoint/apikeyfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

namespace gpupool::endpoint {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::endpoint::ApiKeyFile", text);
}

} // namespace

std::variant<ApiKeyFile, QString> ApiKeyFile::load(const QString &path, const QStringList &endpointIds)
{
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("API key file %1: %2").arg(shown, file.errorString());
    // A key file is small; anything large is the wrong file.
    constexpr qint64 MaxBytes = 1 << 20;
    if (file.size() > MaxBytes)
        return tr("API key file %1 is larger than 1 MiB: not a key file").arg(shown);
    ApiKeyFile keys;
    int bare = 0;
    int number = 0;
    for (const QByteArray &raw : file.readAll().split('\n')) {
        ++number;
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype eq = line.indexOf('=');
        const QString name = eq > 0 ? QString::fromUtf8(line.left(eq)).trimmed() : QString();
        if (!name.isEmpty() && (name == QLatin1String("*") || endpointIds.contains(name))) {
            const QByteArray key = line.mid(eq + 1).trimmed();
            if (key.isEmpty())
                return tr("API key file %1, line %2: no key after \"%3=\"").arg(shown).arg(number).arg(name);
            if (name == QLatin1String("*"))
                keys.m_everyone = key;
            else
                keys.m_named.insert(name, key);
            continue;
        }
        ++bare;
        keys.m_everyone = line;
    }
    if (bare > 1)
        return tr("API key file %1 holds %2 keys without an endpoint name: give one key for every endpoint, or "
                  "NAME=KEY lines (names: %3)")
            .arg(shown)
            .arg(bare)
            .arg(endpointIds.join(QLatin1String(", ")));
    if (bare == 1 && !keys.m_named.isEmpty())
        return tr("API key file %1 mixes a key without a name with NAME=KEY lines: write *=KEY for the "
                  "endpoints not named")
            .arg(shown);
    if (!keys.m_everyone && keys.m_named.isEmpty())
        return tr("API key file %1 holds no key").arg(shown);
    return keys;
}

std::optional<QByteArray> ApiKeyFile::apiKey(const QString &endpointId) const
{
    const auto it = m_named.constFind(endpointId);
    if (it != m_named.cend())
        return *it;
    return m_everyone;
}

} // namespace gpupool::endpoint
