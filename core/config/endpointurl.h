#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <QUrl>

// One endpoint URL: checking, normalising, and the endpoint id derived from it.
namespace gpupool::config {

struct UrlCheck
{
    QUrl url; // normalised; empty when refused
    QString reason; // why it was refused (one phrase, translated); empty when accepted

    bool ok() const { return reason.isEmpty(); }
};

// Accepts only absolute http/https URLs with a host. Refuses (with a reason):
// other schemes (file:, ftp:, ...), a missing scheme or host, whitespace,
// port 0, a query or fragment (the poller appends its own paths, e.g.
// /gpu/summary, so neither could survive), and any user name or password.
// Credentials are refused rather than stripped: stripping would quietly poll
// a server differently from what was written, and a password in an environment
// variable or settings file would end up in logs, ids and the UI.
// Normalises: lowercase scheme and host, trailing '/' removed, path kept,
// an explicit port kept even when it is the scheme's default.
UrlCheck checkEndpointUrl(QStringView text);

// Two URLs that reach the same server document: same scheme, host, effective
// port (http://a and http://a:80 are the same) and path.
QString endpointUrlIdentity(const QUrl &normalised);

// The id of an endpoint given without a name: host, plus "_port" when the URL
// names a port, with every ':' replaced by '_' so that ids never contain ':'.
//   http://server1:8000       -> server1_8000
//   https://gpu.example.com   -> gpu.example.com
//   http://[::1]:8000         -> __1_8000   (IPv6: the brackets go, ':' -> '_')
QString endpointIdForUrl(const QUrl &normalised);

// "https://gpu1:8443#sha256=AB:CD:...": an endpoint URL with the SHA-256
// fingerprint of the one certificate the operator trusts for it (a statd with a
// self-signed or private certificate). The pin is the only fragment an endpoint
// URL may have; the URL part is then checked by checkEndpointUrl() as usual.
struct PinnedUrl
{
    QStringView url; // the text before "#sha256=" (all of it when there is no pin)
    QByteArray pinnedSha256; // 32 bytes; empty when there is no pin
    QString reason; // why the pin was refused; empty when accepted

    bool ok() const { return reason.isEmpty(); }
};
PinnedUrl splitCertificatePin(QStringView text);

// checkEndpointUrl() of a URL that may carry a pin: what every endpoint list,
// setting and field takes.
struct PinnedUrlCheck : UrlCheck
{
    QByteArray pinnedSha256; // 32 bytes, or empty
};
PinnedUrlCheck checkPinnedEndpointUrl(QStringView text);

// The inverse, for settings written back: the URL, and "#sha256=" and the
// fingerprint when there is a pin.
QString pinnedUrlText(const QUrl &url, const QByteArray &pinnedSha256);

// A `name` of `name=URL`: non-empty, no ':' (the global GPU id separator) and no
// whitespace (ids appear in command lines and log lines).
bool isValidEndpointName(QStringView name);

} // namespace gpupool::config
