#include <catch2/catch.hpp>

#include "core/openapi/yaml_quoted.hpp"
#include "core/openapi/yaml_to_json.hpp"

#include <yaml-cpp/yaml.h>  // YamlParsed owns a YAML::Node

using sonde::openapi::decode_quoted_scalar;

namespace {

std::string decoded(std::string_view text) {
  auto q = decode_quoted_scalar(text, 0);
  REQUIRE(q);
  return q->value;
}

std::string loaded(const std::string& yaml) {
  auto parsed = sonde::openapi::parse_yaml("t.yaml", yaml, {});
  REQUIRE(parsed);
  return parsed->tree.at("d").get<std::string>();
}

}  // namespace

TEST_CASE("yaml quoted: flow folding of double-quoted scalars (YAML 1.2 section 7.3.1)") {
  CHECK(decoded("\"a\n  b\"") == "a b");                     // a break is a space
  CHECK(decoded("\"a  \n  b\"") == "a b");                   // trailing white space dropped
  CHECK(decoded("\"a\n\n  b\"") == "a\nb");                  // an empty line is a newline
  CHECK(decoded("\"A\n\n  B\n\n\n  \"") == "A\nB\n\n");      // the case yaml-cpp gets wrong
  CHECK(decoded("\"a\\\n   b\"") == "ab");                   // escaped break joins
  CHECK(decoded("\"a \\t\n b\"") == "a \t b");               // escaped white space stays
  CHECK(decoded("\"\\x41\\u00e9\\U0001F600\\\"\\\\\"") == "A\xC3\xA9\xF0\x9F\x98\x80\"\\");
  CHECK(decoded("\"a\r\n\r\n b\"") == "a\nb");
  CHECK_FALSE(decode_quoted_scalar("\"a\\q\"", 0));          // not an escape
  CHECK_FALSE(decode_quoted_scalar("\"open", 0));
  CHECK_FALSE(decode_quoted_scalar("plain", 0));
}

TEST_CASE("yaml quoted: single-quoted scalars fold the same way, '' is a quote") {
  CHECK(decoded("'it''s\n\n\n  x'") == "it's\n\nx");
  CHECK(decoded("'a\\n'") == "a\\n");
  CHECK(decode_quoted_scalar("'x'", 0)->multi_line == false);
  CHECK(decode_quoted_scalar("'x\n y'", 0)->multi_line == true);
}

TEST_CASE("yaml quoted: a description read from YAML equals its JSON twin") {
  CHECK(loaded("d: \"A\n\n  B\n\n\n  \"\n") == "A\nB\n\n");
  CHECK(loaded("d: 'A\n\n  B\n\n\n  '\n") == "A\nB\n\n");
  CHECK(loaded("d: \"one line\"\n") == "one line");
  CHECK(loaded("d: &x \"anchored\n\n  twice\"\ne: *x\n") == "anchored\ntwice");
  CHECK(loaded("d: |\n  block\n\n") == "block\n");
}

TEST_CASE("yaml quoted: escapes with no UTF-8 form are left to yaml-cpp's checked text") {
  CHECK_FALSE(decode_quoted_scalar("\"a\\uD83D\n b\"", 0));
  CHECK_FALSE(decode_quoted_scalar("\"a\\U00110000\n b\"", 0));
  CHECK(decoded("\"a\\xff\n b\"") == "a\xC3\xBF b");  // \xff is U+00FF, two bytes
}
