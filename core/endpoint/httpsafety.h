#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QUrl>
#include <optional>

// The rules that keep a poll from doing what it must not: follow a redirect
// elsewhere (and carry the API key there), downgrade to http, trust a
// certificate wholesale, or leak a secret into a log.
namespace gpupool::endpoint {

// Same scheme, host and port (default ports made explicit). A redirect is
// followed only when this holds, so https never goes to http and the API key
// never goes to another host.
bool isSameOrigin(const QUrl &from, const QUrl &to);

// "application/json", "application/problem+json", with or without
// parameters. A missing Content-Type is let through to the parser.
bool isJsonContentType(QByteArrayView header);
// 301, 302, 303, 307, 308: a redirect that may be followed (within the origin).
bool isRedirectStatus(int status);
// Scheme, host and port of `url`: what a kept-alive connection is to.
QUrl originOf(const QUrl &url);

// A URL for messages and logs: no user info, query or fragment (they may
// hold tokens).
QString redactedUrl(const QUrl &url);

// "AB:CD:..." or "abcd..." (64 hex digits, colons and spaces allowed) -> 32
// raw bytes; nullopt when it is not a SHA-256 fingerprint.
std::optional<QByteArray> parseSha256Fingerprint(const QString &text);
QString formatSha256Fingerprint(const QByteArray &digest);

// Retry-After (RFC 9110 10.2.3): delta-seconds, or an HTTP-date, as
// milliseconds from `nowEpochMs` (0 for a date already past); nullopt when
// the value is neither.
std::optional<qint64> parseRetryAfterMs(QByteArrayView value, qint64 nowEpochMs);

// The certificate errors an operator's pin may excuse: those that only say
// "not signed by a CA we know" or "issued for another name". Expiry, bad
// signatures and revocation are never excused.
bool isExcusableByPin(QSslError::SslError error);

// True when `peer` is the pinned certificate and every error is excusable:
// then exactly these errors may be ignored, and no others.
bool pinExcuses(const QByteArray &pinnedSha256, const QSslCertificate &peer, const QList<QSslError> &errors);

} // namespace gpupool::endpoint
