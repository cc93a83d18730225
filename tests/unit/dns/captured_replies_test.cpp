#include <catch2/catch.hpp>

#include <fstream>

#include "core/dns/message_parser.hpp"
#include "core/dns/rdata/registry.hpp"
#include "core/dns/reply_classifier.hpp"

// Replies captured from the shared lab's knot and nsd servers (tests/unit/dns/captured/*.hex).
using namespace sonde::dns;

namespace {

std::vector<std::uint8_t> captured(const std::string& name) {
  std::ifstream in(std::string(SONDE_SOURCE_DIR) + "/tests/unit/dns/captured/" + name);
  REQUIRE(in);
  std::string hex;
  in >> hex;
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

const char* const k_files[] = {"referral_test_to_shop.hex", "nxdomain_signed_shop.hex", "dnskey_signed_shop.hex",
                               "truncated_big_txt.hex",     "cname_chain_ftp.hex",      "refused_lame.hex"};

}  // namespace

TEST_CASE("captured referral from test. to shop.test. with glue and NSID", "[dns][captured]") {
  auto m = parse_message(captured("referral_test_to_shop.hex"));
  REQUIRE(m);
  CHECK_FALSE(m->header.aa);
  REQUIRE(m->edns);
  CHECK(m->edns->nsid == "test-a");
  auto c = classify(*m, "www.shop.test.", "test.");
  REQUIRE(c.verdict == Verdict::referral);
  CHECK(c.referral->zone == "shop.test.");
  CHECK(c.referral->ns == std::vector<std::string>{"ns1.shop.test.", "ns2.shop.test."});
  CHECK(c.referral->ttl == 172800);
  REQUIRE(c.referral->glue.size() == 2);
  CHECK(c.referral->glue[0].second == std::vector<std::string>{"127.53.10.1"});
}

TEST_CASE("captured signed NXDOMAIN with SOA, NSEC and RRSIG in the authority section", "[dns][captured]") {
  auto m = parse_message(captured("nxdomain_signed_shop.hex"));
  REQUIRE(m);
  CHECK(rcode_name(m->header.rcode) == "NXDOMAIN");
  CHECK(m->header.aa);
  std::map<std::string, int> types;
  for (const auto& rr : m->authority) ++types[rdata::type_name(rr.type)];
  CHECK(types["SOA"] == 1);
  CHECK(types["NSEC"] >= 1);
  CHECK(types["RRSIG"] >= 2);
  for (const auto& rr : m->authority) {
    if (rr.type == 47) CHECK(rr.data.find(" RRSIG NSEC") != std::string::npos);
    if (rr.type == 46) CHECK(rr.data.find(" 13 ") != std::string::npos);  // ECDSAP256SHA256
  }
  CHECK(classify(*m, "nope.shop.test.", "shop.test.").verdict == Verdict::nxdomain);
}

TEST_CASE("captured DNSKEY answer: KSK and ZSK in presentation form", "[dns][captured]") {
  auto m = parse_message(captured("dnskey_signed_shop.hex"));
  REQUIRE(m);
  int keys = 0;
  for (const auto& rr : m->answer) {
    if (rr.type != 48) continue;
    ++keys;
    CHECK((rr.data.rfind("256 3 13 ", 0) == 0 || rr.data.rfind("257 3 13 ", 0) == 0));
  }
  CHECK(keys >= 2);
}

TEST_CASE("captured truncated reply: TC set and no answer records", "[dns][captured]") {
  auto m = parse_message(captured("truncated_big_txt.hex"));
  REQUIRE(m);
  CHECK(m->header.tc);
  CHECK(m->answer.empty());
}

TEST_CASE("captured in-zone CNAME and REFUSED", "[dns][captured]") {
  auto cname = parse_message(captured("cname_chain_ftp.hex"));
  REQUIRE(cname);
  REQUIRE(cname->answer.size() == 2);
  CHECK(cname->answer[0].data == "www.shop.test.");
  CHECK(cname->answer[1].data == "192.0.2.10");
  auto refused = parse_message(captured("refused_lame.hex"));
  REQUIRE(refused);
  CHECK(classify(*refused, "www.lame.test.", "lame.test.").problem == "lame: REFUSED");
}

TEST_CASE("bit flips and truncations of captured replies never crash the parser", "[dns][captured][hostile]") {
  std::uint32_t seed = 7;
  int rejected = 0;
  for (const char* file : k_files) {
    const auto original = captured(file);
    for (int round = 0; round < 400; ++round) {
      auto mutated = original;
      for (int flips = 0; flips < 1 + round % 4; ++flips) {
        seed = seed * 1664525u + 1013904223u;
        mutated[seed % mutated.size()] ^= static_cast<std::uint8_t>(1u << ((seed >> 8) % 8));
      }
      seed = seed * 1664525u + 1013904223u;
      if (round % 3 == 0) mutated.resize(seed % mutated.size());
      if (!parse_message(mutated)) ++rejected;
    }
  }
  CHECK(rejected > 0);
}
