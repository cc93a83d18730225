#include <catch2/catch.hpp>

#include "core/dns/query_builder.hpp"
#include "core/dns/reply_match.hpp"

using namespace sonde::dns;

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes query_with_id(const char* name, std::uint16_t type, std::uint16_t id) {
  auto q = build_query(name, type, {});
  REQUIRE(q);
  (*q)[0] = static_cast<std::uint8_t>(id >> 8);
  (*q)[1] = static_cast<std::uint8_t>(id);
  return *q;
}

// A reply echoing the query's header and question: QR set, no records.
Bytes matching_reply(Bytes query) {
  query[2] |= 0x80;
  query.resize(query.size() - 11);  // drop the OPT record sonde's query carries
  query[11] = 0;                    // ARCOUNT
  return query;
}

}  // namespace

TEST_CASE("a reply with the query's ID and question matches", "[dns][reply_match]") {
  auto q = query_with_id("www.shop.test.", 1, 0xBEEF);
  CHECK(reply_matches_query(q, matching_reply(q)));
}

TEST_CASE("the question name is compared without regard to case", "[dns][reply_match]") {
  auto q = query_with_id("www.shop.test.", 1, 7);
  auto upper = matching_reply(query_with_id("WWW.Shop.TEST.", 1, 7));
  CHECK(reply_matches_query(q, upper));
}

TEST_CASE("another ID, name, type or class does not match", "[dns][reply_match]") {
  auto q = query_with_id("www.shop.test.", 1, 0x1000);
  CHECK_FALSE(reply_matches_query(q, matching_reply(query_with_id("www.shop.test.", 1, 0x1001))));
  CHECK_FALSE(reply_matches_query(q, matching_reply(query_with_id("evil.shop.test.", 1, 0x1000))));
  CHECK_FALSE(reply_matches_query(q, matching_reply(query_with_id("www.shop.test.", 28, 0x1000))));
  auto chaos = matching_reply(q);
  chaos[chaos.size() - 1] = 3;  // class CH
  CHECK_FALSE(reply_matches_query(q, chaos));
}

TEST_CASE("truncated, empty and question-less datagrams do not match", "[dns][reply_match]") {
  auto q = query_with_id("www.shop.test.", 1, 42);
  auto r = matching_reply(q);
  CHECK_FALSE(reply_matches_query(q, Bytes{}));
  CHECK_FALSE(reply_matches_query(q, Bytes(r.begin(), r.begin() + 11)));
  CHECK_FALSE(reply_matches_query(q, Bytes(r.begin(), r.end() - 1)));
  auto no_question = Bytes(r.begin(), r.begin() + 12);
  no_question[5] = 0;  // QDCOUNT 0
  CHECK_FALSE(reply_matches_query(q, no_question));
}

TEST_CASE("a compression loop in the reply's question is no match, not a hang", "[dns][reply_match]") {
  auto q = query_with_id("www.shop.test.", 1, 42);
  Bytes r(q.begin(), q.begin() + 12);
  r[2] |= 0x80;
  r[11] = 0;
  r.push_back(0xC0);  // a pointer to itself
  r.push_back(12);
  r.insert(r.end(), {0, 1, 0, 1});
  CHECK_FALSE(reply_matches_query(q, r));
}
