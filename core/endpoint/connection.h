#pragma once

#include "endpoint/failure.h"

#include <QByteArray>
#include <QObject>
#include <QString>

// A byte stream to one origin, as BoundedRequest needs it: open, write the
// request, read what comes, hear when the peer closes. Two kinds:
// PlainConnection (http, a raw socket in the thread's SocketReactor) and
// TlsConnection (https, QSslSocket with certificate pinning).
namespace gpupool::endpoint {

class Connection : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void open(const QString &host, quint16 port) = 0;
    // Connected (TLS: handshake done) and not closed by either side.
    virtual bool isOpen() const = 0;
    virtual void write(const QByteArray &data) = 0;
    virtual QByteArray readAll() = 0;
    // Closes at once; no signal follows.
    virtual void abort() = 0;

signals:
    void connected();
    void readyRead();
    // The peer closed or reset the connection (after any last readyRead):
    // whether the answer was complete is for the reader to judge.
    void closed();
    // Could not connect, or TLS refused; nothing more follows.
    void failed(const gpupool::endpoint::PollFailure &failure);
};

} // namespace gpupool::endpoint
