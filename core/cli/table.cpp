#include "cli/table.h"

#include <algorithm>

namespace gpupool::cli {

namespace {
const QChar ellipsis(0x2026);
}

Table::Table(QList<Column> columns) : m_columns(std::move(columns)) {}

void Table::addRow(QList<Cell> cells)
{
    cells.resize(m_columns.size());
    m_rows.append(std::move(cells));
}

int Table::displayWidth(QStringView text)
{
    int width = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].isLowSurrogate())
            continue; // the high surrogate counted the pair
        ++width;
    }
    return width;
}

QString Table::elide(const QString &text, int width)
{
    if (displayWidth(text) <= width)
        return text;
    if (width <= 0)
        return {};
    QString out;
    int used = 0;
    for (qsizetype i = 0; i < text.size() && used < width - 1; ++i) {
        out += text[i];
        if (text[i].isHighSurrogate() && i + 1 < text.size())
            out += text[++i];
        ++used;
    }
    return out + ellipsis;
}

QList<int> Table::layout(int maxWidth) const
{
    const qsizetype n = m_columns.size();
    QList<int> widths(n, 0);
    for (qsizetype c = 0; c < n; ++c) {
        widths[c] = displayWidth(m_columns[c].header);
        for (const QList<Cell> &row : m_rows)
            widths[c] = std::max(widths[c], displayWidth(row[c].text));
    }
    const auto total = [&] {
        int sum = 0;
        for (int w : widths)
            sum += w;
        return sum + gap * static_cast<int>(std::max<qsizetype>(0, n - 1));
    };
    // Take one column at a time from the widest shrinkable column: elastic
    // columns down to their minimum first, then every column down to one.
    for (const bool elasticPhase : { true, false }) {
        while (total() > maxWidth) {
            qsizetype widest = -1;
            for (qsizetype c = 0; c < n; ++c) {
                const int floor = elasticPhase ? std::max(1, m_columns[c].minWidth) : 1;
                if (elasticPhase && !m_columns[c].elastic)
                    continue;
                if (widths[c] > floor && (widest < 0 || widths[c] > widths[widest]))
                    widest = c;
            }
            if (widest < 0)
                break;
            --widths[widest];
        }
    }
    return widths;
}

QStringList Table::render(int maxWidth, const Painter *painter) const
{
    const QList<int> widths = layout(maxWidth);
    const auto line = [&](const QList<Cell> &cells, bool header) {
        QString out;
        for (qsizetype c = 0; c < m_columns.size(); ++c) {
            const QString text = elide(cells[c].text, widths[c]);
            const QString padding(widths[c] - displayWidth(text), QLatin1Char(' '));
            const Style style = header ? Style::Header : cells[c].style;
            const QString shown = painter ? painter->paint(style, text) : text;
            if (c > 0)
                out += QString(gap, QLatin1Char(' '));
            if (m_columns[c].align == Align::Right)
                out += padding + shown;
            else
                out += shown + padding;
        }
        // Only padding can trail: cut it so that lines end where their text does.
        qsizetype end = out.size();
        while (end > 0 && out[end - 1] == QLatin1Char(' '))
            --end;
        out.truncate(end);
        return out;
    };
    QList<Cell> headers;
    for (const Column &column : m_columns)
        headers.append(Cell(column.header));
    QStringList lines { line(headers, true) };
    for (const QList<Cell> &row : m_rows)
        lines.append(line(row, false));
    return lines;
}

} // namespace gpupool::cli
