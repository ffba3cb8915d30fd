#include "endpoint/poller.h"

#include "endpoint/secretstore.h"
#include "stats/bodyparser.h"

namespace gpupool::endpoint {

Poller::Poller(EndpointConfig config, const SecretStore *secrets, PollScheduler &scheduler, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_secrets(secrets)
    , m_summaryUrl(endpointUrl(m_config.url, QStringLiteral("/gpu/summary")))
    , m_detailsUrl(endpointUrl(m_config.url, QStringLiteral("/gpu/stats")))
    , m_healthUrl(endpointUrl(m_config.url, QStringLiteral("/health")))
    , m_summary(scheduler, this)
    , m_details(scheduler, this)
    , m_health(scheduler, this)
{
    m_limits.pinnedSha256 = m_config.pinnedSha256;
    connect(&m_summary, &BoundedRequest::finished, this, &Poller::handleSummary);
    connect(&m_details, &BoundedRequest::finished, this, &Poller::handleDetails);
    connect(&m_health, &BoundedRequest::finished, this, &Poller::handleHealth);
}

void Poller::setLimits(qint64 timeoutMs, qint64 bodyCapBytes)
{
    m_limits.timeoutMs = timeoutMs;
    m_limits.bodyCapBytes = bodyCapBytes;
}

QUrl Poller::endpointUrl(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}

std::optional<QByteArray> Poller::apiKey() const
{
    return m_secrets ? m_secrets->apiKey(m_config.id) : std::nullopt;
}

void Poller::poll()
{
    m_summary.start(m_summaryUrl, m_limits, apiKey());
}

void Poller::fetchDetails()
{
    borrowConnection(m_details);
    m_details.start(m_detailsUrl, m_limits, apiKey());
}

void Poller::checkHealth()
{
    borrowConnection(m_health);
    m_health.start(m_healthUrl, m_limits, apiKey());
}

// Details and health checks are rare (every few polls, every 30 s): on a
// connection of their own they would find it closed by the server's idle
// timeout (uvicorn's is 5 s) and connect anew each time. They ride on the
// poll's connection when it is free, and give it back when done.
void Poller::borrowConnection(BoundedRequest &request)
{
    if (request.isRunning() || request.hasConnection())
        return;
    QUrl origin;
    if (Connection *c = m_summary.releaseIdleConnection(&origin))
        request.adoptConnection(c, origin);
}

void Poller::returnConnection(BoundedRequest &request)
{
    if (m_summary.isRunning() || m_summary.hasConnection())
        return;
    QUrl origin;
    if (Connection *c = request.releaseIdleConnection(&origin))
        m_summary.adoptConnection(c, origin);
}

void Poller::cancelAll()
{
    m_summary.cancel();
    m_details.cancel();
    m_health.cancel();
}

void Poller::handleSummary(const FetchResult &result)
{
    PollOutcome outcome;
    outcome.elapsedUs = result.elapsedUs;
    if (!result.ok) {
        outcome.failure = result.failure;
    } else if (auto parsed = stats::parseSummary(result.body, { m_limits.bodyCapBytes, 32 })) {
        outcome.ok = true;
        outcome.summary = std::move(parsed.value());
    } else {
        outcome.failure = failureForParseError(parsed.error());
    }
    emit polled(outcome);
}

void Poller::handleDetails(const FetchResult &result)
{
    returnConnection(m_details);
    DetailsOutcome outcome;
    if (!result.ok) {
        outcome.unsupported = result.failure.kind == FailureKind::NotFound;
        outcome.failure = result.failure;
    } else if (auto parsed = stats::parseStats(result.body, { m_limits.bodyCapBytes, 32 })) {
        outcome.details = std::move(parsed.value());
    } else {
        outcome.failure = failureForParseError(parsed.error());
    }
    emit detailsFetched(outcome);
}

void Poller::handleHealth(const FetchResult &result)
{
    returnConnection(m_health);
    HealthOutcome outcome;
    if (!result.ok)
        outcome.failure = result.failure;
    else if (auto parsed = stats::parseHealth(result.body, { m_limits.bodyCapBytes, 32 }))
        outcome.health = std::move(parsed.value());
    else
        outcome.failure = failureForParseError(parsed.error());
    emit healthChecked(outcome);
}

} // namespace gpupool::endpoint
