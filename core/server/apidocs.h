#pragma once

#include <QByteArray>
#include <QString>

// What the predecessor's FastAPI server offered beside its data: the OpenAPI
// document (/openapi.json) and pages that show it (/docs, /redoc). The
// document is kept in resources/statd/openapi.json and checked against the
// real responses by tst_statd_docs; the page is plain HTML made from it on
// the server, with no script, font or style from anywhere else, so it works
// on a machine without internet access.
namespace gpupool::server::apidocs {

struct Info
{
    QString title;
    QString version;
    QString description; // DESCRIPTION; empty: the document's own
    QString apiPrefix; // "" or "/api/v1": the data paths are served under it
};

// The stored document, as built in.
QByteArray storedDocument();
// The document with this server's title, version and description, its paths
// under the prefix.
QByteArray openApi(const Info &info);
// The /docs (and /redoc) page.
QByteArray docsPage(const Info &info);

} // namespace gpupool::server::apidocs
