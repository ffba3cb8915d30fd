#pragma once

#include "stats/bodies.h"
#include "util/expected.h"

#include <QByteArray>
#include <QString>
#include <variant>

// Reads the protocol's bodies from any server: the predecessor's and ours.
// Accepts integer-or-float numbers, extra keys and the missing
// total_memory_usage_percent; refuses bodies that break the rules with a message
// that names the field. Never returns half-parsed data.
namespace gpupool::stats {

struct ParseLimits
{
    qsizetype maxBytes = 4 * 1024 * 1024; // default body cap (docs/wire-format.md)
    int maxDepth = 32; // deeper nesting is no GPU statistics body
};

struct ParseError
{
    enum class Kind {
        TooLarge, // over ParseLimits::maxBytes
        TooDeep, // over ParseLimits::maxDepth
        Malformed, // not JSON at all
        Schema, // JSON, but a field breaks the rules
        ServerError, // a well-formed {"error": "..."} body: the server says it failed
    };
    Kind kind = Kind::Malformed;
    QString field; // dotted path of the offending field, empty when not about one
    QString message; // one line, for people

    QString toString() const;
};

// A body or why not (core/util/expected.h).
template<typename T>
using Parsed = util::Expected<T, ParseError>;

Parsed<SummaryBody> parseSummary(const QByteArray &body, const ParseLimits &limits = {});
// parseSummary without its fast path (summaryfastpath.h): the tests and the
// fuzzer hold the two against each other.
Parsed<SummaryBody> parseSummaryFull(const QByteArray &body, const ParseLimits &limits = {});
Parsed<StatsBody> parseStats(const QByteArray &body, const ParseLimits &limits = {});
Parsed<CountBody> parseCount(const QByteArray &body, const ParseLimits &limits = {});
Parsed<HealthBody> parseHealth(const QByteArray &body, const ParseLimits &limits = {});
Parsed<ServerConfigBody> parseConfig(const QByteArray &body, const ParseLimits &limits = {});
// gpupool-statd's /gpu/processes (a predecessor server answers 404).
Parsed<ProcessesBody> parseProcesses(const QByteArray &body, const ParseLimits &limits = {});

} // namespace gpupool::stats
