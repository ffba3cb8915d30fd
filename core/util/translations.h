#pragma once

class QCoreApplication;

namespace gpupool {

// Loads the translations for the user's language (LANGUAGE, LC_ALL, LC_MESSAGES,
// LANG): gpupool's own, Qt's (qtbase: QCommandLineParser's help, dialogs) and
// QtKeychain's. Call it right after constructing the application, before any
// tr() runs. A missing file is no error: that part then speaks English.
// gpupool's files are looked for in GPUPOOL_TRANSLATIONS_DIR, when set, then in
// <program>/../share/gpupool/translations.
void installTranslations(QCoreApplication &app);

} // namespace gpupool
