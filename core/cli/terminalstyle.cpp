#include "cli/terminalstyle.h"

namespace gpupool::cli {

bool shouldUseColour(const ColourContext &context)
{
    if (context.json || !context.outputIsTerminal)
        return false;
    if (context.noColorSet && !context.noColor.isEmpty())
        return false;
    return context.term != QLatin1String("dumb");
}

QString Painter::paint(Style style, const QString &text) const
{
    if (!m_enabled || text.isEmpty())
        return text;
    QLatin1String code;
    switch (style) {
    case Style::Plain: return text;
    case Style::Header: code = QLatin1String("1"); break;
    case Style::Good: code = QLatin1String("32"); break;
    case Style::Warn: code = QLatin1String("33"); break;
    case Style::Bad: code = QLatin1String("31"); break;
    case Style::Dim: code = QLatin1String("2"); break;
    }
    return QLatin1String("\x1b[") + code + QLatin1Char('m') + text + QLatin1String("\x1b[0m");
}

} // namespace gpupool::cli
