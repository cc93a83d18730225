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

TEST_CASE("ill-formed UTF-8 in a string is not JSON; well-formed text passes untouched", "[check][tape]") {
  auto error_of = [](std::string text) {
    auto tape = parse_json(text);
    REQUIRE_FALSE(tape);
    return sonde::describe(tape.error());
  };
  CHECK(error_of("{\"id\": \"A-1\xFF\"}") == "invalid JSON: invalid UTF-8 in string: line 1, column 12");
  CHECK(error_of("[\"\xC3\x28\"]") == "invalid JSON: invalid UTF-8 in string: line 1, column 3");       // bad continuation
  CHECK(error_of("[\"\xC0\xAF\"]") == "invalid JSON: invalid UTF-8 in string: line 1, column 3");       // overlong '/'
  CHECK(error_of("[\"\xED\xA0\x80\"]") == "invalid JSON: invalid UTF-8 in string: line 1, column 3");   // a surrogate
  CHECK(error_of("[\"\xF4\x90\x80\x80\"]") == "invalid JSON: invalid UTF-8 in string: line 1, column 3");  // > U+10FFFF
  CHECK(error_of("[\"abc\xE2\x82\"]") == "invalid JSON: invalid UTF-8 in string: line 1, column 6");    // cut short
  CHECK(error_of("{\"k\xFF\": 1}") == "invalid JSON: invalid UTF-8 in string: line 1, column 4");       // in a key
  // After an escape the text is moved left; the check still applies, and the position is that of
  // the original text (the unescaped newline is not counted as a line).
  CHECK(error_of("[\"\\n long enough to pass the fast path \xFF\"]") ==
        "invalid JSON: invalid UTF-8 in string: line 1, column 40");
  CHECK(error_of("{\"a\": \"x\\ny\",\n \"b\": tru}") == "invalid JSON: unexpected character: line 2, column 7");
  std::string text = "[\"caf\xC3\xA9 \xF0\x9F\x90\x88 \\t \xE2\x82\xAC and a long ASCII tail after it\"]";
  auto tape = parse_json(text);
  REQUIRE(tape);
  CHECK(tape->root().first_child().text() == "caf\xC3\xA9 \xF0\x9F\x90\x88 \t \xE2\x82\xAC and a long ASCII tail after it");
}
