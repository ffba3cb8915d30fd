#include "endpoint/tlsconnection.h"

#include "endpoint/httpsafety.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QSslConfiguration>
#include <QSslSocket>
#include <algorithm>

namespace gpupool::endpoint {

namespace {

constexpr qint64 kSocketReadBuffer = 256 * 1024; // what Qt buffers ahead of us

// The same texts (and translations) as the requests they belong to.
QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::endpoint::BoundedRequest", text);
}

// Free functions, not members: a member's tr() would be TlsConnection's own,
// and these texts are translated in the requests' context.
PollFailure socketFailure(QAbstractSocket::SocketError error, const QString &text)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError: return failureForRefused();
    case QAbstractSocket::HostNotFoundError: return failureForHostNotFound();
    case QAbstractSocket::NetworkError: return failureForNetwork(text);
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError: return { FailureKind::Tls, tr("TLS error: %1").arg(text), 0 };
    default: break;
    }
    return { FailureKind::Other, text, 0 };
}

} // namespace

PollFailure failureForSslErrors(const QList<QSslError> &errors, const QByteArray &pinnedSha256,
                                const QSslCertificate &peer)
{
    QStringList texts;
    for (const QSslError &e : errors)
        texts.append(e.errorString());
    PollFailure f { FailureKind::Tls, tr("TLS error: %1").arg(texts.join(QStringLiteral("; "))), 0 };
    if (peer.isNull())
        return f;
    const QString fingerprint = formatSha256Fingerprint(peer.digest(QCryptographicHash::Sha256));
    if (!pinnedSha256.isEmpty()) {
        f.text += QLatin1Char(' ') + tr("(certificate %1 is not the pinned one)").arg(fingerprint);
    } else if (std::all_of(errors.begin(), errors.end(),
                           [](const QSslError &e) { return isExcusableByPin(e.error()); })) {
        // Only trust is missing: say how to give it, with what to check against the server.
        // Another CA cannot make a certificate for another name right; a pin can.
        const bool otherName = std::any_of(errors.begin(), errors.end(),
                                           [](const QSslError &e) { return e.error() == QSslError::HostNameMismatch; });
        f.text += QLatin1Char(' ')
            + (otherName ? tr("(certificate SHA-256 %1, issued for another name: to trust it anyway, pin it with "
                              "URL#sha256=%1)")
                         : tr("(certificate SHA-256 %1: trust its CA with --ca-file, or pin it with URL#sha256=%1)"))
                  .arg(fingerprint);
    }
    return f;
}

TlsConnection::TlsConnection(QByteArray pinnedSha256, QList<QSslCertificate> caCertificates, QObject *parent)
    : Connection(parent)
    , m_pinnedSha256(std::move(pinnedSha256))
    , m_caCertificates(std::move(caCertificates))
{
}

TlsConnection::~TlsConnection()
{
    abort();
}

void TlsConnection::open(const QString &host, quint16 port)
{
    abort();
    m_socket = new QSslSocket(this);
    m_socket->setPeerVerifyName(host);
    if (!m_caCertificates.isEmpty()) {
        QSslConfiguration tls = m_socket->sslConfiguration(); // the system's CAs, and these
        tls.addCaCertificates(m_caCertificates);
        m_socket->setSslConfiguration(tls);
    }
    m_socket->setReadBufferSize(kSocketReadBuffer);
    connect(m_socket, &QSslSocket::encrypted, this, &Connection::connected);
    connect(m_socket, &QSslSocket::sslErrors, this, &TlsConnection::handleSslErrors);
    connect(m_socket, &QSslSocket::readyRead, this, &Connection::readyRead);
    connect(m_socket, &QSslSocket::disconnected, this, &Connection::closed);
    connect(m_socket, &QSslSocket::errorOccurred, this, &TlsConnection::handleSocketError);
    m_socket->connectToHostEncrypted(host, port);
}

bool TlsConnection::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState && m_socket->isEncrypted();
}

void TlsConnection::write(const QByteArray &data)
{
    if (m_socket)
        m_socket->write(data);
}

QByteArray TlsConnection::readAll()
{
    return m_socket ? m_socket->readAll() : QByteArray();
}

void TlsConnection::abort()
{
    if (QSslSocket *socket = std::exchange(m_socket, nullptr)) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater(); // we may be inside one of its signals
    }
}

void TlsConnection::handleSocketError(QAbstractSocket::SocketError error)
{
    // A close is reported by disconnected(), which follows: the reader
    // decides whether a body that ran to the end of the connection is complete.
    if (m_socket && error != QAbstractSocket::RemoteHostClosedError)
        emit failed(socketFailure(error, m_socket->errorString()));
}

void TlsConnection::handleSslErrors(const QList<QSslError> &errors)
{
    if (!m_socket)
        return;
    const QSslCertificate peer = m_socket->peerCertificate();
    if (pinExcuses(m_pinnedSha256, peer, errors)) {
        // Exactly these errors, for this certificate: never wholesale.
        m_socket->ignoreSslErrors(errors);
        return;
    }
    emit failed(failureForSslErrors(errors, m_pinnedSha256, peer));
}

} // namespace gpupool::endpoint
