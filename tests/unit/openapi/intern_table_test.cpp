// The intern table behind DocTree's keys and strings: equal text gives the stored copy, distinct
// text its own, through growth, whatever the length or bytes.
#include <catch2/catch.hpp>

#include <deque>
#include <set>
#include <string>

#include "core/openapi/intern_table.hpp"

using sonde::openapi::InternTable;

namespace {

// Stores copies in a deque (stable addresses), counting how often it is asked to.
struct Store {
  std::deque<std::string> kept;
  const char* operator()(std::string_view s) {
    kept.emplace_back(s);
    return kept.back().c_str();
  }
};

}  // namespace

TEST_CASE("intern table: equal strings share one copy, distinct ones do not", "[openapi]") {
  InternTable table;
  Store store;
  auto intern = [&](std::string_view s) { return table.intern(s, [&](std::string_view t) { return store(t); }); };
  const char* a = intern("description");
  CHECK(intern(std::string("description")) == a);
  CHECK(intern("descriptioN") != a);
  // Strings equal in their first eight bytes, or differing only in a tail byte or an embedded NUL.
  const char* long1 = intern("abcdefgh1");
  const char* long2 = intern("abcdefgh2");
  CHECK(long1 != long2);
  CHECK(intern(std::string_view("ab\0c", 4)) != intern(std::string_view("ab\0d", 4)));
  CHECK(intern(std::string_view("ab\0c", 4)) == intern(std::string_view("ab\0c", 4)));
  const char* empty = intern("");
  REQUIRE(empty != nullptr);
  CHECK(intern("") == empty);
  CHECK(table.size() == 7);
  CHECK(store.kept.size() == 7);
}

TEST_CASE("intern table: every string is still found after the table grows many times", "[openapi]") {
  InternTable table;
  Store store;
  auto intern = [&](std::string_view s) { return table.intern(s, [&](std::string_view t) { return store(t); }); };
  std::vector<std::string> texts;
  for (int i = 0; i < 20000; ++i) texts.push_back("#/components/schemas/microsoft.graph.thing" + std::to_string(i));
  std::vector<const char*> first;
  for (const auto& t : texts) first.push_back(intern(t));
  CHECK(table.size() == texts.size());
  CHECK(std::set<const char*>(first.begin(), first.end()).size() == texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    CHECK(intern(texts[i]) == first[i]);
    CHECK(std::string_view(first[i]) == texts[i]);
  }
  CHECK(store.kept.size() == texts.size());
}

TEST_CASE("intern table: the hash spreads strings that differ in one bit", "[openapi]") {
  // Low bits index the table: strings one bit apart must not pile onto a few slots.
  std::set<std::uint64_t> low;
  std::string base(24, 'a');
  for (std::size_t byte = 0; byte < base.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string s = base;
      s[byte] = static_cast<char>(s[byte] ^ (1 << bit));
      low.insert(InternTable::hash(s) & 0xFFFF);
    }
  }
  CHECK(low.size() >= 180);  // of 192: a few collisions in 65,536 slots are chance, not a pattern
}
