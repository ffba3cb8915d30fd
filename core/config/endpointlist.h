#pragma once

#include "config/settings.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

// The endpoint list: "URL, URL, ..." where each entry may be "name=URL".
namespace gpupool::config {

struct EndpointListProblem
{
    QString entry; // the entry as written (trimmed)
    QString reason; // why it was refused (one phrase, translated)
};

struct EndpointList
{
    QList<EndpointSpec> endpoints; // the accepted entries, in the order written
    QList<EndpointListProblem> errors; // refused entries; never silently dropped
    QStringList warnings; // dropped duplicates, renamed duplicate names
};

// Splits at ',', trims each entry and ignores empty ones. An entry is
// "name=URL" when it has a '=' before any "://". URLs are checked and
// normalised by checkEndpointUrl(); a URL that reaches the same server as an
// earlier one (endpointUrlIdentity) is dropped with a warning.
//
// Ids: given names are placed first, so a URL's derived id never takes a name
// somebody chose; then each unnamed entry gets endpointIdForUrl(). An id that
// is already taken gets "_1", "_2", ... (the first free one). A list with no
// entries at all (e.g. " , ") is an error.
EndpointList parseEndpointList(QStringView text);

} // namespace gpupool::config
