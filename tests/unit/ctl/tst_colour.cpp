// When gpupoolctl colours its output: only on a terminal, never with --json,
// never when NO_COLOR is set (to anything but the empty string), not on TERM=dumb.
#include "cli/terminalstyle.h"

#include <QTest>

using namespace gpupool::cli;

class TestColour : public QObject
{
    Q_OBJECT

private slots:
    void decision_data();
    void decision();
    void painterCodes();
};

void TestColour::decision_data()
{
    QTest::addColumn<bool>("terminal");
    QTest::addColumn<bool>("json");
    QTest::addColumn<bool>("noColorSet");
    QTest::addColumn<QString>("noColor");
    QTest::addColumn<QString>("term");
    QTest::addColumn<bool>("colour");
    const QString xterm = QStringLiteral("xterm-256color");
    QTest::newRow("terminal") << true << false << false << QString() << xterm << true;
    QTest::newRow("pipe") << false << false << false << QString() << xterm << false;
    QTest::newRow("json on a terminal") << true << true << false << QString() << xterm << false;
    QTest::newRow("NO_COLOR=1") << true << false << true << QStringLiteral("1") << xterm << false;
    QTest::newRow("NO_COLOR=0 (any value)") << true << false << true << QStringLiteral("0") << xterm << false;
    QTest::newRow("NO_COLOR empty") << true << false << true << QString() << xterm << true;
    QTest::newRow("TERM=dumb") << true << false << false << QString() << QStringLiteral("dumb") << false;
    QTest::newRow("TERM unset") << true << false << false << QString() << QString() << true;
    QTest::newRow("json and a pipe") << false << true << false << QString() << xterm << false;
}

void TestColour::decision()
{
    QFETCH(bool, terminal);
    QFETCH(bool, json);
    QFETCH(bool, noColorSet);
    QFETCH(QString, noColor);
    QFETCH(QString, term);
    QFETCH(bool, colour);
    ColourContext context;
    context.outputIsTerminal = terminal;
    context.json = json;
    context.noColorSet = noColorSet;
    context.noColor = noColor;
    context.term = term;
    QCOMPARE(shouldUseColour(context), colour);
}

void TestColour::painterCodes()
{
    const Painter on(true);
    QCOMPARE(on.paint(Style::Good, QStringLiteral("ok")), QStringLiteral("\x1b[32mok\x1b[0m"));
    QCOMPARE(on.paint(Style::Warn, QStringLiteral("w")), QStringLiteral("\x1b[33mw\x1b[0m"));
    QCOMPARE(on.paint(Style::Bad, QStringLiteral("x")), QStringLiteral("\x1b[31mx\x1b[0m"));
    QCOMPARE(on.paint(Style::Dim, QStringLiteral("d")), QStringLiteral("\x1b[2md\x1b[0m"));
    QCOMPARE(on.paint(Style::Header, QStringLiteral("H")), QStringLiteral("\x1b[1mH\x1b[0m"));
    QCOMPARE(on.paint(Style::Plain, QStringLiteral("p")), QStringLiteral("p"));
    QCOMPARE(on.paint(Style::Bad, QString()), QString()); // no codes around nothing
    const Painter off(false);
    QCOMPARE(off.paint(Style::Bad, QStringLiteral("x")), QStringLiteral("x"));
    QVERIFY(!off.isEnabled());
}

QTEST_GUILESS_MAIN(TestColour)
#include "tst_colour.moc"
