#pragma once

#include <QString>
#include <QStringView>

// Colours on a terminal: whether to use them, and the escape codes.
namespace gpupool::cli {

// What a piece of text means; the painter picks the colour.
enum class Style {
    Plain,
    Header, // table headers: bold
    Good, // healthy, available, closed breaker: green
    Warn, // half open, expiring soon, partial: yellow
    Bad, // open breaker, unreachable, failed: red
    Dim, // secondary detail (ids, "—"): faint
};

// Everything that decides about colour, gathered by main() so the decision
// itself is testable.
struct ColourContext
{
    bool outputIsTerminal = false; // isatty(stdout)
    bool json = false; // --json: never colour
    QString noColor; // $NO_COLOR: set and not empty means no colour (no-color.org)
    bool noColorSet = false;
    QString term; // $TERM: "dumb" has no colour
};

// Colour only when standard output is a terminal that can show it, --json is
// off and NO_COLOR is not set to a non-empty value.
bool shouldUseColour(const ColourContext &context);

// Wraps text in ANSI SGR codes (or not, when disabled).
class Painter
{
public:
    explicit Painter(bool enabled) : m_enabled(enabled) {}

    bool isEnabled() const { return m_enabled; }
    QString paint(Style style, const QString &text) const;

private:
    bool m_enabled;
};

} // namespace gpupool::cli
