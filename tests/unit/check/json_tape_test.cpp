#include <catch2/catch.hpp>

#include "core/check/json_tape.hpp"

using namespace sonde::check;

TEST_CASE("tape parser reads every JSON type", "[check][tape]") {
  std::string text = R"({"a":[1,-2.5,"x",true,false,null],"b":{}})";
  auto tape = parse_json(text);
  REQUIRE(tape);
  JsonValue root = tape->root();
  REQUIRE(root.type() == JsonType::object);
  REQUIRE(root.size() == 2);
  JsonValue a{nullptr, 0};
  REQUIRE(root.find("a", a));
  REQUIRE(a.size() == 6);
  JsonValue v = a.first_child();
  CHECK(v.entry().i == 1);
  v = v.next_sibling();
  CHECK(v.entry().d == -2.5);
  v = v.next_sibling();
  CHECK(v.text() == "x");
  CHECK(root.dump() == R"({"a":[1,-2.5,"x",true,false,null],"b":{}})");
}

TEST_CASE("tape parser keeps integers beyond 64 bits exact", "[check][tape]") {
  std::string text = "[9007199254740993, 123456789012345678901234567890]";
  auto tape = parse_json(text);
  REQUIRE(tape);
  JsonValue first = tape->root().first_child();
  CHECK(first.entry().i == 9007199254740993LL);  // 2^53 + 1: a double would round it
  JsonValue big = first.next_sibling();
  CHECK(big.is_big_integer());
  CHECK(big.text() == "123456789012345678901234567890");
}

TEST_CASE("tape parser unescapes strings in place", "[check][tape]") {
  std::string text = R"(["a\"b\\c\n\u00e9\ud83d\ude00"])";
  auto tape = parse_json(text);
  REQUIRE(tape);
  CHECK(tape->root().first_child().text() == "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80");
}

TEST_CASE("tape parser rejects malformed JSON with a position", "[check][tape]") {
  for (std::string bad : {"{", "[1,]", "{\"a\" 1}", "01", "tru", "\"abc", "[1] x", "1.", "-"}) {
    auto tape = parse_json(bad);
    INFO(bad);
    REQUIRE_FALSE(tape);
    CHECK(tape.error().kind == sonde::ErrorKind::invalid_input);
    CHECK(tape.error().where.find("line 1") == 0);
  }
}

TEST_CASE("streaming a top-level array yields one element at a time", "[check][tape]") {
  std::string text = R"( [ {"a":1}, [2], 3 ] )";
  TapeParser parser(text);
  REQUIRE(parser.begin_array());
  Tape tape;
  int count = 0;
  while (true) {
    auto more = parser.next_element(tape);
    REQUIRE(more);
    if (!*more) break;
    ++count;
  }
  CHECK(count == 3);
  CHECK(parser.finish());
}

TEST_CASE("lone surrogates become U+FFFD and bad escapes are errors", "[check][tape]") {
  std::string lone = R"(["\ud800x"])";
  auto tape = parse_json(lone);
  REQUIRE(tape);
  CHECK(tape->root().first_child().text() == "\xef\xbf\xbdx");
  for (std::string bad : {R"(["\u12"])", R"(["\x"])", "[\"a\x01\"]"}) {
    INFO(bad);
    CHECK_FALSE(parse_json(bad));
  }
}
