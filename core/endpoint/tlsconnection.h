#pragma once

#include "endpoint/connection.h"

#include <QAbstractSocket>
#include <QList>
#include <QSslCertificate>
#include <QSslError>

class QSslSocket;

// https: QSslSocket, verified against the system's CAs, with an optional
// per-endpoint SHA-256 pin that excuses exactly the listed errors for exactly
// that certificate (httpsafety.h). TLS connections stay with Qt's event
// dispatcher; they are few and the handshake is the expensive part anyway.
namespace gpupool::endpoint {

// Refused certificate errors in words, saying how to trust the certificate
// (its fingerprint for a pin) when only trust is missing. Both transports use it.
PollFailure failureForSslErrors(const QList<QSslError> &errors, const QByteArray &pinnedSha256,
                                const QSslCertificate &peer);

class TlsConnection final : public Connection
{
    Q_OBJECT

public:
    TlsConnection(QByteArray pinnedSha256, QList<QSslCertificate> caCertificates, QObject *parent = nullptr);
    ~TlsConnection() override;

    void open(const QString &host, quint16 port) override;
    bool isOpen() const override;
    void write(const QByteArray &data) override;
    QByteArray readAll() override;
    void abort() override;

private:
    void handleSocketError(QAbstractSocket::SocketError error);
    void handleSslErrors(const QList<QSslError> &errors);

    QByteArray m_pinnedSha256;
    QList<QSslCertificate> m_caCertificates; // beside the system's
    QSslSocket *m_socket = nullptr;
};

} // namespace gpupool::endpoint
