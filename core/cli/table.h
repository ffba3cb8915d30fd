#pragma once

#include "cli/terminalstyle.h"

#include <QList>
#include <QString>
#include <QStringList>

// An aligned text table for a terminal, fitted to a width (100 columns by
// default): columns as wide as their widest cell, two spaces apart; when the
// whole is too wide, the elastic columns (names, notes, URLs) give way first,
// then any column, and cut text ends in "…". Styles (colours) are applied after
// the layout, so escape codes never count as width.
namespace gpupool::cli {

class Table
{
public:
    enum class Align { Left, Right };

    struct Column
    {
        QString header;
        Align align = Align::Left;
        bool elastic = false; // shrinks first when the table is too wide
        int minWidth = 4; // an elastic column keeps at least this much
    };

    struct Cell
    {
        QString text;
        Style style = Style::Plain;

        Cell() = default;
        Cell(QString t, Style s = Style::Plain) : text(std::move(t)), style(s) {}
        Cell(const char *) = delete; // QT_NO_CAST_FROM_ASCII: say QStringLiteral
    };

    static constexpr int defaultWidth = 100;
    static constexpr int gap = 2;

    explicit Table(QList<Column> columns);

    // Missing cells are blank; extra cells are dropped.
    void addRow(QList<Cell> cells);
    int rowCount() const { return static_cast<int>(m_rows.size()); }

    // The widths render() will use for this maximum width.
    QList<int> layout(int maxWidth = defaultWidth) const;

    // Header line, then one line per row; no trailing spaces; each line at
    // most maxWidth characters wide (unless even one character per column
    // cannot fit). With `painter`, styled cells (and the header, bold) get its
    // escape codes.
    QStringList render(int maxWidth = defaultWidth, const Painter *painter = nullptr) const;

    // How many terminal columns a text takes (code points; gpupool's texts
    // are not East Asian wide).
    static int displayWidth(QStringView text);
    // `text` cut to `width` columns, ending in "…" when cut.
    static QString elide(const QString &text, int width);

private:
    QList<Column> m_columns;
    QList<QList<Cell>> m_rows;
};

} // namespace gpupool::cli
