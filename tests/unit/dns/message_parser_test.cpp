#include <catch2/catch.hpp>

#include "core/dns/message_parser.hpp"
#include "core/dns/query_builder.hpp"
#include "core/dns/rdata/registry.hpp"

using namespace sonde::dns;

namespace {

using Bytes = std::vector<std::uint8_t>;

void put16(Bytes& b, unsigned v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, v >> 16);
  put16(b, v & 0xFFFF);
}
void put_name(Bytes& b, std::initializer_list<const char*> labels) {
  for (const char* l : labels) {
    b.push_back(static_cast<std::uint8_t>(std::strlen(l)));
    b.insert(b.end(), l, l + std::strlen(l));
  }
  b.push_back(0);
}
Bytes header(unsigned flags, unsigned qd, unsigned an, unsigned ns, unsigned ar) {
  Bytes b;
  put16(b, 0x1234);
  put16(b, flags);
  put16(b, qd);
  put16(b, an);
  put16(b, ns);
  put16(b, ar);
  return b;
}
// A record with owner given as a pointer to offset 12 (the question name).
void put_rr(Bytes& b, unsigned type, std::uint32_t ttl, const Bytes& rdata) {
  put16(b, 0xC00C);
  put16(b, type);
  put16(b, 1);
  put32(b, ttl);
  put16(b, static_cast<unsigned>(rdata.size()));
  b.insert(b.end(), rdata.begin(), rdata.end());
}

// Answer for www.shop.test A with one A record and a compressed owner name.
Bytes a_reply() {
  Bytes b = header(0x8400, 1, 1, 0, 0);
  put_name(b, {"www", "shop", "test"});
  put16(b, 1);
  put16(b, 1);
  put_rr(b, 1, 300, {192, 0, 2, 10});
  return b;
}

}  // namespace

TEST_CASE("a plain A reply parses into header, question and answer", "[dns][parser]") {
  auto m = parse_message(a_reply());
  REQUIRE(m);
  CHECK(m->header.id == 0x1234);
  CHECK(m->header.qr);
  CHECK(m->header.aa);
  CHECK_FALSE(m->header.tc);
  REQUIRE(m->questions.size() == 1);
  CHECK(m->questions[0].name == "www.shop.test.");
  REQUIRE(m->answer.size() == 1);
  CHECK(m->answer[0].name == "www.shop.test.");
  CHECK(m->answer[0].ttl == 300);
  CHECK(m->answer[0].data == "192.0.2.10");
}

TEST_CASE("every truncation of a valid reply is an error, never a crash", "[dns][parser][hostile]") {
  const Bytes full = a_reply();
  for (std::size_t n = 0; n < full.size(); ++n) {
    Bytes cut(full.begin(), full.begin() + static_cast<long>(n));
    CHECK_FALSE(parse_message(cut));
  }
}

TEST_CASE("compression loops and forward pointers are rejected", "[dns][parser][hostile]") {
  Bytes self = header(0x8000, 1, 0, 0, 0);
  put16(self, 0xC00C);  // the name at offset 12 points at itself
  put16(self, 1);
  put16(self, 1);
  auto m = parse_message(self);
  REQUIRE_FALSE(m);
  CHECK(m.error().message.find("pointer") != std::string::npos);

  Bytes pair = header(0x8000, 1, 0, 0, 0);
  put_name(pair, {"a"});       // offset 12: "a."
  pair[12 + 2] = 0xC0;         // replace the terminator: "a" then a pointer...
  pair.push_back(12);          // ...back to offset 12: a -> a -> a ...
  put16(pair, 1);
  put16(pair, 1);
  CHECK_FALSE(parse_message(pair));
}

TEST_CASE("an RDATA length past the end of the message is rejected", "[dns][parser][hostile]") {
  Bytes b = a_reply();
  b[b.size() - 5] = 0x40;  // rdlength 0x4004
  auto m = parse_message(b);
  REQUIRE_FALSE(m);
  CHECK(m.error().message.find("malformed") != std::string::npos);
}

TEST_CASE("an A record with the wrong RDATA length is rejected", "[dns][parser][hostile]") {
  Bytes b = header(0x8400, 1, 1, 0, 0);
  put_name(b, {"x"});
  put16(b, 1);
  put16(b, 1);
  put_rr(b, 1, 1, {1, 2, 3});
  CHECK_FALSE(parse_message(b));
}

TEST_CASE("garbage never crashes the parser", "[dns][parser][hostile]") {
  std::uint32_t seed = 12345;
  int parsed = 0;
  for (int round = 0; round < 2000; ++round) {
    Bytes junk(static_cast<std::size_t>(12 + round % 200));
    for (auto& byte : junk) {
      seed = seed * 1103515245u + 12345u;
      byte = static_cast<std::uint8_t>(seed >> 16);
    }
    if (parse_message(junk)) ++parsed;
  }
  CHECK(parsed < 2000);
}

TEST_CASE("TXT with several strings, MX, SOA and unknown types in presentation form", "[dns][rdata]") {
  Bytes b = header(0x8400, 1, 4, 0, 0);
  put_name(b, {"shop", "test"});
  put16(b, 16);
  put16(b, 1);
  put_rr(b, 16, 60, {5, 'f', 'i', 'r', 's', 't', 4, 's', '"', 'c', 'd'});
  put_rr(b, 15, 60, {0, 10, 0xC0, 0x0C});  // 10 shop.test.
  Bytes soa;
  soa.insert(soa.end(), {3, 'n', 's', '1', 0xC0, 0x0C, 0xC0, 0x0C});
  for (std::uint32_t v : {2024010101u, 7200u, 3600u, 1209600u, 300u}) put32(soa, v);
  put_rr(b, 6, 60, soa);
  put_rr(b, 65280, 60, {0xDE, 0xAD});
  auto m = parse_message(b);
  REQUIRE(m);
  REQUIRE(m->answer.size() == 4);
  CHECK(m->answer[0].data == R"("first" "s\"cd")");
  CHECK(m->answer[1].data == "10 shop.test.");
  CHECK(m->answer[2].data == "ns1.shop.test. shop.test. 2024010101 7200 3600 1209600 300");
  CHECK(m->answer[3].data == "\\# 2 DEAD");
  CHECK(rdata::type_name(65280) == "TYPE65280");
}

TEST_CASE("EDNS OPT is taken out of the additional section, with NSID and extended rcode", "[dns][parser]") {
  Bytes b = header(0x8000, 0, 0, 0, 1);
  b.push_back(0);  // root owner
  put16(b, 41);
  put16(b, 1232);
  put32(b, 0x01008000);  // extended rcode 1 (-> 16 BADVERS), DO
  put16(b, 10);
  put16(b, 3);
  put16(b, 6);
  for (char c : std::string("root-a")) b.push_back(static_cast<std::uint8_t>(c));
  auto m = parse_message(b);
  REQUIRE(m);
  REQUIRE(m->edns);
  CHECK(m->additional.empty());
  CHECK(m->edns->udp_size == 1232);
  CHECK(m->edns->dnssec_ok);
  CHECK(m->edns->nsid == "root-a");
  CHECK(rcode_name(m->header.rcode) == "BADVERS");
}

TEST_CASE("the query builder writes a parseable query with RD off and an OPT record", "[dns][query]") {
  auto q = build_query("WWW.Shop.test", 28, {.recursion_desired = false, .udp_size = 1232, .dnssec_ok = false, .nsid = true});
  REQUIRE(q);
  auto m = parse_message(*q);
  REQUIRE(m);
  CHECK_FALSE(m->header.rd);
  REQUIRE(m->questions.size() == 1);
  CHECK(m->questions[0].name == "WWW.Shop.test.");
  CHECK(m->questions[0].type == 28);
  REQUIRE(m->edns);
  CHECK(m->edns->udp_size == 1232);
  CHECK_FALSE(build_query("a..b", 1, {}));
  CHECK_FALSE(build_query(std::string(64, 'x') + ".test", 1, {}));
}

TEST_CASE("names with special bytes are escaped", "[dns][parser]") {
  Bytes b = header(0x8000, 1, 0, 0, 0);
  b.insert(b.end(), {3, 'a', '.', 0x07, 0});
  put16(b, 1);
  put16(b, 1);
  auto m = parse_message(b);
  REQUIRE(m);
  CHECK(m->questions[0].name == "a\\.\\007.");
}
