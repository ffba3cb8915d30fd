#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace gpupool::stats {

// A small JSON writer that keeps keys in the order they are written and writes
// numbers the way Python's json module does. QJsonDocument sorts keys, and the
// predecessor's clients may depend on its order, so the server writes with this.
// Output is compact (separators "," and ":"), as FastAPI's JSONResponse writes.
class JsonWriter
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();

    JsonWriter &key(QStringView name);
    JsonWriter &key(const char *latin1Name) { return key(QString::fromLatin1(latin1Name)); }

    JsonWriter &value(qint64 v);
    JsonWriter &value(int v) { return value(static_cast<qint64>(v)); }
    JsonWriter &value(double v); // Python float repr
    JsonWriter &value(bool v);
    JsonWriter &value(QStringView v);
    JsonWriter &value(const char *latin1) { return value(QString::fromLatin1(latin1)); }
    JsonWriter &null();
    template<typename T>
    JsonWriter &value(const std::optional<T> &v)
    {
        return v ? value(*v) : null();
    }

    // key(name).value(v) in one call.
    template<typename T>
    JsonWriter &field(const char *name, const T &v)
    {
        return key(name).value(v);
    }

    QByteArray take() { return std::move(m_out); }
    const QByteArray &data() const { return m_out; }

    static QByteArray quoted(QStringView s);

private:
    void separate();
    QByteArray m_out;
    bool m_needComma = false;
};

} // namespace gpupool::stats
