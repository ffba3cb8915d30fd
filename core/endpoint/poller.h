#pragma once

#include "endpoint/endpointoptions.h"
#include "endpoint/failure.h"
#include "endpoint/httpget.h"
#include "endpoint/route.h"
#include "stats/bodies.h"

#include <QObject>
#include <memory>

// The network side of one endpoint: a small QObject that sends its GETs
// (each kind on its own kept-alive connection) and turns the answers into
// parsed bodies or classified failures. It decides nothing; Endpoint does.
// Its transport (route.h) is chosen once, from the endpoint's URL.
namespace gpupool::endpoint {

class BoundedRequest;
class PollScheduler;
class SecretStore;

struct PollOutcome
{
    bool ok = false;
    stats::SummaryBody summary; // when ok
    PollFailure failure; // when !ok
    qint64 elapsedUs = 0; // microseconds from request to answer
};

struct DetailsOutcome
{
    std::optional<stats::StatsBody> details; // when the server sent valid ones
    bool unsupported = false; // 404: the server has no /gpu/stats
    PollFailure failure; // when neither
};

struct ProcessesOutcome
{
    std::optional<stats::ProcessesBody> processes; // when the server sent valid ones
    bool unsupported = false; // 404: a predecessor server, which lists no processes
    PollFailure failure; // when neither
};

struct HealthOutcome
{
    std::optional<stats::HealthBody> health; // when the server answered validly
    PollFailure failure;
};

class Poller final : public QObject
{
    Q_OBJECT

public:
    // Request deadlines are kept on `scheduler`, which must outlive this.
    Poller(EndpointConfig config, const SecretStore *secrets, PollScheduler &scheduler, QObject *parent = nullptr,
           Transport transport = Transport::Auto, const ProxySetting &proxy = {});
    ~Poller() override;

    const EndpointConfig &config() const { return m_config; }
    void setLimits(qint64 timeoutMs, qint64 bodyCapBytes);
    void setCaCertificates(const QList<QSslCertificate> &certificates) { m_limits.caCertificates = certificates; }

    void poll(); // GET /gpu/summary
    void fetchDetails(); // GET /gpu/stats
    void fetchProcesses(); // GET /gpu/processes
    bool isFetchingProcesses() const { return m_processes->isRunning(); }
    void checkHealth(); // GET /health
    bool isPolling() const { return m_summary->isRunning(); }
    // Fast or Qt: what Auto became for this endpoint.
    Transport transport() const { return m_transport; }
    void cancelAll();

    // base + "/gpu/summary", keeping a path prefix the base may have.
    static QUrl endpointUrl(const QUrl &base, const QString &path);

signals:
    void polled(const gpupool::endpoint::PollOutcome &outcome);
    void detailsFetched(const gpupool::endpoint::DetailsOutcome &outcome);
    void processesFetched(const gpupool::endpoint::ProcessesOutcome &outcome);
    void healthChecked(const gpupool::endpoint::HealthOutcome &outcome);

private:
    void handleSummary(const FetchResult &result);
    void handleDetails(const FetchResult &result);
    void handleProcesses(const FetchResult &result);
    void handleHealth(const FetchResult &result);
    std::optional<QByteArray> apiKey() const;
    std::unique_ptr<HttpGet> makeRequest(PollScheduler &scheduler, const ProxySetting &proxy);
    // Our transport's requests lend each other their connection; QNAM pools its own.
    BoundedRequest *fast(const std::unique_ptr<HttpGet> &request) const;
    void borrowConnection(const std::unique_ptr<HttpGet> &request);
    void returnConnection(const std::unique_ptr<HttpGet> &request);

    EndpointConfig m_config;
    const SecretStore *m_secrets;
    RequestLimits m_limits;
    QUrl m_summaryUrl, m_detailsUrl, m_processesUrl, m_healthUrl;
    Transport m_transport;
    std::unique_ptr<HttpGet> m_summary;
    std::unique_ptr<HttpGet> m_details;
    std::unique_ptr<HttpGet> m_processes;
    std::unique_ptr<HttpGet> m_health;
};

} // namespace gpupool::endpoint
