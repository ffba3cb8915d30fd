// Endpoint URLs and lists: checking, normalising, ids, names, duplicates.
#include "config/endpointlist.h"
#include "config/endpointurl.h"

#include <QTest>

using namespace gpupool::config;

namespace {

QStringList ids(const EndpointList &list)
{
    QStringList out;
    for (const EndpointSpec &e : list.endpoints)
        out.append(e.id);
    return out;
}

QStringList urls(const EndpointList &list)
{
    QStringList out;
    for (const EndpointSpec &e : list.endpoints)
        out.append(e.url.toString());
    return out;
}

} // namespace

class TestEndpointList : public QObject
{
    Q_OBJECT

private slots:
    void normalises_data();
    void normalises();
    void refuses_data();
    void refuses();
    void identityTreatsDefaultPortAsSame();
    void idsFromUrls_data();
    void idsFromUrls();
    void endpointNames_data();
    void endpointNames();

    void splitsTrimsAndSkipsEmptyEntries();
    void nameEqualsUrl();
    void equalsInsideUrlIsNotAName();
    void badNamesAreErrors_data();
    void badNamesAreErrors();
    void badEntriesAreErrorsAndGoodOnesKept();
    void emptyListIsAnError_data();
    void emptyListIsAnError();
    void duplicateUrlsDroppedWithWarning();
    void duplicateIdsGetSuffixes();
    void givenNamesBeatDerivedIds();
    void duplicateGivenNamesAreRenamedWithWarning();
    void idsNeverContainColon();
    void certificatePins_data();
    void certificatePins();
};

void TestEndpointList::normalises_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("normalised");
    QTest::newRow("plain") << "http://server1:8000"
                           << "http://server1:8000";
    QTest::newRow("trailing slash") << "http://server1:8000/"
                                    << "http://server1:8000";
    QTest::newRow("many trailing slashes") << "http://server1:8000///"
                                           << "http://server1:8000";
    QTest::newRow("uppercase scheme and host") << "HTTP://GPU.Example.COM"
                                               << "http://gpu.example.com";
    QTest::newRow("https") << "https://gpu.example.com/"
                           << "https://gpu.example.com";
    QTest::newRow("path kept") << "http://a:8000/gpu/api/"
                               << "http://a:8000/gpu/api";
    QTest::newRow("path case kept") << "http://A:8000/Api"
                                    << "http://a:8000/Api";
    QTest::newRow("explicit default port kept") << "http://a:80"
                                                << "http://a:80";
    QTest::newRow("surrounding whitespace") << "  http://a:1 \t"
                                            << "http://a:1";
    QTest::newRow("ipv4") << "http://10.0.0.7:8000"
                          << "http://10.0.0.7:8000";
    QTest::newRow("ipv6") << "http://[::1]:8000/"
                          << "http://[::1]:8000";
    QTest::newRow("ipv6 uppercase") << "http://[FE80::1]:8000"
                                    << "http://[fe80::1]:8000";
}

void TestEndpointList::normalises()
{
    QFETCH(QString, input);
    QFETCH(QString, normalised);
    const UrlCheck check = checkEndpointUrl(input);
    QVERIFY2(check.ok(), qPrintable(check.reason));
    QCOMPARE(check.url.toString(), normalised);
}

void TestEndpointList::refuses_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("reason");
    const QString expected = QStringLiteral("expected an http or https URL such as http://server1:8000");
    QTest::newRow("empty") << "" << expected;
    QTest::newRow("no scheme") << "server1:8000" << expected;
    QTest::newRow("bare host") << "server1" << expected;
    QTest::newRow("file") << "file:///etc/passwd"
                          << "only http and https URLs are accepted, not file:";
    QTest::newRow("ftp") << "ftp://server1/"
                         << "only http and https URLs are accepted, not ftp:";
    QTest::newRow("ws") << "ws://server1:8000"
                        << "only http and https URLs are accepted, not ws:";
    QTest::newRow("no host") << "http:///gpu"
                             << "the URL has no host";
    QTest::newRow("only port") << "http://:8000"
                               << "the URL has no host";
    QTest::newRow("space in host") << "http://gpu server:8000"
                                   << "a URL cannot contain spaces";
    QTest::newRow("space in path") << "http://gpu/a b"
                                   << "a URL cannot contain spaces";
    QTest::newRow("password") << "http://user:secret@gpu:8000"
                              << "a URL cannot carry a user name or password";
    QTest::newRow("user") << "http://user@gpu:8000"
                          << "a URL cannot carry a user name or password";
    QTest::newRow("query") << "http://gpu:8000/?x=1"
                           << "a URL cannot have a query (?) or fragment (#)";
    QTest::newRow("fragment") << "http://gpu:8000/#top"
                              << "a URL cannot have a query (?) or fragment (#)";
    QTest::newRow("port 0") << "http://gpu:0"
                            << "port 0 is not a port a server can listen on";
    QTest::newRow("port too big") << "http://gpu:70000"
                                  << "not a valid URL (Invalid port or port number out of range)";
    QTest::newRow("bad port") << "http://gpu:80a"
                              << "not a valid URL (Invalid port or port number out of range)";
}

void TestEndpointList::refuses()
{
    QFETCH(QString, input);
    QFETCH(QString, reason);
    const UrlCheck check = checkEndpointUrl(input);
    QVERIFY(!check.ok());
    QCOMPARE(check.reason, reason);
    QVERIFY(check.url.isEmpty());
}

void TestEndpointList::identityTreatsDefaultPortAsSame()
{
    auto identity = [](const char *url) { return endpointUrlIdentity(checkEndpointUrl(QString::fromLatin1(url)).url); };
    QCOMPARE(identity("http://a"), identity("http://a:80"));
    QCOMPARE(identity("https://a/"), identity("https://a:443"));
    QCOMPARE(identity("http://A/x/"), identity("http://a/x"));
    QVERIFY(identity("http://a") != identity("https://a"));
    QVERIFY(identity("http://a:8000") != identity("http://a:8001"));
    QVERIFY(identity("http://a/x") != identity("http://a/y"));
}

void TestEndpointList::idsFromUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("id");
    QTest::newRow("host and port") << "http://server1:8000"
                                   << "server1_8000";
    QTest::newRow("no port") << "https://gpu.example.com"
                             << "gpu.example.com";
    QTest::newRow("explicit default port") << "http://gpu:80"
                                           << "gpu_80";
    QTest::newRow("path ignored") << "http://gpu:8000/api"
                                  << "gpu_8000";
    QTest::newRow("lowercased") << "http://GPU-1:8000"
                                << "gpu-1_8000";
    QTest::newRow("ipv4") << "http://10.0.0.7:8000"
                          << "10.0.0.7_8000";
    QTest::newRow("ipv6 loopback") << "http://[::1]:8000"
                                   << "__1_8000";
    QTest::newRow("ipv6 no port") << "http://[fe80::1:2]"
                                  << "fe80__1_2";
}

void TestEndpointList::idsFromUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, id);
    const UrlCheck check = checkEndpointUrl(url);
    QVERIFY2(check.ok(), qPrintable(check.reason));
    QCOMPARE(endpointIdForUrl(check.url), id);
}

void TestEndpointList::endpointNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << "server1" << true;
    QTest::newRow("dots dashes") << "gpu-a.lab_1" << true;
    QTest::newRow("unicode") << QStringLiteral("rechner-\u00e4") << true;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("colon") << "a:b" << false;
    QTest::newRow("space") << "a b" << false;
    QTest::newRow("tab") << "a\tb" << false;
}

void TestEndpointList::endpointNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(isValidEndpointName(name), valid);
}

void TestEndpointList::splitsTrimsAndSkipsEmptyEntries()
{
    const EndpointList list = parseEndpointList(u" http://a:1 ,, ,http://b:2/,\t");
    QVERIFY(list.errors.isEmpty());
    QVERIFY(list.warnings.isEmpty());
    QCOMPARE(urls(list), (QStringList { QStringLiteral("http://a:1"), QStringLiteral("http://b:2") }));
    QCOMPARE(ids(list), (QStringList { QStringLiteral("a_1"), QStringLiteral("b_2") }));
}

void TestEndpointList::nameEqualsUrl()
{
    const EndpointList list = parseEndpointList(u"rack1 = http://10.0.0.1:8000/ , http://10.0.0.2:8000");
    QVERIFY(list.errors.isEmpty());
    QCOMPARE(list.endpoints.size(), 2);
    QCOMPARE(list.endpoints[0].id, QStringLiteral("rack1"));
    QCOMPARE(list.endpoints[0].url.toString(), QStringLiteral("http://10.0.0.1:8000"));
    QVERIFY(list.endpoints[0].nameGiven);
    QCOMPARE(list.endpoints[1].id, QStringLiteral("10.0.0.2_8000"));
    QVERIFY(!list.endpoints[1].nameGiven);
}

void TestEndpointList::equalsInsideUrlIsNotAName()
{
    // '=' after "://" belongs to the URL (and is then refused as a query), not a name.
    const EndpointList list = parseEndpointList(u"http://a:1/?x=1");
    QCOMPARE(list.errors.size(), 1);
    QCOMPARE(list.errors[0].entry, QStringLiteral("http://a:1/?x=1"));
    QCOMPARE(list.errors[0].reason, QStringLiteral("a URL cannot have a query (?) or fragment (#)"));
}

void TestEndpointList::badNamesAreErrors_data()
{
    QTest::addColumn<QString>("entry");
    QTest::newRow("empty name") << "=http://a:1";
    QTest::newRow("blank name") << "  =http://a:1";
    QTest::newRow("colon") << "a:b=http://a:1";
    QTest::newRow("space") << "my gpu=http://a:1";
}

void TestEndpointList::badNamesAreErrors()
{
    QFETCH(QString, entry);
    const EndpointList list = parseEndpointList(QString(entry + QStringLiteral(", http://ok:1")));
    QCOMPARE(list.errors.size(), 1);
    QCOMPARE(list.errors[0].entry, entry.trimmed());
    QCOMPARE(list.errors[0].reason, QStringLiteral("an endpoint name must be non-empty, without ':' or spaces"));
    QCOMPARE(ids(list), QStringList { QStringLiteral("ok_1") });
}

void TestEndpointList::badEntriesAreErrorsAndGoodOnesKept()
{
    const EndpointList list = parseEndpointList(u"http://a:1, ftp://b, name=file:///x, http://c d, http://e:5");
    QCOMPARE(ids(list), (QStringList { QStringLiteral("a_1"), QStringLiteral("e_5") }));
    QCOMPARE(list.errors.size(), 3);
    QCOMPARE(list.errors[0].entry, QStringLiteral("ftp://b"));
    QCOMPARE(list.errors[0].reason, QStringLiteral("only http and https URLs are accepted, not ftp:"));
    QCOMPARE(list.errors[1].entry, QStringLiteral("name=file:///x"));
    QCOMPARE(list.errors[1].reason, QStringLiteral("only http and https URLs are accepted, not file:"));
    QCOMPARE(list.errors[2].entry, QStringLiteral("http://c d"));
    QCOMPARE(list.errors[2].reason, QStringLiteral("a URL cannot contain spaces"));
}

void TestEndpointList::emptyListIsAnError_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("commas") << " , ,";
}

void TestEndpointList::emptyListIsAnError()
{
    QFETCH(QString, text);
    const EndpointList list = parseEndpointList(text);
    QVERIFY(list.endpoints.isEmpty());
    QCOMPARE(list.errors.size(), 1);
    QCOMPARE(list.errors[0].entry, text.trimmed());
    QCOMPARE(list.errors[0].reason, QStringLiteral("expected at least one http or https URL"));
}

void TestEndpointList::duplicateUrlsDroppedWithWarning()
{
    const EndpointList list
        = parseEndpointList(u"http://a:8000, HTTP://A:8000/, b=http://a:8000, http://x, http://x:80");
    QVERIFY(list.errors.isEmpty());
    QCOMPARE(urls(list), (QStringList { QStringLiteral("http://a:8000"), QStringLiteral("http://x") }));
    QCOMPARE(list.warnings,
             (QStringList { QStringLiteral("\"HTTP://A:8000/\" repeats an earlier endpoint and is ignored"),
                            QStringLiteral("\"b=http://a:8000\" repeats an earlier endpoint and is ignored"),
                            QStringLiteral("\"http://x:80\" repeats an earlier endpoint and is ignored") }));
}

void TestEndpointList::duplicateIdsGetSuffixes()
{
    // Same host and port, different servers (scheme or path differ): same derived id.
    const EndpointList list
        = parseEndpointList(u"http://gpu:8000, https://gpu:8000, http://gpu:8000/b, http://gpu:8000/c");
    QVERIFY(list.errors.isEmpty());
    QVERIFY(list.warnings.isEmpty());
    QCOMPARE(ids(list),
             (QStringList { QStringLiteral("gpu_8000"), QStringLiteral("gpu_8000_1"), QStringLiteral("gpu_8000_2"),
                            QStringLiteral("gpu_8000_3") }));
}

void TestEndpointList::givenNamesBeatDerivedIds()
{
    // The unnamed first entry would derive "gpu_8000" and take the name the
    // second entry was given; names are placed first, so the derived one moves.
    const EndpointList list = parseEndpointList(u"http://gpu:8000, gpu_8000=http://other:1");
    QVERIFY(list.warnings.isEmpty());
    QCOMPARE(ids(list), (QStringList { QStringLiteral("gpu_8000_1"), QStringLiteral("gpu_8000") }));
}

void TestEndpointList::duplicateGivenNamesAreRenamedWithWarning()
{
    const EndpointList list = parseEndpointList(u"rack=http://a:1, rack=http://b:2, rack=http://c:3");
    QVERIFY(list.errors.isEmpty());
    QCOMPARE(ids(list), (QStringList { QStringLiteral("rack"), QStringLiteral("rack_1"), QStringLiteral("rack_2") }));
    QCOMPARE(list.warnings,
             (QStringList {
                 QStringLiteral("the endpoint name \"rack\" is used more than once; http://b:2 is called rack_1"),
                 QStringLiteral("the endpoint name \"rack\" is used more than once; http://c:3 is called rack_2"),
             }));
}

void TestEndpointList::idsNeverContainColon()
{
    const EndpointList list
        = parseEndpointList(u"http://[::1]:8000, http://[::1]:8001, http://[2001:db8::7], http://h:9");
    QCOMPARE(list.endpoints.size(), 4);
    for (const EndpointSpec &e : list.endpoints)
        QVERIFY2(!e.id.contains(QLatin1Char(':')), qPrintable(e.id));
    QCOMPARE(ids(list),
             (QStringList { QStringLiteral("__1_8000"), QStringLiteral("__1_8001"), QStringLiteral("2001_db8__7"),
                            QStringLiteral("h_9") }));
}

void TestEndpointList::certificatePins_data()
{
    const QString hex = QStringLiteral("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("reason"); // empty: accepted, pinned to hex
    QTest::newRow("named, colons") << QStringLiteral("g1=https://gpu1:8443#sha256=")
            + QString::fromLatin1(QByteArray::fromHex(hex.toLatin1()).toHex(':'))
                                   << QString();
    QTest::newRow("unnamed, plain hex, upper case marker")
        << QStringLiteral("https://gpu1:8443#SHA256=") + hex << QString();
    QTest::newRow("http") << QStringLiteral("g1=http://gpu1:8000#sha256=") + hex
                          << QStringLiteral("a certificate pin (#sha256=) is for https URLs only");
    QTest::newRow("short") << QStringLiteral("g1=https://gpu1:8443#sha256=AB:CD")
                           << QStringLiteral("#sha256= takes the certificate's SHA-256 fingerprint");
    QTest::newRow("not hex") << QStringLiteral("g1=https://gpu1:8443#sha256=") + hex.left(63) + QLatin1Char('g')
                             << QStringLiteral("#sha256= takes");
    QTest::newRow("another fragment") << QStringLiteral("g1=https://gpu1:8443#top")
                                      << QStringLiteral("a URL cannot have a query (?) or fragment (#)");
}

void TestEndpointList::certificatePins()
{
    QFETCH(QString, entry);
    QFETCH(QString, reason);
    const QString text = entry + QStringLiteral(",https://other:8443");
    const EndpointList list = parseEndpointList(text);
    if (reason.isEmpty()) {
        QVERIFY(list.errors.isEmpty());
        QCOMPARE(list.endpoints.size(), 2);
        const EndpointSpec &pinned = list.endpoints[0];
        QCOMPARE(pinned.url.toString(), QStringLiteral("https://gpu1:8443")); // the pin is not part of the URL
        QCOMPARE(pinned.pinnedSha256.toHex(),
                 QByteArray("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
        QVERIFY(list.endpoints[1].pinnedSha256.isEmpty()); // a pin is for its own endpoint only
        // Written back, it reads the same.
        const QString back = pinnedUrlText(pinned.url, pinned.pinnedSha256);
        QCOMPARE(checkPinnedEndpointUrl(back).pinnedSha256, pinned.pinnedSha256);
        QCOMPARE(checkPinnedEndpointUrl(back).url, pinned.url);
        QCOMPARE(pinnedUrlText(pinned.url, {}), QStringLiteral("https://gpu1:8443"));
    } else {
        QCOMPARE(list.errors.size(), 1);
        QCOMPARE(list.errors[0].entry, entry);
        QVERIFY2(list.errors[0].reason.startsWith(reason), qPrintable(list.errors[0].reason));
        QCOMPARE(list.endpoints.size(), 1); // the other entry is kept
    }
}

QTEST_GUILESS_MAIN(TestEndpointList)
#include "tst_endpointlist.moc"
