// The coverage phase's values: edges that are valid, and values that break exactly one constraint.
#include <algorithm>

#include <catch2/catch.hpp>

#include "core/check/generate/boundaries.hpp"
#include "tests/unit/check/generate/generate_support.hpp"

using namespace sonde::check::generate;
using nlohmann::json;

namespace {

const char* k_boundaries_spec = R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Limit: {type: integer, minimum: 1, maximum: 100}
    Kind: {type: string, enum: [tool, part]}
    Name: {type: string, minLength: 1, maxLength: 5}
    Item:
      type: object
      additionalProperties: false
      required: [name, price]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string, minLength: 1}
        price: {type: number, minimum: 0}
        tags: {type: array, maxItems: 2, items: {type: string}}
)";

std::vector<std::string> variant_labels(const std::vector<Variant>& vs) {
  std::vector<std::string> out;
  for (const auto& v : vs) out.push_back(v.label);
  return out;
}

json value_of(const std::vector<Variant>& vs, const std::string& label) {
  auto it = std::find_if(vs.begin(), vs.end(), [&](const Variant& v) { return v.label == label; });
  if (it == vs.end()) FAIL("no variant " << label);
  return it->value;
}

}  // namespace

TEST_CASE("numeric edges: the bounds are valid, one past each is not", "[check][generate]") {
  auto doc = gen_support::load_spec("bounds.yaml", k_boundaries_spec);
  Boundaries b(doc);
  auto schema = gen_support::node_at(doc, "/components/schemas/Limit");
  auto pos = b.positive(schema, json(1));
  CHECK(variant_labels(pos) == std::vector<std::string>{"= 100 (maximum)"});  // 1 is the baseline itself
  auto neg = b.negative(schema, json(1));
  CHECK(value_of(neg, "= 0 (below minimum 1)") == json(0));
  CHECK(value_of(neg, "= 101 (above maximum 100)") == json(101));
  CHECK(value_of(neg, "= \"not-a-number\" (not integer)") == json("not-a-number"));
  CHECK(value_of(neg, "= 1.5 (not integer)") == json(1.5));
}

TEST_CASE("enums: every value is tried, and one that is not listed", "[check][generate]") {
  auto doc = gen_support::load_spec("enum.yaml", k_boundaries_spec);
  Boundaries b(doc);
  auto schema = gen_support::node_at(doc, "/components/schemas/Kind");
  CHECK(variant_labels(b.positive(schema, json("tool"))) == std::vector<std::string>{"= \"part\" (enum value)"});
  CHECK(value_of(b.negative(schema, json("tool")), "= \"not-in-enum\" (not an enum value)") == json("not-in-enum"));
}

TEST_CASE("string lengths: shortest and longest valid, one past each invalid", "[check][generate]") {
  auto doc = gen_support::load_spec("lengths.yaml", k_boundaries_spec);
  Boundaries b(doc);
  auto schema = gen_support::node_at(doc, "/components/schemas/Name");
  auto pos = b.positive(schema, json("abc"));
  CHECK(value_of(pos, "of 1 characters (minLength)") == json("a"));
  CHECK(value_of(pos, "of 5 characters (maxLength)") == json("aaaaa"));
  auto neg = b.negative(schema, json("abc"));
  CHECK(value_of(neg, "of 0 characters (minLength 1)") == json(""));
  CHECK(value_of(neg, "of 6 characters (maxLength 5)") == json("aaaaaa"));
}

TEST_CASE("objects vary one property at a time; readOnly ones are never sent", "[check][generate]") {
  auto doc = gen_support::load_spec("object.yaml", k_boundaries_spec);
  Boundaries b(doc);
  auto schema = gen_support::node_at(doc, "/components/schemas/Item");
  json base = {{"name", "a"}, {"price", 1}};
  auto neg = b.negative(schema, base);
  CHECK(value_of(neg, "without required price") == json({{"name", "a"}}));
  CHECK(value_of(neg, "with unexpected property (additionalProperties false)") == json({{"name", "a"}, {"price", 1}, {"unexpected", 1}}));
  CHECK(value_of(neg, "/price = -0.5 (below minimum 0)") == json({{"name", "a"}, {"price", -0.5}}));
  CHECK(value_of(neg, "/tags with 3 items (maxItems 2)").at("tags").size() == 3);
  for (const auto& v : neg) CHECK_FALSE(v.value.contains("id"));
  auto pos = b.positive(schema, base);
  CHECK(value_of(pos, "with optional tags").at("tags") == json::array());
  for (const auto& v : pos) CHECK_FALSE(v.value.contains("id"));
}
