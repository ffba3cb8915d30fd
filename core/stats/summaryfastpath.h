#pragma once

#include "stats/bodies.h"

#include <QByteArray>
#include <optional>

// The poll's body, read straight from the bytes. parseSummary() on
// QJsonDocument cost most of a poll's user-space CPU (callgrind on bench_poll:
// 76 %, mostly building and searching the document). This reader accepts only
// the plain shape every server sends (ASCII strings without escapes, no
// duplicate keys, no "error"), checks the same rules, and otherwise gives up:
// nullopt means "let the full parser decide", which also words the errors.
// What it accepts, the full parser accepts with the same value (fuzz_bodies
// checks that on every input).
namespace gpupool::stats {

std::optional<SummaryBody> parseSummaryFast(const QByteArray &body, int maxDepth);

} // namespace gpupool::stats
