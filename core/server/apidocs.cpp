#include "server/apidocs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gpupool::server::apidocs {

namespace {

QJsonObject document(const Info &info)
{
    QJsonObject doc = QJsonDocument::fromJson(storedDocument()).object();
    QJsonObject meta = doc.value(QLatin1String("info")).toObject();
    if (!info.title.isEmpty())
        meta.insert(QLatin1String("title"), info.title);
    if (!info.version.isEmpty())
        meta.insert(QLatin1String("version"), info.version);
    if (!info.description.isEmpty())
        meta.insert(QLatin1String("description"), info.description);
    doc.insert(QLatin1String("info"), meta);
    if (!info.apiPrefix.isEmpty()) {
        // "/" stays where it is; everything else moves under the prefix.
        const QJsonObject paths = doc.value(QLatin1String("paths")).toObject();
        QJsonObject moved;
        for (auto it = paths.begin(); it != paths.end(); ++it)
            moved.insert(it.key() == QLatin1String("/") ? it.key() : info.apiPrefix + it.key(), it.value());
        doc.insert(QLatin1String("paths"), moved);
    }
    return doc;
}

QString html(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

QByteArray openApi(const Info &info)
{
    return QJsonDocument(document(info)).toJson(QJsonDocument::Compact);
}

QByteArray docsPage(const Info &info)
{
    const QJsonObject doc = document(info);
    const QJsonObject meta = doc.value(QLatin1String("info")).toObject();
    const QString title = meta.value(QLatin1String("title")).toString();
    QString out;
    out += QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
               "<title>%1</title><style>"
               "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.4}"
               "h2{border-bottom:1px solid #ccc;margin-top:1.6em}code,pre{background:#f4f4f4;padding:0 .2em}"
               "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left}"
               ".get{background:#2a7;color:#fff;padding:0 .4em;border-radius:.2em;font-size:.8em}"
               "</style></head><body>\n")
               .arg(html(title));
    out += QStringLiteral("<h1>%1 <small>%2</small></h1>\n<p>%3</p>\n")
               .arg(html(title), html(meta.value(QLatin1String("version")).toString()),
                    html(meta.value(QLatin1String("description")).toString()));
    out += QStringLiteral("<p>The machine-readable description: <a href=\"/openapi.json\">/openapi.json</a> "
                          "(OpenAPI %1).</p>\n")
               .arg(html(doc.value(QLatin1String("openapi")).toString()));
    const QJsonObject paths = doc.value(QLatin1String("paths")).toObject();
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        const QJsonObject op = it.value().toObject().value(QLatin1String("get")).toObject();
        out += QStringLiteral("<h2 id=\"%1\"><span class=\"get\">GET</span> <a href=\"%1\"><code>%1</code></a></h2>\n"
                              "<p><b>%2</b>. %3</p>\n<table><tr><th>status</th><th>meaning</th><th>fields</th></tr>\n")
                   .arg(html(it.key()), html(op.value(QLatin1String("summary")).toString()),
                        html(op.value(QLatin1String("description")).toString()));
        const QJsonObject responses = op.value(QLatin1String("responses")).toObject();
        for (auto r = responses.begin(); r != responses.end(); ++r) {
            const QJsonObject response = r.value().toObject();
            const QJsonObject content = response.value(QLatin1String("content")).toObject();
            QStringList fields;
            for (const QJsonValue &c : content)
                for (const QString &key : c.toObject()
                                              .value(QLatin1String("schema"))
                                              .toObject()
                                              .value(QLatin1String("properties"))
                                              .toObject()
                                              .keys())
                    fields << QStringLiteral("<code>%1</code>").arg(html(key));
            out += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>\n")
                       .arg(html(r.key()), html(response.value(QLatin1String("description")).toString()),
                            fields.join(QLatin1String(", ")));
        }
        out += QStringLiteral("</table>\n");
    }
    out += QStringLiteral("</body></html>\n");
    return out.toUtf8();
}

} // namespace gpupool::server::apidocs
