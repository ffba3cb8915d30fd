#include "util/translations.h"

#include "util/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QStringList>
#include <QTranslator>

namespace gpupool {

namespace {

// Loads NAME_<language>.qm from the first folder that has it. gpupool's own
// folder is found relative to the program, so an installed tree, or a .deb
// extracted anywhere, finds its own files.
bool loadFirst(QCoreApplication &app, const QString &name, const QStringList &folders)
{
    const QLocale locale;
    for (const QString &folder : folders) {
        if (folder.isEmpty())
            continue;
        auto *translator = new QTranslator(&app);
        if (translator->load(locale, name, QStringLiteral("_"), folder)) {
            QCoreApplication::installTranslator(translator);
            qCDebug(lcConfig) << "translation" << translator->filePath() << "loaded";
            return true;
        }
        delete translator;
    }
    return false;
}

} // namespace

void installTranslations(QCoreApplication &app)
{
    const QString programDir = QCoreApplication::applicationDirPath();
    // gpupool_en.qm exists too (English plural forms), so an English user whose
    // LANGUAGE also lists, say, German gets English rather than the fallback.
    // Only next to the program: a build tree's programs (and its tests) never
    // pick up the translations of an installed package.
    loadFirst(app, QStringLiteral("gpupool"),
              { qEnvironmentVariable("GPUPOOL_TRANSLATIONS_DIR"),
                QDir::cleanPath(programDir + QLatin1String("/../share/gpupool/translations")) });
    // Qt's and QtKeychain's strings are English already, and QtKeychain ships
    // no _en file: for an English user, loading could only find a fallback.
    if (QLocale().uiLanguages().value(0).startsWith(QLatin1String("en")))
        return;
    loadFirst(app, QStringLiteral("qtbase"), { QLibraryInfo::path(QLibraryInfo::TranslationsPath) });
    // QtKeychain installs its own next to Qt's prefix, not in Qt's folder.
    loadFirst(app, QStringLiteral("qtkeychain"),
              { QDir::cleanPath(programDir + QLatin1String("/../share/qt6keychain/translations")),
                QStringLiteral("/usr/share/qt6keychain/translations") });
}

} // namespace gpupool
