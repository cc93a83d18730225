#include <catch2/catch.hpp>

#include "core/timing/tls_info.hpp"

using namespace sonde::timing;

TEST_CASE("OpenSSL dates parse and print as ISO 8601", "[timing][tls]") {
  auto t = parse_openssl_date("Jan  1 00:00:00 2030 GMT");
  REQUIRE(t.has_value());
  CHECK(iso8601(*t) == "2030-01-01T00:00:00Z");
  CHECK(iso8601(*parse_openssl_date("Dec 31 23:59:58 2026 GMT")) == "2026-12-31T23:59:58Z");
  CHECK_FALSE(parse_openssl_date("Foo  1 00:00:00 2030 GMT").has_value());
  CHECK_FALSE(parse_openssl_date("Feb 30 00:00:00 2030 GMT").has_value());
  CHECK_FALSE(parse_openssl_date("").has_value());
}

TEST_CASE("certificate fields from CURLOPT_CERTINFO", "[timing][tls]") {
  std::vector<std::string> fields = {
      "Subject:CN = api.lab.test",
      "Issuer:CN = Lab Intermediate",
      "Version:2",
      "Start date:Jan  1 00:00:00 2026 GMT",
      "Expire date:Jan 11 12:00:00 2026 GMT",
      "X509v3 Subject Alternative Name:DNS:api.lab.test, DNS:*.lab.test, IP Address:127.0.0.1",
  };
  auto now = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
  CertInfo c = parse_cert_fields(fields, now);
  CHECK(c.subject == "CN = api.lab.test");
  CHECK(c.issuer == "CN = Lab Intermediate");
  CHECK(c.not_before == "2026-01-01T00:00:00Z");
  CHECK(c.not_after == "2026-01-11T12:00:00Z");
  CHECK(c.days_left == 10);
  REQUIRE(c.sans.size() == 3);
  CHECK(c.sans[2] == "IP Address:127.0.0.1");
  CHECK(parse_cert_fields(fields, now + std::chrono::days{20}).days_left == -10);
}

TEST_CASE("handshake lines give version, cipher and ALPN", "[timing][tls]") {
  TlsInfo tls;
  apply_tls_text_line("SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n", tls);
  apply_tls_text_line("ALPN: server accepted h2\n", tls);
  apply_tls_text_line("Connected to x (127.0.0.1) port 1\n", tls);
  CHECK(tls.version == "TLSv1.3");
  CHECK(tls.cipher == "TLS_AES_256_GCM_SHA384");
  CHECK(tls.alpn == "h2");
  apply_tls_text_line("SSL connection using TLSv1.2 / ECDHE-ECDSA-AES128-GCM-SHA256 / X25519 / id-ecPublicKey", tls);
  CHECK(tls.cipher == "ECDHE-ECDSA-AES128-GCM-SHA256");
  apply_tls_text_line("ALPN, server accepted to use http/1.1", tls);
  CHECK(tls.alpn == "http/1.1");
}
