// /openapi.json, /docs and /redoc on a real gpupool-statd: the stored
// OpenAPI document (resources/statd/openapi.json) describes every path the
// server answers, each documented 200 body has the fields it promises, the
// page shows every path and DESCRIPTION (escaped) with nothing loaded from
// elsewhere, and API_PREFIX moves the data paths in the document as on the
// server, while /config's docs_url and redoc_url are served.
#include "statdtesting.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace gpupool::statd::testing;

namespace {

// Every `required` field of `schema` is in `value`, recursively into objects
// and each array's first item; the problems found, as paths.
void checkValue(const QJsonValue &value, const QJsonObject &schema, const QString &at, QStringList &problems)
{
    const QString type = schema.value(QLatin1String("type")).toString();
    if (value.isNull() && schema.value(QLatin1String("nullable")).toBool())
        return;
    if (type == QLatin1String("object")) {
        if (!value.isObject())
            return problems.append(at + QStringLiteral(": not an object"));
        const QJsonObject o = value.toObject();
        const QJsonObject props = schema.value(QLatin1String("properties")).toObject();
        for (const QJsonValue &r : schema.value(QLatin1String("required")).toArray()) {
            if (!o.contains(r.toString()))
                problems.append(at + QLatin1Char('.') + r.toString() + QStringLiteral(": missing"));
            else
                checkValue(o.value(r.toString()), props.value(r.toString()).toObject(),
                           at + QLatin1Char('.') + r.toString(), problems);
        }
        // Nothing undocumented either: the document is the whole promise.
        if (!schema.contains(QLatin1String("additionalProperties")) && !props.isEmpty())
            for (const QString &key : o.keys())
                if (!props.contains(key))
                    problems.append(at + QLatin1Char('.') + key + QStringLiteral(": not in the document"));
    } else if (type == QLatin1String("array")) {
        if (!value.isArray())
            return problems.append(at + QStringLiteral(": not an array"));
        if (!value.toArray().isEmpty())
            checkValue(value.toArray().first(), schema.value(QLatin1String("items")).toObject(),
                       at + QStringLiteral("[0]"), problems);
    } else if ((type == QLatin1String("integer") || type == QLatin1String("number")) && !value.isDouble()) {
        problems.append(at + QStringLiteral(": not a number"));
    } else if (type == QLatin1String("string") && !value.isString()) {
        problems.append(at + QStringLiteral(": not a string"));
    } else if (type == QLatin1String("boolean") && !value.isBool()) {
        problems.append(at + QStringLiteral(": not a boolean"));
    }
}

} // namespace

class TestStatdDocs : public QObject
{
    Q_OBJECT

private slots:
    void documentMatchesTheResponses();
    void pageShowsEveryPathAndLoadsNothing();
    void prefixMovesTheDataPaths();

private:
    QStringList simulated() const
    {
        return { QStringLiteral("--simulate"), QStringLiteral("2"), QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1:0") };
    }
    QJsonObject document(const QString &base)
    {
        const Reply r = fetch(m_nam, base + QStringLiteral("/openapi.json"));
        return r.status == 200 ? QJsonDocument::fromJson(r.body).object() : QJsonObject();
    }
    QNetworkAccessManager m_nam;
};

void TestStatdDocs::documentMatchesTheResponses()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("TITLE"), QStringLiteral("Lab A"));
    Statd statd(simulated(), env);
    const QString base = statd.readLine();
    QVERIFY2(!base.isEmpty(), qPrintable(statd.standardError()));
    const QJsonObject doc = document(base);
    QVERIFY(doc.value(QLatin1String("openapi")).toString().startsWith(QLatin1String("3.")));
    QCOMPARE(doc.value(QLatin1String("info")).toObject().value(QLatin1String("title")).toString(),
             QStringLiteral("Lab A"));
    const QJsonObject paths = doc.value(QLatin1String("paths")).toObject();
    QVERIFY(paths.size() >= 8);

    // Every path "/" lists is documented, and every documented one answers
    // what its 200 promises.
    const Reply root = fetch(m_nam, base + QStringLiteral("/"));
    for (const QString &listed :
         QJsonDocument::fromJson(root.body).object().value(QLatin1String("endpoints")).toObject().keys())
        if (listed != QLatin1String("/docs") && listed != QLatin1String("/openapi.json"))
            QVERIFY2(paths.contains(listed), qPrintable(listed));
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        const Reply r = fetch(m_nam, base + it.key());
        QVERIFY2(r.status == 200, qPrintable(it.key()));
        const QJsonObject content = it.value()
                                        .toObject()
                                        .value(QLatin1String("get"))
                                        .toObject()
                                        .value(QLatin1String("responses"))
                                        .toObject()
                                        .value(QLatin1String("200"))
                                        .toObject()
                                        .value(QLatin1String("content"))
                                        .toObject();
        QCOMPARE(content.size(), 1);
        const QString type = content.keys().first();
        QVERIFY2(r.contentType.startsWith(type.toLatin1()),
                 qPrintable(it.key() + QLatin1Char(' ') + QString::fromLatin1(r.contentType)));
        if (type != QLatin1String("application/json"))
            continue;
        QStringList problems;
        checkValue(QJsonDocument::fromJson(r.body).object(),
                   content.value(type).toObject().value(QLatin1String("schema")).toObject(), it.key(), problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // /config's docs_url and redoc_url are real.
    const QJsonObject api = QJsonDocument::fromJson(fetch(m_nam, base + QStringLiteral("/config")).body)
                                .object()
                                .value(QLatin1String("api"))
                                .toObject();
    for (const char *key : { "docs_url", "redoc_url" }) {
        const Reply page = fetch(m_nam, base + api.value(QLatin1String(key)).toString());
        QCOMPARE(page.status, 200);
        QVERIFY(page.contentType.startsWith("text/html"));
    }
}

void TestStatdDocs::pageShowsEveryPathAndLoadsNothing()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("DESCRIPTION"), QStringLiteral("Rack 4 <script>alert(1)</script>"));
    Statd statd(simulated(), env);
    const QString base = statd.readLine();
    QVERIFY2(!base.isEmpty(), qPrintable(statd.standardError()));
    const QJsonObject doc = document(base);
    QCOMPARE(doc.value(QLatin1String("info")).toObject().value(QLatin1String("description")).toString(),
             QStringLiteral("Rack 4 <script>alert(1)</script>"));
    const Reply page = fetch(m_nam, base + QStringLiteral("/docs"));
    QCOMPARE(page.status, 200);
    const QString html = QString::fromUtf8(page.body);
    QVERIFY(html.contains(QLatin1String("Rack 4 &lt;script&gt;alert(1)&lt;/script&gt;")));
    for (const QString &path : doc.value(QLatin1String("paths")).toObject().keys())
        QVERIFY2(html.contains(QStringLiteral("<code>%1</code>").arg(path)), qPrintable(path));
    // Self-contained: no script at all, nothing fetched from another host.
    QVERIFY(!html.contains(QLatin1String("<script"), Qt::CaseInsensitive));
    for (const char *outside : { "src=", "@import", "url(", "http://", "https://", "<link" })
        QVERIFY2(!html.contains(QLatin1String(outside), Qt::CaseInsensitive), outside);
    QCOMPARE(fetch(m_nam, base + QStringLiteral("/redoc")).body, page.body);
}

void TestStatdDocs::prefixMovesTheDataPaths()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("API_PREFIX"), QStringLiteral("/api/v1"));
    Statd statd(simulated(), env);
    const QString base = statd.readLine();
    QVERIFY2(!base.isEmpty(), qPrintable(statd.standardError()));
    const QJsonObject paths = document(base).value(QLatin1String("paths")).toObject();
    QVERIFY(paths.contains(QLatin1String("/api/v1/gpu/summary")));
    QVERIFY(!paths.contains(QLatin1String("/gpu/summary")));
    QVERIFY(paths.contains(QLatin1String("/")));
    for (const QString &path : paths.keys())
        QVERIFY2(fetch(m_nam, base + path).status == 200, qPrintable(path));
    QCOMPARE(fetch(m_nam, base + QStringLiteral("/docs")).status, 200); // at the root, as FastAPI has it
}

QTEST_GUILESS_MAIN(TestStatdDocs)
#include "tst_statd_docs.moc"
