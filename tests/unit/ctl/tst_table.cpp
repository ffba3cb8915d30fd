// gpupoolctl's tables: alignment, fitting into 100 columns, eliding, and
// colour codes that never disturb the layout.
#include "cli/table.h"

#include <QRegularExpression>
#include <QTest>

using namespace gpupool::cli;

namespace {

using Align = Table::Align;

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QString stripEscapes(QString text)
{
    static const QRegularExpression sgr(QStringLiteral("\x1b\\[[0-9;]*m"));
    return text.remove(sgr);
}

} // namespace

class TestTable : public QObject
{
    Q_OBJECT

private slots:
    void alignsColumns();
    void missingCellsAreBlank();
    void noTrailingSpaces();
    void fitsElasticColumnsFirst();
    void shrinksEveryColumnWhenElasticIsNotEnough();
    void everyLineFitsAtManyWidths();
    void elideCountsCodePoints();
    void coloursDoNotChangeTheLayout();
};

void TestTable::alignsColumns()
{
    Table table({ { s("ID") }, { s("GPUS"), Align::Right }, { s("STATE") } });
    table.addRow({ s("server1_8000"), s("3/4"), s("closed") });
    table.addRow({ s("b"), s("12/16"), s("open") });
    const QStringList lines = table.render();
    QCOMPARE(lines,
             QStringList({ s("ID             GPUS  STATE"), s("server1_8000    3/4  closed"),
                           s("b             12/16  open") }));
}

void TestTable::missingCellsAreBlank()
{
    Table table({ { s("A") }, { s("B") }, { s("C") } });
    table.addRow({ s("x") });
    table.addRow({ s("1"), s("2"), s("3"), s("extra") });
    QCOMPARE(table.render(), QStringList({ s("A  B  C"), s("x"), s("1  2  3") }));
}

void TestTable::noTrailingSpaces()
{
    Table table({ { s("NAME") }, { s("NOTE") } });
    table.addRow({ s("a long name here"), QString() });
    for (const QString &line : table.render())
        QVERIFY2(!line.endsWith(QLatin1Char(' ')), qPrintable(line));
}

void TestTable::fitsElasticColumnsFirst()
{
    Table table({ { s("ID") }, { s("URL"), Align::Left, true, 8 }, { s("STATE") } });
    table.addRow({ s("server1_8000"), s("http://a-very-long-host-name.example.com:8000/prefix"), s("closed") });
    const QStringList lines = table.render(40);
    // ID (12) + 2 + URL + 2 + STATE (6) = 40 -> URL gets 18 columns.
    QCOMPARE(table.layout(40), QList<int>({ 12, 18, 6 }));
    QCOMPARE(lines.at(1), s("server1_8000  http://a-very-lon…  closed"));
    for (const QString &line : lines)
        QVERIFY(Table::displayWidth(line) <= 40);
}

void TestTable::shrinksEveryColumnWhenElasticIsNotEnough()
{
    Table table({ { s("IDENTIFIER") }, { s("NOTE"), Align::Left, true, 4 }, { s("STATE") } });
    table.addRow({ s("server1_8000"), s("some note"), s("half_open") });
    const QList<int> widths = table.layout(20);
    QCOMPARE(widths.at(1), 4); // the elastic column stops at its minimum ...
    int sum = Table::gap * 2;
    for (int w : widths)
        sum += w;
    QCOMPARE(sum, 20); // ... and the others give the rest
    for (const QString &line : table.render(20))
        QVERIFY2(Table::displayWidth(line) <= 20, qPrintable(line));
}

void TestTable::everyLineFitsAtManyWidths()
{
    Table table({ { s("GPU") },
                  { s("NAME"), Align::Left, true, 10 },
                  { s("MEM %"), Align::Right },
                  { s("UTIL %"), Align::Right },
                  { s("STATE") },
                  { s("HOLDER"), Align::Left, true, 6 } });
    for (int i = 0; i < 20; ++i)
        table.addRow({ QStringLiteral("endpoint-number-%1:%2").arg(i).arg(i % 8), s("NVIDIA H100 80GB HBM3"), s("12.5"),
                       s("99.9"), s("available"),
                       QStringLiteral("someone-with-a-long-name@host-%1.example.org").arg(i) });
    for (int width = 100; width >= 20; --width) {
        const QStringList lines = table.render(width);
        QCOMPARE(lines.size(), 21);
        for (const QString &line : lines)
            QVERIFY2(Table::displayWidth(line) <= width, qPrintable(QString::number(width) + QLatin1Char(' ') + line));
    }
    // At 100 columns only the elastic columns were cut.
    const QList<int> widths = table.layout(100);
    QCOMPARE(widths.at(0), 20);
    QCOMPARE(widths.at(2), 5);
    QCOMPARE(widths.at(4), 9);
}

void TestTable::elideCountsCodePoints()
{
    QCOMPARE(Table::elide(s("abcdef"), 6), s("abcdef"));
    QCOMPARE(Table::elide(s("abcdef"), 4), s("abc…"));
    QCOMPARE(Table::elide(s("abcdef"), 1), s("…"));
    QCOMPARE(Table::elide(s("abcdef"), 0), QString());
    QCOMPARE(Table::displayWidth(s("naïve 😀")), 7);
    QCOMPARE(Table::elide(s("😀😀😀"), 2), s("😀…"));
}

void TestTable::coloursDoNotChangeTheLayout()
{
    Table table({ { s("ID") }, { s("STATE") }, { s("GPUS"), Align::Right } });
    table.addRow({ Table::Cell(s("a")), Table::Cell(s("open"), Style::Bad), Table::Cell(s("0/4")) });
    table.addRow({ Table::Cell(s("bb")), Table::Cell(s("closed"), Style::Good), Table::Cell(s("4/4")) });
    const Painter painter(true);
    const QStringList plain = table.render();
    const QStringList coloured = table.render(Table::defaultWidth, &painter);
    QVERIFY(coloured.at(1).contains(s("\x1b[31mopen\x1b[0m")));
    QVERIFY(coloured.at(2).contains(s("\x1b[32mclosed\x1b[0m")));
    QVERIFY(coloured.at(0).startsWith(s("\x1b[1mID\x1b[0m")));
    QCOMPARE(coloured.size(), plain.size());
    for (qsizetype i = 0; i < plain.size(); ++i)
        QCOMPARE(stripEscapes(coloured.at(i)), plain.at(i));
    const Painter off(false);
    QCOMPARE(table.render(Table::defaultWidth, &off), plain);
}

QTEST_GUILESS_MAIN(TestTable)
#include "tst_table.moc"
