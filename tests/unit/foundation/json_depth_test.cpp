#include <catch2/catch.hpp>

#include <string>

#include "core/util/json_depth.hpp"

using sonde::json_nesting_exceeds;

TEST_CASE("JSON nesting is measured without recursion, strings aside", "[json-depth][hostile]") {
  CHECK_FALSE(json_nesting_exceeds("{}", 1));
  CHECK(json_nesting_exceeds("[[]]", 1));
  CHECK_FALSE(json_nesting_exceeds(R"({"a": [1, {"b": 2}]})", 3));
  CHECK(json_nesting_exceeds(R"({"a": [1, {"b": 2}]})", 2));
  // Brackets in strings, escaped quotes included, are text, not structure.
  CHECK_FALSE(json_nesting_exceeds(R"(["[[[[", "\"[[[[", "\\", "{{{{"])", 1));
  // Closers are counted too: siblings do not add up.
  CHECK_FALSE(json_nesting_exceeds("[[],[],[],[]]", 2));
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(json_nesting_exceeds(deep));
  CHECK_FALSE(json_nesting_exceeds(std::string(512, '[') + std::string(512, ']')));
  CHECK(json_nesting_exceeds(std::string(513, '[')));
}
