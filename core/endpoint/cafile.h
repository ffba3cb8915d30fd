#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <variant>

// Certificates to trust beside the system's for every https endpoint
// (--ca-file FILE, GPUPOOL_CA_FILE, endpoints/caFile): a lab's private CA, or
// a statd's self-signed certificate. A pin (URL#sha256=...) trusts one
// certificate for one endpoint instead.
namespace gpupool::endpoint {

// Every PEM certificate in `path`, or one line saying what is wrong with the
// file: unreadable, or holding no certificate (a key file given by mistake).
std::variant<QList<QSslCertificate>, QString> loadCaFile(const QString &path);

} // namespace gpupool::endpoint
