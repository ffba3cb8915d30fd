#include "endpoint/cafile.h"

#include <QCoreApplication>
#include <QFile>

namespace gpupool::endpoint {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::endpoint::CaFile", text);
}

} // namespace

std::variant<QList<QSslCertificate>, QString> loadCaFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("cannot read the CA file %1: %2").arg(path, file.errorString());
    // A CA bundle is small; anything far larger is not one.
    const QByteArray pem = file.read(16 * 1024 * 1024);
    QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    certificates.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    if (certificates.isEmpty())
        return tr("the CA file %1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)").arg(path);
    return certificates;
}

} // namespace gpupool::endpoint
