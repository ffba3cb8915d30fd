#include "stats/summaryfastpath.h"

#include <QSet>

#include <charconv>
#include <cstring>
#include <cmath>
#include <string_view>

namespace gpupool::stats {

namespace {

constexpr qint64 kMaxGpus = 4096; // as bodyparser.cpp
constexpr double kMaxInteger = 9007199254740992.0; // 2^53, as bodyparser.cpp
constexpr double kMaxGpuId = double(1 << 20);

// A JSON value as this reader keeps it: only what the summary needs.
struct Value
{
    enum class Type { None, Null, Number, String } type = Type::None;
    double number = 0;
    std::string_view text;
};

class Reader
{
public:
    Reader(const QByteArray &body, int maxDepth)
        : m_p(body.constData())
        , m_end(body.constData() + body.size())
        , m_maxDepth(maxDepth)
    {
    }

    void ws()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool atEnd()
    {
        ws();
        return m_p == m_end;
    }
    bool eat(char c)
    {
        ws();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    char peek()
    {
        ws();
        return m_p < m_end ? *m_p : '\0';
    }

    // Printable ASCII without escapes; anything else is for the full parser
    // (which decodes escapes and checks UTF-8).
    bool string(std::string_view &out)
    {
        if (!eat('"'))
            return false;
        const char *start = m_p;
        // Eight bytes at a time while none of them is a quote, a backslash,
        // a control character or non-ASCII (most of a body is strings).
        while (m_end - m_p >= 8) {
            quint64 w;
            std::memcpy(&w, m_p, 8);
            constexpr quint64 kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
            const auto hasZero = [](quint64 v) { return (v - kOnes) & ~v & kHigh; };
            if ((w & kHigh) || hasZero(w ^ (kOnes * '"')) || hasZero(w ^ (kOnes * '\\'))
                || ((w - kOnes * 0x20) & ~w & kHigh))
                break; // one of them is in here: the byte loop finds which
            m_p += 8;
        }
        while (m_p < m_end) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                out = std::string_view(start, std::size_t(m_p - start));
                ++m_p;
                return true;
            }
            if (c == '\\' || c < 0x20 || c >= 0x80)
                return false;
            ++m_p;
        }
        return false;
    }

    // The JSON number grammar exactly, then a correctly rounded conversion
    // (as Qt's). Negative numbers (never valid in a summary, except a -0
    // whose sign Qt keeps or drops by spelling) and out-of-range ones are
    // left to the full parser.
    bool number(double &out)
    {
        ws();
        const char *start = m_p;
        if (m_p < m_end && *m_p == '0') {
            ++m_p;
        } else if (m_p < m_end && *m_p >= '1' && *m_p <= '9') {
            while (m_p < m_end && isDigit(*m_p))
                ++m_p;
        } else {
            return false;
        }
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return false;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return false;
        }
        if (exactDecimal(start, m_p, out))
            return true;
        const auto [end, ec] = std::from_chars(start, m_p, out);
        return ec == std::errc() && end == m_p && std::isfinite(out);
    }

    // "94", "71.09": digits with at most 15 significant ones and no exponent
    // are m / 10^k with both exact doubles, and IEEE division rounds
    // correctly, so this is the correctly rounded value (Clinger's fast
    // path) without from_chars' generality.
    static bool exactDecimal(const char *p, const char *end, double &out)
    {
        static constexpr double kPowers[]
            = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
        quint64 mantissa = 0;
        int digits = 0, fraction = -1;
        for (; p < end; ++p) {
            if (*p == '.') {
                fraction = 0;
                continue;
            }
            if (!isDigit(*p) || ++digits > 15)
                return false; // an exponent, or too long: from_chars decides
            mantissa = mantissa * 10 + quint64(*p - '0');
            if (fraction >= 0)
                ++fraction;
        }
        out = fraction > 0 ? double(mantissa) / kPowers[fraction] : double(mantissa);
        return true;
    }

    bool literal(std::string_view word)
    {
        ws();
        if (std::size_t(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word)
            return false;
        m_p += word.size();
        return true;
    }

    // null, a number or a string; objects, arrays and booleans are Type::None
    // (skipped, and never what a summary field may hold).
    bool value(Value &out)
    {
        out = {};
        switch (peek()) {
        case '"': out.type = Value::Type::String; return string(out.text);
        case 'n': out.type = Value::Type::Null; return literal("null");
        case '{':
        case '[':
        case 't':
        case 'f': return skip();
        default: out.type = Value::Type::Number; return number(out.number);
        }
    }

    // Any value, checked for form and depth and thrown away.
    bool skip()
    {
        switch (peek()) {
        case '"': {
            std::string_view s;
            return string(s);
        }
        case 'n': return literal("null");
        case 't': return literal("true");
        case 'f': return literal("false");
        case '{': {
            if (!enter())
                return false;
            eat('{');
            if (!eat('}')) {
                do {
                    std::string_view key;
                    if (!string(key) || !eat(':') || !skip())
                        return false;
                } while (eat(','));
                if (!eat('}'))
                    return false;
            }
            --m_depth;
            return true;
        }
        case '[': {
            if (!enter())
                return false;
            eat('[');
            if (!eat(']')) {
                do {
                    if (!skip())
                        return false;
                } while (eat(','));
                if (!eat(']'))
                    return false;
            }
            --m_depth;
            return true;
        }
        default: {
            double d;
            return number(d);
        }
        }
    }

    bool enter() { return ++m_depth <= m_maxDepth; }
    void leave() { --m_depth; }

private:
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    bool digits()
    {
        const char *start = m_p;
        while (m_p < m_end && isDigit(*m_p))
            ++m_p;
        return m_p > start;
    }

    const char *m_p;
    const char *m_end;
    int m_maxDepth;
    int m_depth = 0;
};

bool isInteger(const Value &v, double max)
{
    return v.type == Value::Type::Number && v.number >= 0 && v.number == std::floor(v.number) && v.number <= max;
}

bool isPercent(const Value &v)
{
    return v.type == Value::Type::Number && v.number >= 0 && v.number <= 100;
}

// Reads `{ "key": value, ... }`, handing each key to `field`, which returns
// false to give up. A key seen twice gives up too (which value counts is the
// full parser's business).
template<typename Field>
bool members(Reader &r, Field &&field)
{
    if (!r.enter() || !r.eat('{'))
        return false;
    if (r.eat('}')) {
        r.leave();
        return true;
    }
    do {
        std::string_view key;
        if (!r.string(key) || !r.eat(':') || !field(key))
            return false;
    } while (r.eat(','));
    r.leave();
    return r.eat('}');
}

// Sets bit `bit` of `seen`; false when it was set already.
bool once(quint32 &seen, int bit)
{
    const quint32 mask = quint32(1) << bit;
    if (seen & mask)
        return false;
    seen |= mask;
    return true;
}

bool readGpu(Reader &r, SummaryGpu &gpu)
{
    quint32 seen = 0;
    Value id, name, memory, utilization;
    const bool ok = members(r, [&](std::string_view key) {
        if (key == "gpu_id")
            return once(seen, 0) && r.value(id);
        if (key == "name")
            return once(seen, 1) && r.value(name);
        if (key == "memory_usage_percent")
            return once(seen, 2) && r.value(memory);
        if (key == "utilization_percent")
            return once(seen, 3) && r.value(utilization);
        return r.skip();
    });
    if (!ok || seen != 0xF || !isInteger(id, kMaxGpuId) || name.type != Value::Type::String || !isPercent(memory)
        || !isPercent(utilization))
        return false;
    gpu.gpuId = int(id.number);
    gpu.name = QString::fromLatin1(name.text.data(), qsizetype(name.text.size()));
    gpu.memoryUsagePercent = memory.number;
    gpu.utilizationPercent = utilization.number;
    return true;
}

bool readGpuList(Reader &r, QList<SummaryGpu> &gpus)
{
    constexpr qsizetype kScanLimit = 64;
    QSet<int> ids;
    if (!r.enter() || !r.eat('['))
        return false;
    if (!r.eat(']')) {
        do {
            if (r.peek() != '{' || gpus.size() >= kMaxGpus)
                return false;
            SummaryGpu gpu;
            if (!readGpu(r, gpu))
                return false;
            // Duplicate ids: the full parser names them. A scan for the usual
            // handful of GPUs, a set beyond that (a server may send 4096).
            if (gpus.size() < kScanLimit) {
                for (const SummaryGpu &g : std::as_const(gpus))
                    if (g.gpuId == gpu.gpuId)
                        return false;
                if (gpus.size() == kScanLimit - 1)
                    for (const SummaryGpu &g : std::as_const(gpus))
                        ids.insert(g.gpuId);
            } else if (ids.contains(gpu.gpuId)) {
                return false;
            }
            if (gpus.size() >= kScanLimit - 1)
                ids.insert(gpu.gpuId);
            gpus.append(std::move(gpu));
        } while (r.eat(','));
        if (!r.eat(']'))
            return false;
    }
    r.leave();
    return true;
}

} // namespace

std::optional<SummaryBody> parseSummaryFast(const QByteArray &body, int maxDepth)
{
    Reader r(body, maxDepth);
    SummaryBody s;
    quint32 seen = 0;
    Value count, total, used, average, totalPercent, timestamp;
    bool haveList = false;
    const bool ok = members(r, [&](std::string_view key) {
        if (key == "gpu_count")
            return once(seen, 0) && r.value(count);
        if (key == "total_memory_mb")
            return once(seen, 1) && r.value(total);
        if (key == "total_used_memory_mb")
            return once(seen, 2) && r.value(used);
        if (key == "average_utilization_percent")
            return once(seen, 3) && r.value(average);
        if (key == "gpus_summary")
            return once(seen, 4) && r.peek() == '[' && (haveList = readGpuList(r, s.gpus));
        if (key == "total_memory_usage_percent")
            return once(seen, 5) && r.value(totalPercent);
        if (key == "timestamp")
            return once(seen, 6) && r.value(timestamp);
        if (key == "error")
            return false; // the server says it failed: the full parser reports it
        return r.skip();
    });
    if (!ok || !r.atEnd() || (seen & 0x1F) != 0x1F || !haveList)
        return std::nullopt;
    if (!isInteger(count, double(kMaxGpus)) || !isInteger(total, kMaxInteger) || !isInteger(used, kMaxInteger)
        || used.number > total.number || !isPercent(average) || qsizetype(count.number) != s.gpus.size())
        return std::nullopt;
    if (totalPercent.type != Value::Type::None && totalPercent.type != Value::Type::Null && !isPercent(totalPercent))
        return std::nullopt;
    if (timestamp.type != Value::Type::None && timestamp.type != Value::Type::Null
        && timestamp.type != Value::Type::String)
        return std::nullopt;
    if ((seen & (1 << 5)) && totalPercent.type == Value::Type::None)
        return std::nullopt; // an object, array or boolean there
    if ((seen & (1 << 6)) && timestamp.type == Value::Type::None)
        return std::nullopt;

    s.gpuCount = int(count.number);
    s.totalMemoryMb = qint64(total.number);
    s.totalUsedMemoryMb = qint64(used.number);
    s.averageUtilizationPercent = average.number;
    if (totalPercent.type == Value::Type::Number)
        s.totalMemoryUsagePercent = totalPercent.number;
    if (timestamp.type == Value::Type::String)
        s.timestamp = QString::fromLatin1(timestamp.text.data(), qsizetype(timestamp.text.size()));
    return s;
}

} // namespace gpupool::stats
