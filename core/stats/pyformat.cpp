#include "stats/pyformat.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string_view>

namespace gpupool::stats::py {

double round2(double x)
{
    if (!std::isfinite(x))
        return x;
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    return std::strtod(buf, nullptr);
}

QByteArray floatRepr(double x)
{
    if (!std::isfinite(x))
        return QByteArrayLiteral("null");
    if (x == 0)
        return std::signbit(x) ? QByteArrayLiteral("-0.0") : QByteArrayLiteral("0.0");

    // Shortest round-trip digits in scientific form: [-]d[.ddd]e[+-]XX
    char sci[64];
    const auto res = std::to_chars(sci, sci + sizeof sci, x, std::chars_format::scientific);
    const std::string_view s(sci, static_cast<size_t>(res.ptr - sci));
    const size_t ePos = s.find('e');
    std::string_view mant = s.substr(0, ePos);
    const int exp = std::atoi(std::string(s.substr(ePos + 1)).c_str());

    QByteArray out;
    if (!mant.empty() && mant.front() == '-') {
        out += '-';
        mant.remove_prefix(1);
    }
    QByteArray digits;
    for (char c : mant)
        if (c != '.')
            digits += c;

    if (exp < -4 || exp >= 16) {
        // Python: 1e-05, 1.5e+16
        out += digits.left(1);
        if (digits.size() > 1) {
            out += '.';
            out += digits.mid(1);
        }
        char e[16];
        std::snprintf(e, sizeof e, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
        out += e;
        return out;
    }
    if (exp < 0) {
        out += "0.";
        out += QByteArray(-exp - 1, '0');
        out += digits;
        return out;
    }
    const qsizetype intLen = exp + 1;
    if (digits.size() <= intLen) {
        out += digits;
        out += QByteArray(intLen - digits.size(), '0');
        out += ".0";
    } else {
        out += digits.left(intLen);
        out += '.';
        out += digits.mid(intLen);
    }
    return out;
}

QByteArray isoTimestamp(std::chrono::system_clock::time_point t)
{
    using namespace std::chrono;
    const auto us = duration_cast<microseconds>(t.time_since_epoch()).count();
    time_t secs = static_cast<time_t>(us / 1000000);
    long frac = static_cast<long>(us % 1000000);
    if (frac < 0) {
        frac += 1000000;
        --secs;
    }
    std::tm tm {};
    localtime_r(&secs, &tm);
    char buf[64];
    const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    QByteArray out(buf, static_cast<qsizetype>(n));
    if (frac != 0) {
        char f[16];
        std::snprintf(f, sizeof f, ".%06ld", frac);
        out += f;
    }
    return out;
}

QByteArray isoTimestampNow()
{
    return isoTimestamp(std::chrono::system_clock::now());
}

} // namespace gpupool::stats::py
