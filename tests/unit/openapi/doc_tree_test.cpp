// The compact document tree must hold exactly what nlohmann's parser builds (values, number
// types, key order) and refuse what the fast JSON path refuses, so it can replace the nlohmann
// tree under openapi::Node without changing a verdict.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/openapi/doc_tree.hpp"
#include "core/util/json_same.hpp"

using sonde::openapi::DocValue;
using sonde::openapi::doc_tree_from_json;
using sonde::openapi::parse_doc_tree;
using sonde::openapi::DocTree;
using sonde::openapi::values_equal;
using sonde::openapi::values_identical;
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
  const DocValue* paths = root.member("paths");
  REQUIRE(paths != nullptr);
  CHECK(paths->key_at(0) == "/a");
  CHECK(paths->key_at(1) == "/z");
  CHECK(root.member("nothing") == nullptr);
  CHECK(root.member("n")->is_number_unsigned());
  CHECK(root.member("n")->unsigned_integer() == 7);
  CHECK(root.member("l")->elements()[1].string() == "x");
  CHECK(root.member("info")->member("title")->string() == "t");
  CHECK(std::string(root.type_name()) == "object");
  // One copy of a key name however often it appears.
  CHECK(paths->value_at(0).key_at(0).data() == paths->value_at(1).key_at(0).data());
}

// The readers of descriptions (view, diff, mock, check) walk a DocValue the way they walked
// nlohmann::json: these are the parts of that interface they rely on.
TEST_CASE("doc tree: nlohmann's reading interface, with the same answers", "[openapi][doc_tree]") {
  const char* text = R"({"b": {"x": 1}, "a": [10, "t", true, 2.5], "s": "str", "n": -3, "u": 7, "nil": null})";
  auto tree = parse_doc_tree(text);
  REQUIRE(tree.has_value());
  const DocValue& root = tree->root();
  const json reference = json::parse(text);

  SECTION("iteration visits members in key order with their keys, and array items in order") {
    std::vector<std::string> keys, expected;
    for (auto it = root.begin(); it != root.end(); ++it) keys.emplace_back(it.key());
    for (auto it = reference.begin(); it != reference.end(); ++it) expected.push_back(it.key());
    CHECK(keys == expected);
    std::vector<std::string> items;
    for (const DocValue& item : root["a"]) items.push_back(item.dump());
    CHECK(items == std::vector<std::string>{"10", "\"t\"", "true", "2.5"});
    CHECK(root["s"].begin() == root["s"].end());  // a scalar has no members
    std::size_t bound = 0;
    for (const auto& [key, value] : root.items()) {
      CHECK(value.dump() == reference[std::string(key)].dump());
      ++bound;
    }
    CHECK(bound == reference.size());
  }
  SECTION("find gives an iterator to the member, or end()") {
    auto it = root.find("b");
    REQUIRE(it != root.end());
    CHECK(it.key() == "b");
    CHECK(it->contains("x"));
    CHECK(root.find("zz") == root.end());
    CHECK(root["a"].find("b") == root["a"].end());  // not an object
    CHECK(root["missing"].is_null());
  }
  SECTION("step follows a JSON pointer token: members, decimal indexes, nothing else") {
    CHECK(root.step("a")->is_array());
    CHECK(root["a"].step("1")->string() == "t");
    CHECK(root["a"].step("4") == nullptr);
    CHECK(root["a"].step("01") != nullptr);  // leading zeros read as the number, as json_pointer::step does
    CHECK(root["a"].step("1x") == nullptr);
    CHECK(root["a"].step("") == nullptr);
    CHECK(root["a"].step("99999999999999999999999") == nullptr);
    CHECK(root["s"].step("0") == nullptr);
  }
  SECTION("get<T>, comparison with text, dump") {
    CHECK(root["s"].get<std::string>() == "str");
    CHECK(root["n"].get<std::int64_t>() == -3);
    CHECK(root["u"].get<int>() == 7);
    CHECK(root["a"][3].get<double>() == 2.5);
    CHECK(root["a"][2].get<bool>());
    CHECK(root["s"] == "str");
    CHECK_FALSE(root["s"] == "other");
    CHECK_FALSE(root["n"] == "-3");  // a number is not its text
    CHECK(root.dump() == reference.dump());
  }
}

TEST_CASE("doc tree: size and empty answer as nlohmann's do, scalars included", "[openapi][doc_tree]") {
  const char* text = R"({"o": {}, "p": {"a": 1}, "a": [], "b": [1, 2], "s": "", "t": "x", "n": 0, "f": false, "z": null})";
  auto tree = parse_doc_tree(text);
  REQUIRE(tree.has_value());
  const json reference = json::parse(text);
  for (const auto& [key, value] : tree->root().items()) {
    INFO(key);
    CHECK(value.size() == reference[std::string(key)].size());
    CHECK(value.empty() == reference[std::string(key)].empty());
  }
}

TEST_CASE("doc tree: equal strings are stored once, as keys are", "[openapi][doc_tree]") {
  auto tree = parse_doc_tree(
      R"({"a": {"$ref": "#/components/schemas/Pet", "type": "string"},
          "b": {"$ref": "#/components/schemas/Pet", "type": "strinG"},
          "string": "type"})");
  REQUIRE(tree.has_value());
  const DocValue& root = tree->root();
  const DocValue& a = root["a"];
  const DocValue& b = root["b"];
  CHECK(a["$ref"].string().data() == b["$ref"].string().data());
  CHECK(a["type"].string() == "string");
  CHECK(b["type"].string() == "strinG");
  CHECK(a["type"].string().data() != b["type"].string().data());
  CHECK(root["string"].string() == "type");
}

TEST_CASE("doc tree: values_equal answers as nlohmann's == does, values_identical as their text", "[openapi][doc_tree]") {
  const std::vector<std::string> values{
      "null", "true", "false", "0", "1", "-1", "1.0", "1.5", "-1.0", "0.0", "-0.0", "18446744073709551615", "9223372036854775807",
      "\"\"", "\"a\"", "\"1\"", "[]", "[1]", "[1.0]", "[1, 2]", "[2, 1]", "{}", R"({"a": 1})", R"({"a": 1.0})",
      R"({"b": 1})", R"({"a": 1, "b": [true, null]})", R"({"b": [true, null], "a": 1})", R"({"a": 1, "b": [true]})",
      R"([{"x": "y"}, [[]]])", R"([{"x": "y"}, [{}]])"};
  std::vector<DocTree> trees;
  for (const auto& v : values) {
    auto tree = parse_doc_tree(v);
    REQUIRE(tree.has_value());
    trees.push_back(std::move(*tree));
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = 0; j < values.size(); ++j) {
      INFO(values[i] << " vs " << values[j]);
      CHECK(values_equal(trees[i].root(), trees[j].root()) == (nlohmann::json::parse(values[i]) == nlohmann::json::parse(values[j])));
      CHECK(values_identical(trees[i].root(), trees[j].root()) ==
            (nlohmann::json::parse(values[i]).dump() == nlohmann::json::parse(values[j]).dump()));
    }
  }
  // YAML's .nan: a description equals itself (nlohmann's == says NaN != NaN); not a number's equal.
  auto nan = doc_tree_from_json(json(std::nan("")));
  auto other_nan = doc_tree_from_json(json::array({std::nan("")}));
  auto one = doc_tree_from_json(json(1.0));
  CHECK(values_equal(nan.root(), nan.root()));
  CHECK(values_identical(other_nan.root(), other_nan.root()));
  CHECK_FALSE(values_equal(nan.root(), one.root()));
  CHECK_FALSE(values_identical(one.root(), nan.root()));
}

TEST_CASE("doc tree: a parse reports its progress forward, and builds the same tree", "[openapi][doc_tree]") {
  std::string text = "{\"list\": [";
  for (int i = 0; i < 5000; ++i) text += (i ? ", " : "") + std::string("{\"n\": ") + std::to_string(i) + ", \"s\": \"value\"}";
  text += "], \"end\": true}";
  struct Recorder : sonde::openapi::ParseProgress {
    std::vector<std::size_t> offsets;
    void reached(std::size_t offset) override { offsets.push_back(offset); }
  } recorder;
  recorder.every = 4096;
  auto with = parse_doc_tree(text, recorder);
  auto without = parse_doc_tree(text);
  REQUIRE(with.has_value());
  REQUIRE(without.has_value());
  CHECK(values_equal(with->root(), without->root()));
  REQUIRE(recorder.offsets.size() >= text.size() / 4096 - 1);
  for (std::size_t i = 0; i < recorder.offsets.size(); ++i) {
    CHECK(recorder.offsets[i] >= (i + 1) * 4096);
    CHECK(recorder.offsets[i] < text.size());
    if (i > 0) CHECK(recorder.offsets[i] >= recorder.offsets[i - 1] + 4096);
  }
}
