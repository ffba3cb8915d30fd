#include "endpoint/httpget.h"

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

} // namespace gpupool::endpoint
