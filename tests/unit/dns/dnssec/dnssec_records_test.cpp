#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "core/dns/dnssec/anchor.hpp"
#include "core/dns/dnssec/crypto.hpp"
#include "core/dns/dnssec/records.hpp"
#include "core/dns/dnssec/rrset_verify.hpp"
#include "core/dns/message_parser.hpp"
#include "core/dns/query_builder.hpp"
#include "core/dns/record_text.hpp"

// Signatures made by BIND's dnssec-signzone (tests/unit/dns/dnssec/make-vectors.sh), verified by
// sonde's own canonical form and libcrypto: one zone per algorithm.
using namespace sonde::dns;
using namespace sonde::dns::dnssec;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::vector<Record>& vectors() {
  static const std::vector<Record> records = [] {
    auto parsed = parse_records_text(read_file(std::string(SONDE_SOURCE_DIR) + "/tests/unit/dns/dnssec/vectors.zone"),
                                     "vectors.zone");
    REQUIRE(parsed);
    return *parsed;
  }();
  return records;
}

std::vector<Record> in_zone(const std::string& zone) {
  std::vector<Record> out;
  for (const auto& rr : vectors()) {
    if (is_subdomain(rr.name, zone)) out.push_back(rr);
  }
  return out;
}

std::vector<Dnskey> keys_of(const std::vector<Record>& records) {
  std::vector<Dnskey> keys;
  for (const auto& rr : records) {
    if (rr.type == k_type_dnskey) keys.push_back(*read_dnskey(rr));
  }
  return keys;
}

const RrsetGroup& group(const std::vector<RrsetGroup>& groups, const std::string& owner_prefix, std::uint16_t type) {
  for (const auto& g : groups) {
    if (g.type == type && g.owner.rfind(owner_prefix, 0) == 0) return g;
  }
  FAIL("no RRset " << owner_prefix << " type " << type);
  return groups.front();
}

constexpr std::uint32_t k_2030 = 1893456000;   // inside every vector's validity window
constexpr std::uint32_t k_2037 = 2114380800;   // after it
constexpr std::uint32_t k_2025 = 1735689600;   // before it

const char* const k_zones[] = {"rsasha1.vec.test.",         "rsasha256.vec.test.",       "rsasha512.vec.test.",
                               "ecdsap256sha256.vec.test.", "ecdsap384sha384.vec.test.", "ed25519.vec.test.",
                               "ed448.vec.test."};

}  // namespace

TEST_CASE("every algorithm's signatures verify over canonical RRsets", "[dns][dnssec]") {
  for (const std::string zone : k_zones) {
    INFO(zone);
    auto records = in_zone(zone);
    auto keys = keys_of(records);
    REQUIRE(keys.size() == 1);
    auto groups = group_rrsets(records);
    for (const auto& g : groups) {
      if (g.type == k_type_ds) continue;  // the parent's records, unsigned here
      INFO(g.owner << " " << g.type);
      auto check = verify_rrset(g.records, g.rrsigs, keys, zone, k_2030);
      REQUIRE(check);
      CHECK(check->status == RrsetCheck::Status::secure);
      CHECK(check->reason == "");
      CHECK(check->key_tag == keys[0].key_tag);
    }
    // Mixed-case owner and target: signed over the lower-cased forms.
    CHECK(group(groups, "Mixed.Case.", 5).records.size() == 1);
  }
}

TEST_CASE("a wildcard's signature verifies over an expanded name and says so", "[dns][dnssec]") {
  const std::string zone = "ed25519.vec.test.";
  auto records = in_zone(zone);
  auto g = group(group_rrsets(records), "*.w.", 1);
  for (auto& rr : g.records) rr.name = "Host.W." + zone;
  for (auto& rr : g.rrsigs) rr.name = "Host.W." + zone;
  auto check = verify_rrset(g.records, g.rrsigs, keys_of(records), zone, k_2030);
  REQUIRE(check);
  CHECK(check->status == RrsetCheck::Status::secure);
  CHECK(check->wildcard == "*.w." + zone);
}

TEST_CASE("altered data, a wrong window, a missing key or signature are bogus with the reason", "[dns][dnssec]") {
  for (const std::string zone : k_zones) {
    INFO(zone);
    auto records = in_zone(zone);
    auto keys = keys_of(records);
    auto www = group(group_rrsets(records), "www.", 1);

    auto altered = www.records;
    altered[0].rdata.back() ^= 1;
    auto check = verify_rrset(altered, www.rrsigs, keys, zone, k_2030);
    REQUIRE(check);
    CHECK(check->status == RrsetCheck::Status::bogus);
    CHECK_THAT(check->reason, Catch::Contains("does not verify"));

    check = verify_rrset(www.records, www.rrsigs, keys, zone, k_2037);
    CHECK(check->status == RrsetCheck::Status::bogus);
    CHECK(check->reason == "RRSIG over www." + zone + " A expired 2036-01-01T00:00:00Z");

    check = verify_rrset(www.records, www.rrsigs, keys, zone, k_2025);
    CHECK(check->reason == "RRSIG over www." + zone + " A not valid before 2026-01-01T00:00:00Z");

    check = verify_rrset(www.records, www.rrsigs, {}, zone, k_2030);
    CHECK_THAT(check->reason, Catch::Contains("matches no DNSKEY of " + zone));

    check = verify_rrset(www.records, {}, keys, zone, k_2030);
    CHECK(check->reason == "no RRSIG over www." + zone + " A");

    check = verify_rrset(www.records, www.rrsigs, keys, "vec.test.", k_2030);
    CHECK_THAT(check->reason, Catch::Contains("signed by " + zone + ", not by the zone vec.test."));
  }
}

TEST_CASE("record order and duplicates do not change the signed data", "[dns][dnssec]") {
  auto records = in_zone("rsasha256.vec.test.");
  auto www = group(group_rrsets(records), "www.", 1);
  auto sig = read_rrsig(www.rrsigs.at(0));
  REQUIRE(sig);
  auto reversed = www.records;
  std::reverse(reversed.begin(), reversed.end());
  auto doubled = www.records;
  doubled.push_back(www.records[0]);
  CHECK(*signed_data(www.records, *sig) == *signed_data(reversed, *sig));
  CHECK(*signed_data(www.records, *sig) == *signed_data(doubled, *sig));
}

TEST_CASE("DS digests of every type designate their key; key tags agree", "[dns][dnssec]") {
  int matched = 0;
  for (const auto& rr : vectors()) {
    if (rr.type != k_type_ds) continue;
    auto ds = read_ds(rr);
    REQUIRE(ds);
    auto keys = keys_of(in_zone(rr.name));
    REQUIRE(keys.size() == 1);
    CHECK(keys[0].key_tag == ds->key_tag);
    auto ok = ds_matches(*ds, keys[0]);
    REQUIRE(ok);
    CHECK(*ok);
    auto wrong = *ds;
    wrong.digest[0] ^= 0x80;
    CHECK_FALSE(*ds_matches(wrong, keys[0]));
    ++matched;
  }
  CHECK(matched == 21);
}

TEST_CASE("unknown algorithms are unsupported, not bogus", "[dns][dnssec]") {
  CHECK(algorithm_name(13) == "ECDSAP256SHA256");
  CHECK(algorithm_name(23) == "ALG23");
  auto check = verify_signature(23, {}, {}, {});
  REQUIRE(check);
  CHECK(*check == SignatureCheck::unsupported_algorithm);
  CHECK(*verify_signature(15, std::vector<std::uint8_t>(5), {}, {}) == SignatureCheck::bad_key);
}

TEST_CASE("records in presentation form: errors name the line", "[dns][dnssec]") {
  auto bad = parse_records_text("; anchors\n. IN DS 20326 8 2 ZZ\n", "anchors.txt");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().where == "anchors.txt:2");
  CHECK(bad.error().message == "DS digest is not hexadecimal");
  auto relative = parse_records_text("example IN A 192.0.2.1", "x");
  REQUIRE_FALSE(relative);
  CHECK(relative.error().message == "owner name must be fully qualified (end with '.')");
  auto multi = parse_records_text(". 172800 IN DNSKEY 257 3 8 (\n  AwEAAQ== ; key\n )\n", "k");
  REQUIRE(multi);
  REQUIRE(multi->size() == 1);
  CHECK(multi->at(0).rdata == std::vector<std::uint8_t>{0x01, 0x01, 3, 8, 3, 1, 0, 1});
}

TEST_CASE("a trust anchor file's errors name the line of the record at fault", "[dns][dnssec]") {
  const std::string path = std::filesystem::temp_directory_path() / ("sonde-anchor-" + std::to_string(::getpid()));
  auto anchor_error = [&](const std::string& text) {
    std::ofstream(path) << text;
    auto a = read_anchor_file(path);
    std::filesystem::remove(path);
    REQUIRE_FALSE(a);
    return a.error();
  };
  const std::string ds = ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n";
  auto wrong_type = anchor_error("; root\n" + ds + "example. IN A 192.0.2.1\n");
  CHECK(wrong_type.where == path + ":3");
  CHECK(wrong_type.message == "a trust anchor holds DS or DNSKEY records only");
  auto two_zones = anchor_error(ds + "\n\nexample. IN DS 1 8 2 " + std::string(64, 'A') + "\n");
  CHECK(two_zones.where == path + ":4");
  CHECK(two_zones.message == "every trust anchor record must be for one zone (.)");
}

TEST_CASE("canonical RDATA from the wire: names expanded and lower-cased", "[dns][dnssec]") {
  // A reply whose CNAME target is compressed against the question and written in upper case.
  std::vector<std::uint8_t> wire = {0x12, 0x34, 0x84, 0x00, 0, 1, 0, 1, 0, 0, 0, 0,
                                    3, 'f', 't', 'p', 4, 'S', 'H', 'O', 'P', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1,
                                    0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'W', 'W', 'W', 0xC0, 16};
  auto m = parse_message(wire);
  REQUIRE(m);
  REQUIRE(m->answer.size() == 1);
  CHECK(m->answer[0].data == "WWW.SHOP.test.");
  CHECK(m->answer[0].rdata == *encode_name("www.shop.test."));
}
