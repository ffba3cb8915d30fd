#include "server/tlshttpserver.h"

#include "util/logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>

namespace gpupool::server {

std::variant<QSslConfiguration, QString> TlsHttpServer::loadConfiguration(const QString &certificatePath,
                                                                          const QString &keyPath)
{
    if (!QSslSocket::supportsSsl())
        return tr("TLS is not available: Qt found no TLS backend on this system");
    QFile certFile(certificatePath);
    if (!certFile.open(QIODevice::ReadOnly))
        return tr("cannot read the TLS certificate %1: %2").arg(certificatePath, certFile.errorString());
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (chain.isEmpty())
        return tr("%1 holds no PEM certificate").arg(certificatePath);
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return tr("cannot read the TLS key %1: %2").arg(keyPath, keyFile.errorString());
    const QByteArray keyData = keyFile.readAll();
    QSslKey key(keyData, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyData, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return tr("%1 holds no unencrypted PEM RSA or EC private key").arg(keyPath);
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients are not asked for certificates
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

TlsHttpServer::TlsHttpServer(QSslConfiguration configuration, QObject *parent)
    : HttpServer(parent)
    , m_configuration(std::move(configuration))
{
}

QTcpServer *TlsHttpServer::createTcpServer()
{
    auto *server = new QSslServer(this);
    server->setSslConfiguration(m_configuration);
    // A failed handshake is the client's problem; say so at debug level only,
    // since port scanners cause them all day long.
    connect(server, &QSslServer::peerVerifyError, this, [](QSslSocket *, const QSslError &error) {
        qCDebug(lcHttp) << "TLS peer verification:" << error.errorString();
    });
    connect(server, &QSslServer::errorOccurred, this, [](QSslSocket *, QAbstractSocket::SocketError error) {
        qCDebug(lcHttp) << "TLS handshake failed:" << error;
    });
    return server;
}

} // namespace gpupool::server
