#include "stats/jsonwriter.h"

#include "stats/pyformat.h"

#include <cstdio>

namespace gpupool::stats {

void JsonWriter::separate()
{
    if (m_needComma)
        m_out += ',';
    m_needComma = true;
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out += '{';
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out += '}';
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out += '[';
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_out += ']';
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::key(QStringView name)
{
    separate();
    m_out += quoted(name);
    m_out += ':';
    m_needComma = false; // the value follows without a comma
    return *this;
}

JsonWriter &JsonWriter::value(qint64 v)
{
    separate();
    m_out += QByteArray::number(v);
    return *this;
}

JsonWriter &JsonWriter::value(double v)
{
    separate();
    m_out += py::floatRepr(v);
    return *this;
}

JsonWriter &JsonWriter::value(bool v)
{
    separate();
    m_out += v ? "true" : "false";
    return *this;
}

JsonWriter &JsonWriter::value(QStringView v)
{
    separate();
    m_out += quoted(v);
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out += "null";
    return *this;
}

// json.dumps(..., ensure_ascii=False): escape quote, backslash and control
// characters; everything else is written as UTF-8.
QByteArray JsonWriter::quoted(QStringView s)
{
    const QByteArray utf8 = s.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned char>(c));
                out += esc;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

} // namespace gpupool::stats
