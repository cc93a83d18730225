// The fast JSON path must build exactly what nlohmann's parser builds, number types included, and
// must give up (leaving the text to nlohmann) on everything it does not take.
#include <catch2/catch.hpp>

#include "core/openapi/json_fast_parse.hpp"
#include "core/openapi/json_parse.hpp"
#include "core/util/json_same.hpp"

using sonde::openapi::parse_json_fast;
using sonde::openapi::parse_json_text;
using json = nlohmann::json;

TEST_CASE("trees compare with their number types", "[openapi][json]") {
  CHECK_FALSE(sonde::same_json(json(1), json(1u)));  // nlohmann's == calls these equal
  CHECK_FALSE(sonde::same_json(json(1), json(1.0)));
  CHECK_FALSE(sonde::same_json(json(0.0), json(-0.0)));
  CHECK(sonde::same_json(json::parse(R"({"a": [1, 2.5, "x"]})"), json::parse(R"({"a": [1, 2.5, "x"]})")));
}

TEST_CASE("the fast JSON path builds what nlohmann builds", "[openapi][json]") {
  const char* texts[] = {
      R"({"openapi": "3.1.0", "paths": {"/b": {}, "/a": {"get": {"x-n": [1, -2, 3.5, -0, -0.0, 0, 1e3, 2E-3, 1.5e+2]}}}})",
      R"({"big": [18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809, 99999999999999999999]})",
      "{\"s\": \"plain\", \"e\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\", \"u\": \"\\u00e9\\u20AC\\ud83d\\ude00\\u0000\"}",
      "{\"utf8\": \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF\", \"k\xC3\xA9y\": \"v\"}",
      " \t\r\n[ ] ",
      "\"just a string\"",
      "[true, false, null, {}, [], [[]], {\"a\": {\"b\": {}}}]",
      "{\"z\": 1, \"a\": 2, \"m\": 3, \"\": 4}",
      "-7",
      "0.1",
      "123456789012345678901234567890.5e-10",
  };
  for (const char* text : texts) {
    INFO(text);
    auto fast = parse_json_fast(text);
    REQUIRE(fast.has_value());
    CHECK(sonde::same_json(*fast, json::parse(text)));
  }
}

TEST_CASE("the fast JSON path gives up where nlohmann must decide", "[openapi][json]") {
  const char* texts[] = {
      "{\"a\": 1, \"a\": 2}",         // duplicate: parse_json_text words the error
      "{\"a\": \"\\ud800\"}",          // lone high surrogate
      "{\"a\": \"\\udc00\"}",          // lone low surrogate
      "{\"a\": \"\\ud800\\u0041\"}",   // high surrogate and no low one
      "[1e400]",                       // overflow
      "[1e-400]",                      // underflow: nlohmann takes it as 0
      "[1,]", "{\"a\":1,}", "[01]", "[-]", "[1.]", "[.5]", "[1e]", "[+1]",
      "{\"a\" 1}", "{a: 1}", "[1] x", "", "   ", "[", "{\"a\":", "\"open",
      "\xEF\xBB\xBF{}",                // a byte-order mark
      "[\"tab\there\"]",               // a raw control character
      "[\"\xC0\x80\"]",                // overlong
      "[\"\xED\xA0\x80\"]",            // an encoded surrogate
      "[\"\xF4\x90\x80\x80\"]",        // above U+10FFFF
      "[\"\xC3\"]",                    // truncated sequence
      "[\"\\x\"]",                     // unknown escape
      "[tru]", "[nul]", "[NaN]", "[Infinity]",
  };
  for (const char* text : texts) {
    INFO(text);
    CHECK_FALSE(parse_json_fast(text).has_value());
  }
  // Given up on, still read exactly as before: nlohmann's parser decides.
  auto underflow = parse_json_text("[1e-400]");
  REQUIRE(underflow.has_value());
  CHECK(sonde::same_json(*underflow, json::parse("[1e-400]")));
  auto bom = parse_json_text("\xEF\xBB\xBF{\"a\": 1}");
  REQUIRE(bom.has_value());
  CHECK((*bom)["a"] == 1);
  auto dup = parse_json_text("{\"a\": 1, \"a\": 2}");
  REQUIRE_FALSE(dup.has_value());
  CHECK(dup.error().message == "duplicate key \"a\"");
}

TEST_CASE("the fast JSON path leaves nesting beyond 512 levels to nlohmann", "[openapi][json]") {
  std::string deep = std::string(600, '[') + std::string(600, ']');
  CHECK_FALSE(parse_json_fast(deep).has_value());
  std::string ok = std::string(500, '[') + std::string(500, ']');
  CHECK(parse_json_fast(ok).has_value());
}
