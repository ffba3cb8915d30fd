#pragma once

// A self-signed certificate for 127.0.0.1 (valid 2000-2999) and its key, for
// the TLS rows of the fault matrix. Test-only: the key is public on purpose.
// The engine must refuse it unless the test pins its SHA-256 fingerprint.
//
// Made with Python's cryptography package: EC P-256, CN "gpupool test
// server", subjectAltName IP:127.0.0.1.

#include <QByteArray>

namespace gpupool::testing {

inline const QByteArray kTestCertificatePem = R"(-----BEGIN CERTIFICATE-----
MIIBUjCB+aADAgECAhQcbsqMwzTDLG7pUzPAIToERsbRTjAKBggqhkjOPQQDAjAe
MRwwGgYDVQQDDBNncHVwb29sIHRlc3Qgc2VydmVyMCAXDTAwMDEwMTAwMDAwMFoY
DzI5OTkxMjMxMDAwMDAwWjAeMRwwGgYDVQQDDBNncHVwb29sIHRlc3Qgc2VydmVy
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE30xqxrRVkay8b+sHYlRsnll+1Dr+
ykkhnA7uDNaBOybyZf3nv+FtMueDyh1NLMtEFwtgSLkf8Nv8g13n8KpMkKMTMBEw
DwYDVR0RBAgwBocEfwAAATAKBggqhkjOPQQDAgNIADBFAiEA7HZPurMGp3kNO0YC
2N60LPgQhP0F0SrIopyAaXyOapACIFI+DFtzfH8ToN1eR4mi/gebSugDLb6UL7c2
cVCcLHvl
-----END CERTIFICATE-----
)";

inline const QByteArray kTestPrivateKeyPem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgc331jlD4+wtkoNTp
1wQGk5AChNGyY7O54ypZqpxKYFuhRANCAATfTGrGtFWRrLxv6wdiVGyeWX7UOv7K
SSGcDu4M1oE7JvJl/ee/4W0y54PKHU0sy0QXC2BIuR/w2/yDXefwqkyQ
-----END PRIVATE KEY-----
)";

} // namespace gpupool::testing
