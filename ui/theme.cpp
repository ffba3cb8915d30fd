#include "theme.h"

#include "scrollbarcachestyle.h"

#include <QApplication>
#include <QCoreApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace gpupool::ui {

namespace {

ThemeChoice g_current = ThemeChoice::System;
QString g_systemStyle;

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xdf, 0xe1, 0xe5);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(0x58, 0xa6, 0xff));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::Mid, QColor(0x24, 0x26, 0x28));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    for (QPalette::ColorRole role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

// Fusion with its scroll bars' pictures kept (scrollbarcachestyle.h). Other
// styles stay as they are: some animate their scroll bars, and a kept
// picture would stop a fade half way.
QStyle *makeStyle(const QString &name)
{
    if (name.compare(QLatin1String("Fusion"), Qt::CaseInsensitive) == 0)
        return new ScrollBarCacheStyle(QStringLiteral("Fusion"));
    return QStyleFactory::create(name);
}

} // namespace

void Theme::apply(ThemeChoice choice)
{
    if (g_systemStyle.isEmpty() && QApplication::style())
        g_systemStyle = QApplication::style()->name();
    g_current = choice;
    switch (choice) {
    case ThemeChoice::System:
        if (!g_systemStyle.isEmpty())
            QApplication::setStyle(makeStyle(g_systemStyle));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case ThemeChoice::Light:
        QApplication::setStyle(makeStyle(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case ThemeChoice::Dark:
        QApplication::setStyle(makeStyle(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        break;
    }
}

ThemeChoice Theme::current()
{
    return g_current;
}

bool Theme::isDark()
{
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

QString Theme::name(ThemeChoice choice)
{
    switch (choice) {
    case ThemeChoice::System: return QStringLiteral("system");
    case ThemeChoice::Light: return QStringLiteral("light");
    case ThemeChoice::Dark: return QStringLiteral("dark");
    }
    return {};
}

std::optional<ThemeChoice> Theme::fromName(const QString &name)
{
    for (ThemeChoice c : { ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark })
        if (Theme::name(c) == name)
            return c;
    return std::nullopt;
}

QString Theme::displayName(ThemeChoice choice)
{
    switch (choice) {
    case ThemeChoice::System: return QCoreApplication::translate("gpupool::ui::Theme", "System");
    case ThemeChoice::Light: return QCoreApplication::translate("gpupool::ui::Theme", "Light");
    case ThemeChoice::Dark: return QCoreApplication::translate("gpupool::ui::Theme", "Dark");
    }
    return {};
}

QColor Theme::healthColour(endpoint::Health health)
{
    const bool dark = isDark();
    switch (health) {
    case endpoint::Health::Healthy: return dark ? QColor(0x4c, 0xc3, 0x6b) : QColor(0x1e, 0x8e, 0x3e);
    case endpoint::Health::Failing: return dark ? QColor(0xf2, 0xc0, 0x4c) : QColor(0xc2, 0x8a, 0x00);
    case endpoint::Health::Down: return dark ? QColor(0xf2, 0x5c, 0x54) : QColor(0xc6, 0x28, 0x28);
    case endpoint::Health::Recovering: return dark ? QColor(0x5c, 0xa8, 0xff) : QColor(0x15, 0x65, 0xc0);
    case endpoint::Health::Misconfigured: return dark ? QColor(0xc3, 0x8b, 0xf0) : QColor(0x7b, 0x1f, 0xa2);
    case endpoint::Health::Unknown: break;
    }
    return QColor(0x90, 0x90, 0x90);
}

QColor Theme::okColour()
{
    return healthColour(endpoint::Health::Healthy);
}

QColor Theme::busyColour()
{
    return isDark() ? QColor(0xf0, 0x8c, 0x3c) : QColor(0xe0, 0x6c, 0x00);
}

QColor Theme::thresholdColour()
{
    return healthColour(endpoint::Health::Down);
}

QColor Theme::seriesColour(int index)
{
    // Golden-angle hues: neighbours differ, and there is no end to the list.
    const int hue = int(210 + index * 137.508) % 360; // from blue: red means trouble here
    return QColor::fromHsl(hue, 170, isDark() ? 150 : 110);
}

} // namespace gpupool::ui
