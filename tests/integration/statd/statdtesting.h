#pragma once

// Helpers of tst_statd_process: the program as a child process, and scans of
// raw JSON bytes (key order, number types) that a JSON parser would hide.

#include <QDeadlineTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QStringList>

#include <memory>
#include <optional>

namespace gpupool::statd::testing {

constexpr int timeoutMs = 5000;

// gpupool-statd as a child process; always killed and reaped.
class Statd
{
public:
    explicit Statd(const QStringList &arguments, const QProcessEnvironment &extraEnv = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : { "HOST", "PORT", "REFRESH_INTERVAL", "CUDA_VISIBLE_DEVICES" })
            env.remove(QString::fromLatin1(name));
        for (const QString &name : extraEnv.keys())
            env.insert(name, extraEnv.value(name));
        m_process.setProcessEnvironment(env);
        m_process.start(QStringLiteral(GPUPOOL_STATD_BINARY), arguments);
    }
    ~Statd()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(timeoutMs);
        }
    }

    // The next line of standard output, without the newline; empty if none came in time.
    QString readLine()
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_process.canReadLine() && !deadline.hasExpired() && m_process.state() != QProcess::NotRunning)
            m_process.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())));
        if (!m_process.canReadLine())
            return {};
        return QString::fromUtf8(m_process.readLine()).trimmed();
    }

    // Waits for the exit; -1 if it did not exit in time or crashed.
    int exitCode()
    {
        if (!m_process.waitForFinished(timeoutMs) && m_process.state() != QProcess::NotRunning)
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    QString standardError() { return QString::fromUtf8(m_process.readAllStandardError()); }
    QString standardOutput() { return QString::fromUtf8(m_process.readAllStandardOutput()); }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
};

struct Reply
{
    int status = 0;
    QByteArray contentType;
    QByteArray contentLength;
    QByteArray allow;
    QByteArray server;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // every response header, as sent

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[n, v] : headers)
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        return {};
    }
};

struct Request
{
    QByteArray verb = "GET";
    QList<QPair<QByteArray, QByteArray>> headers;
    std::optional<QSslConfiguration> ssl;
};

// One request through `nam`, bounded in time; status 0 when no answer came.
// A stand-in nvidia-smi: a shell script with `body` in `folder`, and the
// environment in which a child finds it first on PATH.
inline QProcessEnvironment standInSmi(const QString &folder, const QByteArray &body)
{
    QDir().mkpath(folder);
    QFile f(folder + QLatin1String("/nvidia-smi"));
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write the stand-in nvidia-smi");
    f.write("#!/bin/sh\n" + body);
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), folder + QLatin1Char(':') + qEnvironmentVariable("PATH"));
    return env;
}

// The real H100 output of nvidia-smi kept under tests/fixtures.
inline QString h100Fixture(const char *name)
{
    return QStringLiteral(GPUPOOL_TEST_FIXTURES "/nvidia-smi/h100/") + QLatin1String(name);
}

inline Reply fetch(QNetworkAccessManager &nam, const QString &url, const Request &how = {})
{
    QNetworkRequest request { QUrl(url) };
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    for (const auto &[name, value] : how.headers)
        request.setRawHeader(name, value);
    if (how.ssl)
        request.setSslConfiguration(*how.ssl);
    std::unique_ptr<QNetworkReply> reply;
    if (how.verb == "GET")
        reply.reset(nam.get(request));
    else if (how.verb == "HEAD")
        reply.reset(nam.head(request));
    else
        reply.reset(nam.sendCustomRequest(request, how.verb));
    if (!reply->isFinished()) {
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!finished.wait(timeoutMs))
            return {};
    }
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.contentType = reply->rawHeader("Content-Type");
    r.contentLength = reply->rawHeader("Content-Length");
    r.allow = reply->rawHeader("Allow");
    r.server = reply->rawHeader("Server");
    r.headers = reply->rawHeaderPairs();
    r.body = reply->readAll();
    return r;
}

// The keys of a JSON text in the order they appear: a string followed by ':'.
inline QStringList keysInOrder(const QByteArray &json)
{
    QStringList keys;
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (json[i] != '"')
            continue;
        qsizetype j = i + 1;
        QByteArray text;
        while (j < json.size() && json[j] != '"') {
            if (json[j] == '\\')
                ++j;
            text += json[j++];
        }
        qsizetype k = j + 1;
        while (k < json.size() && (json[k] == ' ' || json[k] == '\n'))
            ++k;
        if (k < json.size() && json[k] == ':')
            keys.append(QString::fromUtf8(text));
        i = j;
    }
    return keys;
}

inline QStringList repeated(const QStringList &keys, int times)
{
    QStringList out;
    for (int i = 0; i < times; ++i)
        out += keys;
    return out;
}

inline QStringList split(const char *keys)
{
    return QString::fromLatin1(keys).split(QLatin1Char(','));
}

// How many times `key` has a value matching `valuePattern` in the raw body.
inline int countValues(const QByteArray &body, const char *key, const char *valuePattern)
{
    const QRegularExpression re(
        QStringLiteral("\"%1\":%2(?=[,}])").arg(QString::fromLatin1(key), QString::fromLatin1(valuePattern)));
    int n = 0;
    for (auto it = re.globalMatch(QString::fromUtf8(body)); it.hasNext(); it.next())
        ++n;
    return n;
}

inline const char *const integer = "-?\\d+";
inline const char *const floating = "-?\\d+\\.\\d+";
inline const char *const timestampPattern = "\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\"";

} // namespace gpupool::statd::testing
