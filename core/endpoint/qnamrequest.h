#pragma once

#include "endpoint/httpget.h"
#include "endpoint/pollscheduler.h"
#include "endpoint/route.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>

class QNetworkAccessManager;

// httpget.h's rules on QNetworkAccessManager, the transport for endpoints
// behind a proxy (route.h): QNAM brings HTTP and SOCKS5 proxies, the
// system's proxy settings and HTTP/2, which our own client does not. The
// rules are ours, not QNAM's: the overall deadline is the scheduler's (QNAM's
// transfer timeout restarts on every byte), redirects are followed by hand
// within the origin, the body is counted as it arrives and cut at the cap,
// and certificate errors are excused only by the endpoint's pin.
//
// One QNAM per scheduler and proxy setting (a QNAM runs its HTTP on a thread
// of its own and keeps its connections alive per origin), found among the
// scheduler's children by name, so that no caller has to carry it.
namespace gpupool::endpoint {

class QnamRequest final : public HttpGet
{
    Q_OBJECT

public:
    QnamRequest(PollScheduler &scheduler, const ProxySetting &proxy, QObject *parent = nullptr);
    ~QnamRequest() override;

    // The manager requests on `scheduler` with `proxy` share (created on first use).
    static QNetworkAccessManager &managerFor(PollScheduler &scheduler, const ProxySetting &proxy);

protected:
    void begin() override { send(); }
    void abandon() override { dropReply(); }
    void fail(const PollFailure &failure) override;

private:
    void send();
    void handleMetaData();
    void handleReadyRead();
    void handleFinished();
    void handleSslErrors(const QList<QSslError> &errors);
    PollFailure networkFailure(QNetworkReply::NetworkError error) const;
    void complete(FetchResult result);
    void dropReply();

    QNetworkAccessManager &m_manager;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_body;
    std::optional<PollFailure> m_tlsFailure; // certificate errors no pin excused
    bool m_answered = false; // a status line had come
};

} // namespace gpupool::endpoint
