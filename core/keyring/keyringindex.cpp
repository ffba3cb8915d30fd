#include "keyringindex.h"

namespace gpupool::keyring {

KeyringIndex::KeyringIndex()
    : m_settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("gpupool"), QStringLiteral("gpupool"))
{
}

KeyringIndex::KeyringIndex(const QString &iniPath) : m_settings(iniPath, QSettings::IniFormat) {}

QStringList KeyringIndex::endpoints() const
{
    // An INI list reads back as a string when it has one entry.
    return m_settings.value(settingsKey()).toStringList();
}

void KeyringIndex::note(const QString &endpointId, bool hasKey)
{
    QStringList ids = endpoints();
    if (ids.contains(endpointId) == hasKey)
        return; // nothing to write
    if (hasKey)
        ids.append(endpointId);
    else
        ids.removeAll(endpointId);
    ids.sort();
    if (ids.isEmpty())
        m_settings.remove(settingsKey());
    else
        m_settings.setValue(settingsKey(), ids);
    m_settings.sync();
}

} // namespace gpupool::keyring
