#include <catch2/catch.hpp>

#include "core/openapi/instance_generator.hpp"

using nlohmann::json;
using sonde::openapi::Document;
using sonde::openapi::GeneratorOptions;
using sonde::openapi::InstanceGenerator;

namespace {

const Document& fixtures() {
  static auto doc = sonde::openapi::load(std::string(SONDE_SOURCE_DIR) + "/tests/unit/openapi/fixtures/generator.yaml");
  REQUIRE(doc.has_value());
  return *doc;
}

json generate(const std::string& name, GeneratorOptions options = {}) {
  auto schemas = Document::child(Document::child(fixtures().root_node(), "components"), "schemas");
  auto schema = Document::child(schemas, name);
  REQUIRE(schema);
  return InstanceGenerator(fixtures(), options).generate(schema);
}

}  // namespace

TEST_CASE("generated values honour types, enums, formats and bounds", "[openapi][generator]") {
  auto money = generate("Money");
  CHECK(money["currency"] == "EUR");
  CHECK(money["amount"] == 1);  // exclusiveMinimum 0 → smallest integer above it
  CHECK(generate("Stamp") == "2024-01-15T09:30:00Z");
  CHECK(generate("Padded").get<std::string>().size() == 10);
  CHECK(generate("Bounded") == 5);
  CHECK(generate("Nullable") == "string");
}

TEST_CASE("recursive schemas are cut instead of expanding forever", "[openapi][generator]") {
  auto node = generate("Node", {.max_depth = 3});
  int depth = 0;
  const json* current = &node;
  while (current->contains("children") && !current->at("children").empty()) {
    current = &current->at("children").at(0);
    ++depth;
  }
  CHECK(depth >= 1);
  CHECK(depth <= 3);
  CHECK(current->at("id") == 1);
}

TEST_CASE("allOf merges, oneOf takes a branch, readOnly and writeOnly by direction", "[openapi][generator]") {
  CHECK(generate("Merged") == json::parse(R"({"a":"string","b":true})"));
  CHECK(generate("OneOf") == 0);
  CHECK_FALSE(generate("Secret").contains("password"));
  auto request = generate("Secret", {.for_response = false});
  CHECK(request.contains("password"));
  CHECK_FALSE(request.contains("id"));
}

TEST_CASE("the minimal mode keeps required properties and minItems only", "[openapi][generator]") {
  auto full = generate("Tagged");
  CHECK(full.contains("note"));
  auto minimal = generate("Tagged", {.include_optional = false});
  CHECK(minimal == json::parse(R"({"tags":["user@example.com","user@example.com"]})"));
}

TEST_CASE("references are followed into other files", "[openapi][generator]") {
  CHECK(generate("Shared") == json::parse(R"({"kind":"other-file"})"));
}

TEST_CASE("hostile schemas give a value, not a throw or a hang", "[openapi][generator]") {
  CHECK(generate("SelfAll") == json::object());  // allOf through itself: cut by the nesting bound
  auto hostile = generate("Hostile");           // wrong-typed keywords are ignored
  CHECK(hostile["n"] == 0);
  CHECK(hostile["s"] == "string");
  CHECK(InstanceGenerator(fixtures(), {}).generate({}) == json::object());
}

TEST_CASE("trees of required children are bounded, nullable ones end in null", "[openapi][generator]") {
  auto tree = generate("Tree");  // would double at every level without the visit budget
  CHECK(tree.is_object());
  CHECK(tree.dump().size() < 4u << 20);
  auto nullable = generate("NullableTree", {.max_depth = 2});
  CHECK(nullable["left"]["left"]["left"].is_null());
  auto wide = generate("Wide");  // 100 strings of 1 MB would be 100 MB
  CHECK(wide.dump().size() <= (16u << 20) + 1000u);
}

TEST_CASE("allOf parts that only annotate do not change the type", "[openapi][generator]") {
  CHECK(generate("MaybeStatus") == "active");
  auto code = generate("ShortCode");  // its length bounds live in untyped allOf parts
  REQUIRE(code.is_string());
  CHECK(code.get<std::string>().size() >= 3);
  CHECK(code.get<std::string>().size() <= 5);
  CHECK(generate("SmallEven") == 4);
}

TEST_CASE("numbers honour every bound, multipleOf included", "[openapi][generator]") {
  CHECK(generate("Negative") == -2);
  CHECK(generate("BelowZero") == -5);
  CHECK(generate("BothLower") == 10);
  auto fraction = generate("Fraction").get<double>();
  CHECK(fraction > 0);
  CHECK(fraction <= 0.25);
  CHECK(generate("Huge").is_number_integer());  // clamped, not undefined behaviour
}
