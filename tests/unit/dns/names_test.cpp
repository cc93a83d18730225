#include <catch2/catch.hpp>

#include "core/dns/message.hpp"
#include "core/dns/reverse_name.hpp"
#include "core/dns/root_hints.hpp"
#include "core/dns/transport.hpp"

using namespace sonde::dns;

TEST_CASE("subdomain tests respect label boundaries and case", "[dns][names]") {
  CHECK(is_subdomain("www.Shop.test.", "shop.TEST."));
  CHECK(is_subdomain("shop.test.", "."));
  CHECK_FALSE(is_subdomain("xshop.test.", "shop.test."));
  CHECK(label_count(".") == 0);
  CHECK(label_count("a\\.b.test.") == 2);
}

TEST_CASE("reverse names for IPv4 and IPv6", "[dns][names]") {
  CHECK(*reverse_name("192.0.2.1") == "1.2.0.192.in-addr.arpa.");
  CHECK(reverse_name("2001:db8::1")->rfind("1.0.0.0.", 0) == 0);
  CHECK(reverse_name("2001:db8::1")->ends_with(".8.b.d.0.1.0.0.2.ip6.arpa."));
  CHECK_FALSE(reverse_name("not-an-ip"));
}

TEST_CASE("server endpoints: IPv4, IPv6, ports, and no host names", "[dns][names]") {
  CHECK(parse_endpoint("127.0.0.1")->port == 53);
  CHECK(parse_endpoint("127.0.0.1:5353")->port == 5353);
  CHECK(parse_endpoint("[::1]:5353")->address == "::1");
  CHECK(parse_endpoint("::1")->port == 53);
  CHECK_FALSE(parse_endpoint("ns1.example.com"));
  CHECK_FALSE(parse_endpoint("127.0.0.1:0"));
  CHECK_FALSE(parse_endpoint("127.0.0.1:99999"));
}

TEST_CASE("root hints in named.root format, errors with file:line", "[dns][hints]") {
  auto ok = parse_root_hints(".  3600000 NS A.ROOT.TEST.\nA.ROOT.TEST. 3600000 IN A 127.53.0.1\n"
                             "A.ROOT.TEST. 3600000 AAAA ::1\n; comment\n", "h");
  REQUIRE(ok);
  REQUIRE(ok->size() == 1);
  CHECK((*ok)[0].name == "a.root.test.");
  CHECK((*ok)[0].addresses == std::vector<std::string>{"127.53.0.1", "::1"});
  auto bad = parse_root_hints(". 1 NS a.\n\na. 1 A 1.2.3\n", "hints");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().where == "hints:3");
  CHECK_FALSE(parse_root_hints("; nothing\n", "empty"));
  CHECK(builtin_root_hints().size() == 13);
}
