#include <catch2/catch.hpp>

#include "core/net/encrypted_dns.hpp"

using sonde::net::EncryptedResolver;
using sonde::net::parse_encrypted_resolver;

TEST_CASE("encrypted resolvers: tls:// and https:// URLs with their defaults", "[dns][encrypted]") {
  auto dot = parse_encrypted_resolver("tls://dns.example");
  REQUIRE(dot);
  CHECK(dot->kind == EncryptedResolver::Kind::tls);
  CHECK(dot->host == "dns.example");
  CHECK(dot->port == 853);
  auto v6 = parse_encrypted_resolver("tls://[2001:db8::1]:8853");
  REQUIRE(v6);
  CHECK(v6->host == "2001:db8::1");
  CHECK(v6->port == 8853);
  auto doh = parse_encrypted_resolver("https://dns.example");
  REQUIRE(doh);
  CHECK(doh->kind == EncryptedResolver::Kind::https);
  CHECK(doh->port == 443);
  CHECK(doh->url == "https://dns.example/dns-query");  // RFC 8484's usual path when none is given
  auto path = parse_encrypted_resolver("https://127.0.0.1:8443/resolve");
  REQUIRE(path);
  CHECK(path->port == 8443);
  CHECK(path->url == "https://127.0.0.1:8443/resolve");
}

TEST_CASE("encrypted resolvers: malformed URLs are usage errors", "[dns][encrypted]") {
  for (const char* bad : {"tls://", "tls://h:0", "tls://h:99999", "tls://h:8x", "tls://h/path", "https://[::1", "quic://h"}) {
    INFO(bad);
    auto r = parse_encrypted_resolver(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == sonde::ErrorKind::usage);
  }
}
