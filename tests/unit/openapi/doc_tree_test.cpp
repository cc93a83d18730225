// The compact document tree must hold exactly what nlohmann's parser builds (values, number
// types, key order) and refuse what the fast JSON path refuses, so it can replace the nlohmann
// tree under openapi::Node without changing a verdict.
#include <catch2/catch.hpp>

#include "core/openapi/doc_tree.hpp"
#include "core/util/json_same.hpp"

using sonde::openapi::DocValue;
using sonde::openapi::doc_tree_from_json;
using sonde::openapi::parse_doc_tree;
using json = nlohmann::json;

TEST_CASE("doc tree: the values nlohmann builds, number types and key order included", "[openapi][doc_tree]") {
  const char* texts[] = {
      R"({"openapi": "3.1.0", "paths": {"/b": {}, "/a": {"get": {"x-n": [1, -2, 3.5, -0, -0.0, 0, 1e3, 2E-3, 1.5e+2]}}}})",
      R"({"big": [18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809]})",
      "{\"s\": \"plain\", \"e\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\", \"u\": \"\\u00e9\\u20AC\\ud83d\\ude00\\u0000\"}",
      "{\"utf8\": \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\", \"k\xC3\xA9y\": \"v\"}",
      " \t\r\n[ ] ",
      "\"just a string\"",
      "[true, false, null, {}, [], [[]], {\"a\": {\"b\": {}}}]",
      "{\"z\": 1, \"a\": 2, \"m\": 3, \"\": 4, \"aa\": [{\"z\": 0, \"y\": 1}]}",
      "-7",
      "0.1",
  };
  for (const char* text : texts) {
    INFO(text);
    auto tree = parse_doc_tree(text);
    REQUIRE(tree.has_value());
    CHECK(sonde::same_json(tree->root().to_json(), json::parse(text)));
    CHECK(sonde::same_json(doc_tree_from_json(json::parse(text)).root().to_json(), json::parse(text)));
  }
}

TEST_CASE("doc tree: gives up where the fast JSON path does", "[openapi][doc_tree]") {
  const char* texts[] = {
      R"({"a": 1, "a": 2})", R"({"a": 1} x)", R"({"a": [1, 2}})", R"({"a": "unterminated})", R"({"a": 01})",
      "{\"a\": \"\\ud800\"}", "{\"a\": \"\xC0\xAF\"}", "\xEF\xBB\xBF{}", R"([1e999])", "",
  };
  for (const char* text : texts) {
    INFO(text);
    CHECK_FALSE(parse_doc_tree(text).has_value());
  }
  std::string deep(513, '[');
  deep += std::string(513, ']');
  CHECK_FALSE(parse_doc_tree(deep).has_value());
  std::string fine(512, '[');
  fine += std::string(512, ']');
  CHECK(parse_doc_tree(fine).has_value());
}

TEST_CASE("doc tree: lookups, iteration in key order, shared keys", "[openapi][doc_tree]") {
  auto tree = parse_doc_tree(R"({"paths": {"/z": {"get": {}}, "/a": {"get": {}}}, "info": {"title": "t"}, "n": 7, "l": [1, "x"]})");
  REQUIRE(tree.has_value());
  const DocValue& root = tree->root();
  REQUIRE(root.is_object());
  CHECK(root.size() == 4);
  CHECK(root.key_at(0) == "info");
  CHECK(root.key_at(3) == "paths");
  const DocValue* paths = root.find("paths");
  REQUIRE(paths != nullptr);
  CHECK(paths->key_at(0) == "/a");
  CHECK(paths->key_at(1) == "/z");
  CHECK(root.find("nothing") == nullptr);
  CHECK(root.find("n")->is_number_unsigned());
  CHECK(root.find("n")->unsigned_integer() == 7);
  CHECK(root.find("l")->items()[1].string() == "x");
  CHECK(root.find("info")->find("title")->string() == "t");
  CHECK(std::string(root.type_name()) == "object");
  // One copy of a key name however often it appears.
  CHECK(paths->value_at(0).key_at(0).data() == paths->value_at(1).key_at(0).data());
}
