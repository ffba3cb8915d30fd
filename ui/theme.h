#pragma once

#include "endpoint/endpoint.h"

#include <QColor>
#include <QString>
#include <optional>

class QApplication;

// System, light or dark. Qt 6.4 cannot ask the desktop for its colour scheme
// (no QStyleHints::colorScheme before 6.5: docs/platform-notes.md), so light and
// dark are Fusion with our own palette, chosen in the settings; "system" is
// the platform's style and palette as the program started with them.
namespace gpupool::ui {

enum class ThemeChoice : quint8 { System, Light, Dark };

class Theme
{
public:
    // Remembers the platform's style first, so that System can go back to it.
    static void apply(ThemeChoice choice);
    static ThemeChoice current();
    // Whether the palette in use is dark (also under System).
    static bool isDark();

    static QString name(ThemeChoice choice); // "system", "light", "dark"
    static std::optional<ThemeChoice> fromName(const QString &name);
    static QString displayName(ThemeChoice choice);

    // The colours the views and charts share, readable on both palettes.
    static QColor healthColour(endpoint::Health health);
    static QColor okColour();
    static QColor busyColour();
    static QColor thresholdColour();
    // A series colour that stays distinguishable for many series.
    static QColor seriesColour(int index);
};

} // namespace gpupool::ui
