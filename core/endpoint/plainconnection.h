#pragma once

#include "endpoint/connection.h"
#include "endpoint/socketreactor.h"

#include <QHostAddress>
#include <QList>
#include <memory>

class QHostInfo;

// Plain HTTP over a non-blocking socket of our own, registered with the
// thread's SocketReactor (epoll) rather than the Qt event dispatcher, so an
// idle kept-alive connection costs nothing per event-loop wake-up. Names are
// resolved with QHostInfo; each address is tried in turn, as QTcpSocket does.
namespace gpupool::endpoint {

class PlainConnection final : public Connection, private ReactorClient
{
    Q_OBJECT

public:
    explicit PlainConnection(QObject *parent = nullptr);
    ~PlainConnection() override;

    void open(const QString &host, quint16 port) override;
    bool isOpen() const override { return m_state == State::Connected; }
    void write(const QByteArray &data) override;
    QByteArray readAll() override { return std::exchange(m_readBuffer, {}); }
    void abort() override;

private:
    enum class State { Idle, Resolving, Connecting, Connected, Closed };

    void handleLookup(const QHostInfo &info);
    void connectNext();
    void handleSocketEvents(quint32 events) override;
    void finishConnect();
    void readAvailable(quint32 events);
    void flushWrites();
    void closeSocket();
    void failConnect(int error);

    std::shared_ptr<SocketReactor> m_reactor;
    State m_state = State::Idle;
    int m_fd = -1;
    quint64 m_key = 0;
    int m_lookupId = -1;
    quint16 m_port = 0;
    QList<QHostAddress> m_addresses; // still to try
    int m_lastConnectError = 0;
    quint64 m_generation = 0;
    QByteArray m_readBuffer;
    QByteArray m_writeBuffer; // what the kernel did not take at once
};

} // namespace gpupool::endpoint
