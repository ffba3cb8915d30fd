#include "endpoint/httpget.h"

#include "endpoint/httpsafety.h"
#include "util/logging.h"

#include <algorithm>

namespace gpupool::endpoint {

HttpGet::HttpGet(PollScheduler &scheduler, QObject *parent)
    : QObject(parent)
    , m_deadline(scheduler, [this] {
        if (m_running)
            fail(failureForTimeout(m_limits.timeoutMs));
    })
{
}

void HttpGet::start(const QUrl &url, const RequestLimits &limits, const std::optional<QByteArray> &apiKey)
{
    if (m_running)
        cancel();
    m_url = m_current = url;
    m_limits = limits;
    m_apiKey = apiKey;
    m_redirects = 0;
    m_running = true;
    m_elapsed.start();
    m_deadline.armAt(scheduler().clock().nowMs() + std::max<qint64>(limits.timeoutMs, 1));
    if (m_apiKey && hasLineBreak(*m_apiKey)) {
        fail(failureForKeyWithLineBreak());
        return;
    }
    begin();
}

void HttpGet::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    m_deadline.cancel();
    abandon();
}

void HttpGet::settle(FetchResult &result)
{
    result.elapsedUs = m_elapsed.nsecsElapsed() / 1000;
    m_running = false;
    m_deadline.cancel();
}

bool HttpGet::followRedirect(int status, QByteArrayView location)
{
    const QUrl target = m_current.resolved(QUrl::fromEncoded(location.toByteArray()));
    if (!isSameOrigin(m_url, target)) {
        qCInfo(lcEndpoint) << "refused redirect from" << redactedUrl(m_url) << "to" << redactedUrl(target);
        fail(failureForRedirect(redactedUrl(target)));
        return false;
    }
    if (++m_redirects > kMaxRedirects) {
        fail(failureForTooManyRedirects(status));
        return false;
    }
    m_current = target;
    return true;
}

FetchResult HttpGet::resultOf(int status, QByteArrayView contentType, QByteArrayView retryAfter, QByteArray body)
{
    FetchResult result;
    result.httpStatus = status;
    if (status < 200 || status > 299) {
        result.failure = failureForHttpAnswer(status, retryAfter);
    } else if (!isJsonContentType(contentType)) {
        result.failure = failureForContentType(
            QString::fromLatin1(contentType.first(std::min<qsizetype>(contentType.size(), 100))));
        result.failure.httpStatus = status;
    } else {
        result.ok = true;
        result.body = std::move(body);
    }
    return result;
}

} // namespace gpupool::endpoint
