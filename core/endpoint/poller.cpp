#include "endpoint/poller.h"

#include "endpoint/boundedrequest.h"
#include "endpoint/qnamrequest.h"
#include "endpoint/secretstore.h"
#include "stats/bodyparser.h"

namespace gpupool::endpoint {

Poller::Poller(EndpointConfig config, const SecretStore *secrets, PollScheduler &scheduler, QObject *parent,
               Transport transport, const ProxySetting &proxy)
    : QObject(parent)
    , m_config(std::move(config))
    , m_secrets(secrets)
    , m_summaryUrl(endpointUrl(m_config.url, QStringLiteral("/gpu/summary")))
    , m_detailsUrl(endpointUrl(m_config.url, QStringLiteral("/gpu/stats")))
    , m_processesUrl(endpointUrl(m_config.url, QStringLiteral("/gpu/processes")))
    , m_healthUrl(endpointUrl(m_config.url, QStringLiteral("/health")))
    , m_transport(chooseTransport(transport, proxy, m_config.url))
    , m_summary(makeRequest(scheduler, proxy))
    , m_details(makeRequest(scheduler, proxy))
    , m_processes(makeRequest(scheduler, proxy))
    , m_health(makeRequest(scheduler, proxy))
{
    m_limits.pinnedSha256 = m_config.pinnedSha256;
    connect(m_summary.get(), &HttpGet::finished, this, &Poller::handleSummary);
    connect(m_details.get(), &HttpGet::finished, this, &Poller::handleDetails);
    connect(m_processes.get(), &HttpGet::finished, this, &Poller::handleProcesses);
    connect(m_health.get(), &HttpGet::finished, this, &Poller::handleHealth);
}

Poller::~Poller() = default;

std::unique_ptr<HttpGet> Poller::makeRequest(PollScheduler &scheduler, const ProxySetting &proxy)
{
    if (m_transport == Transport::Qt)
        return std::make_unique<QnamRequest>(scheduler, proxy);
    return std::make_unique<BoundedRequest>(scheduler);
}

BoundedRequest *Poller::fast(const std::unique_ptr<HttpGet> &request) const
{
    return m_transport == Transport::Fast ? static_cast<BoundedRequest *>(request.get()) : nullptr;
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
    m_summary->start(m_summaryUrl, m_limits, apiKey());
}

void Poller::fetchDetails()
{
    borrowConnection(m_details);
    m_details->start(m_detailsUrl, m_limits, apiKey());
}

void Poller::fetchProcesses()
{
    borrowConnection(m_processes);
    m_processes->start(m_processesUrl, m_limits, apiKey());
}

void Poller::checkHealth()
{
    borrowConnection(m_health);
    m_health->start(m_healthUrl, m_limits, apiKey());
}

// Details and health checks are rare (every few polls, every 30 s): on a
// connection of their own they would find it closed by the server's idle
// timeout (uvicorn's is 5 s) and connect anew each time. They ride on the
// poll's connection when it is free, and give it back when done.
void Poller::borrowConnection(const std::unique_ptr<HttpGet> &request)
{
    BoundedRequest *borrower = fast(request);
    if (!borrower || borrower->isRunning() || borrower->hasConnection())
        return;
    QUrl origin;
    if (Connection *c = fast(m_summary)->releaseIdleConnection(&origin))
        borrower->adoptConnection(c, origin);
}

void Poller::returnConnection(const std::unique_ptr<HttpGet> &request)
{
    BoundedRequest *summary = fast(m_summary);
    if (!summary || summary->isRunning() || summary->hasConnection())
        return;
    QUrl origin;
    if (Connection *c = fast(request)->releaseIdleConnection(&origin))
        summary->adoptConnection(c, origin);
}

void Poller::cancelAll()
{
    m_summary->cancel();
    m_details->cancel();
    m_processes->cancel();
    m_health->cancel();
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

void Poller::handleProcesses(const FetchResult &result)
{
    returnConnection(m_processes);
    ProcessesOutcome outcome;
    if (!result.ok) {
        outcome.unsupported = result.failure.kind == FailureKind::NotFound;
        outcome.failure = result.failure;
    } else if (auto parsed = stats::parseProcesses(result.body, { m_limits.bodyCapBytes, 32 })) {
        outcome.processes = std::move(parsed.value());
    } else {
        outcome.failure = failureForParseError(parsed.error());
    }
    emit processesFetched(outcome);
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
