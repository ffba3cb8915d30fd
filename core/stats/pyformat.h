#pragma once

#include <QByteArray>
#include <chrono>

// Number and time formatting exactly as the predecessor's Python server writes
// them, so gpupool-statd's bodies are byte-compatible with it.
namespace gpupool::stats::py {

// Python's round(x, 2): the exact binary value rounded to 2 decimals, ties to
// even on the exact value (which is what correctly rounded "%.2f" does).
double round2(double x);

// Python's repr(float): the shortest string that reads back as the same
// double, ".0" on integral values, exponent form below 1e-4 and from 1e16.
// Non-finite values (which Python's JSON encoder refuses) come out as "null".
QByteArray floatRepr(double x);

// datetime.now().isoformat() for a naive local time: YYYY-MM-DDTHH:MM:SS.ffffff,
// with the fraction left out when the microseconds are zero (as Python does).
QByteArray isoTimestamp(std::chrono::system_clock::time_point t);
QByteArray isoTimestampNow();

} // namespace gpupool::stats::py
