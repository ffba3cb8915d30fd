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

    void start(const QUrl &url, const RequestLimits &limits, const std::optional<QByteArray> &apiKey) override;
    void cancel() override;
    bool isRunning() const override { return m_running; }

    // The manager requests on `scheduler` with `proxy` share (created on first use).
    static QNetworkAccessManager &managerFor(PollScheduler &scheduler, const ProxySetting &proxy);

private:
    void send();
    void handleMetaData();
    void handleReadyRead();
    void handleFinished();
    void handleSslErrors(const QList<QSslError> &errors);
    void handleDeadline();
    PollFailure networkFailure(QNetworkReply::NetworkError error) const;
    void fail(const PollFailure &failure);
    void complete(FetchResult result);
    void dropReply();

    QNetworkAccessManager &m_manager;
    QPointer<QNetworkReply> m_reply;
    QUrl m_url; // what was asked for; redirects are judged against it
    QUrl m_current; // after redirects within the origin
    RequestLimits m_limits;
    std::optional<QByteArray> m_apiKey;
    QByteArray m_body;
    std::optional<PollFailure> m_tlsFailure; // certificate errors no pin excused
    ScheduledCall m_deadline;
    QElapsedTimer m_elapsed;
    bool m_running = false;
    bool m_answered = false; // a status line had come
    int m_redirects = 0;
};

} // namespace gpupool::endpoint
