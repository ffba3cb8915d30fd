#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>

// Which endpoints have an API key in the keyring, by id, never the keys. The
// console notes each key it saves, removes or finds in the user's settings
// file, so gpupoolctl asks the keyring for those entries only, and a run that
// needs none (most, and every one without a desktop session) never talks to
// it. One lookup per endpoint at every run would cost seconds at 1,000.
namespace gpupool::keyring {

class KeyringIndex
{
public:
    // The user's settings file, where every gpupool program looks.
    KeyringIndex();
    // Another file (tests).
    explicit KeyringIndex(const QString &iniPath);

    QStringList endpoints() const;
    void note(const QString &endpointId, bool hasKey);

    static QString settingsKey() { return QStringLiteral("keyring/endpointsWithKeys"); }

private:
    QSettings m_settings;
};

} // namespace gpupool::keyring
