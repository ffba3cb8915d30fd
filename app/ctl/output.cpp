#include "output.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QProcessEnvironment>

#include <cstdio>
#include <unistd.h>

namespace gpupool::ctl {

namespace {

void write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stream);
    std::fflush(stream);
}

cli::ColourContext colourContext(bool json, bool terminal)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    cli::ColourContext context;
    context.outputIsTerminal = terminal;
    context.json = json;
    context.noColorSet = env.contains(QStringLiteral("NO_COLOR"));
    context.noColor = env.value(QStringLiteral("NO_COLOR"));
    context.term = env.value(QStringLiteral("TERM"));
    return context;
}

} // namespace

void printError(const QString &message)
{
    write(stderr, QLatin1String("gpupoolctl: ") + message + QLatin1Char('\n'));
}

Output::Output(bool json)
    : m_json(json)
    , m_terminal(::isatty(STDOUT_FILENO) == 1)
    , m_painter(cli::shouldUseColour(colourContext(json, m_terminal)))
{
}

void Output::print(const QString &text)
{
    write(stdout, text);
}

void Output::line(const QString &text)
{
    write(stdout, text + QLatin1Char('\n'));
}

void Output::lines(const QStringList &text)
{
    for (const QString &l : text)
        line(l);
}

void Output::table(const cli::Table &table)
{
    lines(table.render(cli::Table::defaultWidth, &m_painter));
}

void Output::printJson(const QJsonObject &object, bool compact)
{
    m_jsonPrinted = true;
    write(stdout,
          QString::fromUtf8(QJsonDocument(object).toJson(compact ? QJsonDocument::Compact : QJsonDocument::Indented))
              + (compact ? QStringLiteral("\n") : QString()));
}

void Output::warning(const QString &message)
{
    printError(QCoreApplication::translate("gpupool::ctl::Output", "warning: %1").arg(message));
}

void Output::progress(const QString &message)
{
    write(stderr, message + QLatin1Char('\n'));
}

int Output::fail(cli::ExitStatus status, const QString &code, const QString &message)
{
    printError(message);
    if (m_json && !m_jsonPrinted) {
        QJsonObject error;
        error.insert(QStringLiteral("code"), code);
        error.insert(QStringLiteral("message"), message);
        error.insert(QStringLiteral("exit_status"), cli::code(status));
        printJson(QJsonObject { { QStringLiteral("error"), error } });
    }
    return cli::code(status);
}

} // namespace gpupool::ctl
