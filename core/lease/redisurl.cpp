#include "lease/redisurl.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace gpupool::lease {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gpupool::lease::RedisUrl", text);
}

std::optional<RedisUrl> fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

bool validCluster(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    return re.match(name).hasMatch();
}

} // namespace

bool RedisUrl::looksLikeRedis(const QString &text)
{
    return text.startsWith(QLatin1String("redis://")) || text.startsWith(QLatin1String("rediss://"))
        || text.startsWith(QLatin1String("unix://"));
}

std::optional<RedisUrl> RedisUrl::parse(const QString &text, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(error, tr("The store URL \"%1\" is not a valid URL (%2).").arg(text, url.errorString()));
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("rediss"))
        return fail(error,
                    tr("The store URL \"%1\" asks for TLS (rediss://), which gpupool does not support; use "
                       "redis:// on a trusted network, a unix:// socket, or an SSH/stunnel tunnel.")
                        .arg(url.toDisplayString(QUrl::RemovePassword)));
    if (scheme != QLatin1String("redis") && scheme != QLatin1String("unix"))
        return fail(error,
                    tr("The store URL \"%1\" has the scheme \"%2\"; valid: redis://host:port/db?cluster=NAME "
                       "or unix:///path/to/redis.sock?cluster=NAME.")
                        .arg(url.toDisplayString(QUrl::RemovePassword), scheme));
    RedisUrl r;
    const QUrlQuery query(url);
    QString dbText;
    if (scheme == QLatin1String("redis")) {
        r.host = url.host();
        if (r.host.isEmpty())
            return fail(error,
                        tr("The store URL \"%1\" names no host; e.g. redis://127.0.0.1:6379/0?cluster=lab.")
                            .arg(url.toDisplayString(QUrl::RemovePassword)));
        r.port = url.port(DefaultPort);
        if (r.port <= 0)
            return fail(error,
                        tr("The store URL \"%1\" has port 0; give the port Redis listens on (1-65535).")
                            .arg(url.toDisplayString(QUrl::RemovePassword)));
        dbText = url.path();
        if (dbText.startsWith(QLatin1Char('/')))
            dbText.remove(0, 1);
    } else {
        if (!url.host().isEmpty())
            return fail(error,
                        tr("The store URL \"%1\" must name a socket path with three slashes, e.g. "
                           "unix:///run/redis/redis.sock.")
                            .arg(url.toDisplayString(QUrl::RemovePassword)));
        r.socketPath = url.path();
        if (r.socketPath.isEmpty() || !r.socketPath.startsWith(QLatin1Char('/')))
            return fail(error,
                        tr("The store URL \"%1\" names no absolute socket path.")
                            .arg(url.toDisplayString(QUrl::RemovePassword)));
        r.port = 0;
        dbText = query.queryItemValue(QStringLiteral("db"));
    }
    if (!dbText.isEmpty()) {
        bool ok = false;
        r.db = dbText.toInt(&ok);
        if (!ok || r.db < 0 || dbText.startsWith(QLatin1Char('+')))
            return fail(error,
                        tr("The store URL \"%1\" has the database \"%2\"; it must be a number from 0 "
                           "(e.g. redis://host:6379/0).")
                            .arg(url.toDisplayString(QUrl::RemovePassword), dbText));
    }
    if (query.hasQueryItem(QStringLiteral("cluster"))) {
        r.cluster = query.queryItemValue(QStringLiteral("cluster"), QUrl::FullyDecoded);
        if (!validCluster(r.cluster))
            return fail(error,
                        tr("The cluster name \"%1\" is not valid: use 1 to 64 letters, digits, '_', '.' or '-'.")
                            .arg(r.cluster));
    }
    if (query.hasQueryItem(QStringLiteral("history"))) {
        const QString text = query.queryItemValue(QStringLiteral("history"));
        bool ok = false;
        const int kept = text.toInt(&ok);
        if (!ok || kept < 1 || kept > MaxHistoryKept || text.startsWith(QLatin1Char('+')))
            return fail(error,
                        tr("The store URL has history=\"%1\"; it must be a whole number of ended leases to keep, "
                           "from 1 to %2.")
                            .arg(text)
                            .arg(MaxHistoryKept));
        r.historyKept = kept;
    }
    r.user = url.userName(QUrl::FullyDecoded);
    if (!url.password().isEmpty())
        r.password = url.password(QUrl::FullyDecoded).toUtf8();
    else if (query.hasQueryItem(QStringLiteral("password")))
        r.password = query.queryItemValue(QStringLiteral("password"), QUrl::FullyDecoded).toUtf8();
    for (const auto &item : query.queryItems()) {
        static const QStringList known { QStringLiteral("cluster"), QStringLiteral("db"), QStringLiteral("password"),
                                         QStringLiteral("history") };
        if (!known.contains(item.first) || (item.first == QLatin1String("db") && !r.isUnix()))
            return fail(error,
                        tr("The store URL has an unknown option \"%1\"; valid: cluster=NAME, history=N%2.")
                            .arg(item.first, r.isUnix() ? tr(", db=N, password=...") : QString()));
    }
    return r;
}

QString RedisUrl::toDisplayString() const
{
    QString text;
    if (isUnix()) {
        text = QStringLiteral("unix://") + socketPath + QStringLiteral("?cluster=") + cluster;
        if (db != 0)
            text += QStringLiteral("&db=") + QString::number(db);
        if (historyKept)
            text += QStringLiteral("&history=") + QString::number(*historyKept);
        return text;
    }
    const QString hostPart = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    text = QStringLiteral("redis://");
    if (!user.isEmpty())
        text += user + QLatin1Char('@');
    text += hostPart + QLatin1Char(':') + QString::number(port) + QLatin1Char('/') + QString::number(db)
        + QStringLiteral("?cluster=") + cluster;
    if (historyKept)
        text += QStringLiteral("&history=") + QString::number(*historyKept);
    return text;
}

QString RedisUrl::secretId() const
{
    QString display = toDisplayString();
    display.truncate(display.indexOf(QLatin1Char('?')));
    return QStringLiteral("redis:") + display;
}

QByteArray RedisUrl::keyPrefix() const
{
    return QByteArrayLiteral("gpupool:{") + cluster.toUtf8() + QByteArrayLiteral("}:");
}

} // namespace gpupool::lease
