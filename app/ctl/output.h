#pragma once

#include "cli/exitstatus.h"
#include "cli/table.h"
#include "cli/terminalstyle.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

// Where gpupoolctl writes: results on standard output (tables, or JSON with
// --json), problems on standard error as "gpupoolctl: ...". With --json a
// failure is also written as {"error": {...}} on standard output, so that a
// script reading it always gets JSON.
namespace gpupool::ctl {

class Output
{
public:
    explicit Output(bool json);

    bool json() const { return m_json; }
    const cli::Painter &painter() const { return m_painter; }
    bool colour() const { return m_painter.isEnabled(); }
    bool isTerminal() const { return m_terminal; }

    void print(const QString &text); // as is
    void line(const QString &text = {}); // text + '\n'
    void lines(const QStringList &text);
    void table(const cli::Table &table);
    void printJson(const QJsonObject &object, bool compact = false);

    void warning(const QString &message); // stderr: "gpupoolctl: warning: ..."
    void progress(const QString &message); // stderr, as is: "waiting for ..."
    // Reports a failure (stderr, and JSON on stdout with --json unless a
    // JSON document was printed already: stdout holds exactly one) and
    // returns the exit status to end with. `code` is a stable name
    // ("not_enough_gpus").
    int fail(cli::ExitStatus status, const QString &code, const QString &message);

    QString paint(cli::Style style, const QString &text) const { return m_painter.paint(style, text); }

private:
    bool m_json;
    bool m_terminal;
    bool m_jsonPrinted = false;
    cli::Painter m_painter;
};

// Writes to standard error without going through Output (before one exists).
void printError(const QString &message);

} // namespace gpupool::ctl
