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

TEST_CASE("resolvers in every form: plain, udp://, tcp://, tls://, https://", "[dns][encrypted]") {
  auto plain = sonde::net::parse_resolver("127.0.0.1:5353");
  REQUIRE(plain);
  CHECK(plain->url.empty());
  CHECK(plain->port == 5353);
  auto udp = sonde::net::parse_resolver("udp://[::1]:53");
  REQUIRE(udp);
  CHECK(udp->address == "::1");
  CHECK(udp->url.empty());
  auto tcp = sonde::net::parse_resolver("tcp://192.0.2.1");
  REQUIRE(tcp);
  CHECK(tcp->url == "tcp://192.0.2.1");  // routed to c-ares over TCP only
  CHECK(tcp->text() == "tcp://192.0.2.1");
  auto doh = sonde::net::parse_resolver("https://127.0.0.1:8443");
  REQUIRE(doh);
  CHECK(doh->url == "https://127.0.0.1:8443/dns-query");
  CHECK(doh->port == 8443);
  CHECK_FALSE(sonde::net::parse_resolver("tcp://dns.example"));  // plain transports take addresses
}
