#include <catch2/catch.hpp>

#include "core/dns/dnssec/denial.hpp"
#include "core/dns/query_builder.hpp"

// NSEC and NSEC3 proofs over hand-built records (the records' signatures are the chain's job;
// these functions only read what a verified record says).
using namespace sonde::dns;
using namespace sonde::dns::dnssec;

namespace {

// An NSEC record: owner, next name and a type bitmap (window 0 only).
Record nsec(const std::string& owner, const std::string& next, std::vector<std::uint16_t> types) {
  Record rr{owner, 47, 1, 300, "", *encode_name(next)};
  std::vector<std::uint8_t> bits(32, 0);
  std::size_t used = 0;
  for (auto t : types) {
    bits[t / 8] |= static_cast<std::uint8_t>(0x80 >> (t % 8));
    used = std::max<std::size_t>(used, t / 8 + 1);
  }
  rr.rdata.push_back(0);
  rr.rdata.push_back(static_cast<std::uint8_t>(used));
  rr.rdata.insert(rr.rdata.end(), bits.begin(), bits.begin() + static_cast<std::ptrdiff_t>(used));
  return rr;
}

}  // namespace

TEST_CASE("NSEC3 hashes agree with RFC 5155 Appendix A and BIND's nsec3hash", "[dns][dnssec]") {
  const std::vector<std::uint8_t> salt{0xaa, 0xbb, 0xcc, 0xdd};
  CHECK(nsec3_hash("example.", salt, 12) == "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM");
  CHECK(nsec3_hash("x.w.example.", salt, 12) == "B4UM86EGHHDS6NEA196SMVMLO4ORS995");
  CHECK(nsec3_hash("X.W.Example.", salt, 12) == "B4UM86EGHHDS6NEA196SMVMLO4ORS995");
  CHECK(nsec3_hash("optout.test.", {}, 0) == "5DTLQDGIEAO67I4GP9E5KGTD6MJ19D2F");
}

TEST_CASE("canonical name order is by labels from the right, case-folded (RFC 4034 §6.1)", "[dns][dnssec]") {
  const std::vector<std::string> ordered{"example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.",
                                         "zABC.a.EXAMPLE.", "z.example.", "*.z.example."};
  for (std::size_t i = 0; i + 1 < ordered.size(); ++i) {
    INFO(ordered[i] << " < " << ordered[i + 1]);
    CHECK(compare_names(ordered[i], ordered[i + 1]) < 0);
    CHECK(compare_names(ordered[i + 1], ordered[i]) > 0);
  }
  CHECK(compare_names("WWW.Shop.test.", "www.shop.test.") == 0);
}

TEST_CASE("NXDOMAIN needs the name and the wildcard denied", "[dns][dnssec]") {
  const std::vector<Record> both{nsec("multi.shop.test.", "ns1.shop.test.", {16, 46, 47}),
                                 nsec("shop.test.", "_sip._tcp.shop.test.", {1, 2, 6, 46, 47, 48})};
  auto d = prove_nxdomain(both, "nope.shop.test.", "shop.test.");
  CHECK(d.proven);
  CHECK(d.detail == "NSEC multi.shop.test. -> ns1.shop.test. covers nope.shop.test.; no wildcard *.shop.test.");
  // Without the NSEC that denies *.shop.test., the proof is incomplete.
  auto half = prove_nxdomain({both[0]}, "nope.shop.test.", "shop.test.");
  CHECK_FALSE(half.proven);
  CHECK(half.detail == "no NSEC proves that the wildcard *.shop.test. does not exist");
  CHECK_FALSE(prove_nxdomain({}, "nope.shop.test.", "shop.test.").proven);
  // The last NSEC of a zone wraps to the apex and covers names after its owner.
  CHECK(prove_nxdomain({nsec("www.shop.test.", "shop.test.", {1}), both[1]}, "zzz.shop.test.", "shop.test.").proven);
}

TEST_CASE("NODATA: the name's own NSEC, or an empty non-terminal", "[dns][dnssec]") {
  auto d = prove_nodata({nsec("www.shop.test.", "x.shop.test.", {1, 28, 46, 47})}, "www.shop.test.", 16, "shop.test.");
  CHECK(d.proven);
  CHECK(d.detail == "NSEC at www.shop.test. lists only A AAAA RRSIG NSEC");
  auto contradicted = prove_nodata({nsec("www.shop.test.", "x.shop.test.", {1, 16})}, "www.shop.test.", 16, "shop.test.");
  CHECK_FALSE(contradicted.proven);
  CHECK_FALSE(prove_nodata({nsec("www.shop.test.", "x.shop.test.", {5})}, "www.shop.test.", 16, "shop.test.").proven);
  auto ent = prove_nodata({nsec("shop.test.", "_sip._tcp.shop.test.", {6})}, "_tcp.shop.test.", 33, "shop.test.");
  CHECK(ent.proven);
  CHECK(ent.detail == "NSEC shop.test. -> _sip._tcp.shop.test.: _tcp.shop.test. is an empty non-terminal");
}

TEST_CASE("no DS at a delegation: NS without DS or SOA", "[dns][dnssec]") {
  CHECK(prove_no_ds({nsec("lame.test.", "m.test.", {2, 46, 47})}, "lame.test.", "test.").proven);
  CHECK_FALSE(prove_no_ds({nsec("lame.test.", "m.test.", {2, 43, 46, 47})}, "lame.test.", "test.").proven);
  CHECK_FALSE(prove_no_ds({nsec("lame.test.", "m.test.", {2, 6, 46, 47})}, "lame.test.", "test.").proven);
  CHECK_FALSE(prove_no_ds({}, "lame.test.", "test.").proven);
}

TEST_CASE("NSEC3 with more than 150 iterations is not hashed: insecure (RFC 9276)", "[dns][dnssec]") {
  Record rr{"0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example.", 50, 1, 300, "", {1, 0, 0, 151, 0, 20}};
  rr.rdata.resize(rr.rdata.size() + 20, 0x11);
  auto d = prove_nxdomain({rr}, "nope.example.", "example.");
  CHECK(d.insecure);
  CHECK(d.detail == "NSEC3 with 151 iterations (above RFC 9276's 150): not checked, treated as insecure");
  rr.rdata[3] = 150;  // at the limit: hashed, and this lone record proves nothing
  auto hashed = prove_nxdomain({rr}, "nope.example.", "example.");
  CHECK_FALSE(hashed.insecure);
  CHECK_FALSE(hashed.proven);
}
