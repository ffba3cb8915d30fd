#pragma once

#include "endpoint/failure.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QSslError>
#include <QUrl>
#include <optional>

class QNetworkAccessManager;

// One GET at a time on a shared QNetworkAccessManager, bounded the way
// wire-format.md asks: an overall deadline that a trickle of bytes cannot
// extend (QNetworkRequest's transfer timeout is an inactivity timeout, so we
// keep our own), a body cap, redirects only within the origin, TLS verified
// with an optional per-endpoint certificate pin.
namespace gpupool::endpoint {

struct RequestLimits
{
    qint64 timeoutMs = 10'000;
    qint64 bodyCapBytes = 4 * 1024 * 1024;
    QByteArray pinnedSha256; // empty: only the system's CAs are trusted
};

struct FetchResult
{
    bool ok = false;           // a 2xx with a JSON (or untyped) body within the cap
    int httpStatus = 0;
    QByteArray body;
    PollFailure failure;       // when !ok
    qint64 elapsedUs = 0;      // from start() to the answer, monotonic
};

class BoundedRequest final : public QObject
{
    Q_OBJECT

public:
    explicit BoundedRequest(QNetworkAccessManager *manager, QObject *parent = nullptr);
    ~BoundedRequest() override;

    // Starts a GET; a request still running is abandoned without a result.
    // `apiKey` goes out as X-API-Key and nowhere else.
    void start(const QUrl &url, const RequestLimits &limits,
               const std::optional<QByteArray> &apiKey = std::nullopt);
    // Abandons the running request, if any, without emitting finished().
    void cancel();
    bool isRunning() const { return m_reply != nullptr; }

signals:
    void finished(const gpupool::endpoint::FetchResult &result);

private:
    void handleReadyRead();
    void handleMetaDataChanged();
    void handleRedirected(const QUrl &target);
    void handleSslErrors(const QList<QSslError> &errors);
    void handleFinished();
    void handleDeadline();

    void fail(const PollFailure &failure);
    void complete(FetchResult result);
    void dropReply();

    QNetworkAccessManager *m_manager;
    QPointer<QNetworkReply> m_reply;
    QTimer m_deadline;
    QUrl m_url;
    RequestLimits m_limits;
    QByteArray m_body;
    QElapsedTimer m_elapsed;
};

} // namespace gpupool::endpoint

Q_DECLARE_METATYPE(gpupool::endpoint::FetchResult)
