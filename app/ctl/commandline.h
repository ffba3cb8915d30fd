#pragma once

#include "config/resolver.h"

#include <QCommandLineOption>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// gpupoolctl's command line: global options, then a command and its own
// options ("gpupoolctl --json request --count 2"). Global options may also
// follow the command, except where the command has an option of the same
// name (request's --endpoint ID filter is not the global --endpoint URL).
namespace gpupool::ctl {

struct CommandSpec
{
    QString name;
    QString arguments; // for the usage line: "[NAME]", "LEASE_ID"
    QString summary; // one line for the command list
    QString description; // for the command's own --help
    QList<QCommandLineOption> options;
    int minPositional = 0;
    int maxPositional = 0;
};

// commandspecs.cpp: every command, and the options that go before or after any.
const QList<CommandSpec> &commandSpecs();
const QList<QCommandLineOption> &globalOptions();
const CommandSpec *findCommand(const QString &name);

// One parsed command line: the command, its arguments, and every option's values.
class Invocation
{
public:
    QString command;
    QStringList positional;
    bool json = false;
    bool debug = false;
    std::optional<QString> configFile;
    config::Overrides overrides;

    bool isSet(const QString &option) const { return m_values.contains(option); }
    QString value(const QString &option) const; // the last given
    QStringList values(const QString &option) const; // all, in order
    void set(const QString &option, const QStringList &values) { m_values.insert(option, values); }

private:
    QHash<QString, QStringList> m_values; // the command's own options
};

struct ParseOutcome
{
    enum class Kind { Run, Help, Version, Error };
    Kind kind = Kind::Error;
    Invocation invocation;
    QString text; // help or version text for stdout; the error for stderr
    bool json = false; // --json was seen (also for an error, so it can be reported as JSON)
};

// `arguments` as from QCoreApplication::arguments() (the program first).
ParseOutcome parseCommandLine(const QStringList &arguments);

// The full --help text (commands, global options, environment, exit statuses).
QString generalHelp();
// One command's --help text.
QString commandHelp(const CommandSpec &command);

} // namespace gpupool::ctl
