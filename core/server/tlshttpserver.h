#pragma once

#include "server/httpserver.h"

#include <QSslConfiguration>
#include <variant>

namespace gpupool::server {

// HttpServer over TLS (gpupool-statd --tls-cert/--tls-key): the same routes,
// behind a QSslServer, which hands over a connection only after its handshake.
class TlsHttpServer final : public HttpServer
{
    Q_OBJECT

public:
    // The server configuration of a PEM certificate (chain) and key, or one
    // line saying what is wrong with them.
    static std::variant<QSslConfiguration, QString> loadConfiguration(const QString &certificatePath,
                                                                      const QString &keyPath);

    explicit TlsHttpServer(QSslConfiguration configuration, QObject *parent = nullptr);

protected:
    QTcpServer *createTcpServer() override;

private:
    QSslConfiguration m_configuration;
};

} // namespace gpupool::server
