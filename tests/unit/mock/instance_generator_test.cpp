#include <catch2/catch.hpp>

#include "core/mock/instance_generator.hpp"

using nlohmann::json;
using sonde::mock::GeneratorOptions;
using sonde::mock::InstanceGenerator;

namespace {
json components = json::parse(R"({
  "Node": {"type": "object", "required": ["id"], "properties": {
    "id": {"type": "integer", "minimum": 1},
    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}},
  "Money": {"type": "object", "required": ["amount", "currency"], "properties": {
    "amount": {"type": "integer", "exclusiveMinimum": 0},
    "currency": {"type": "string", "enum": ["EUR", "USD"]}}}
})");

InstanceGenerator make(GeneratorOptions options = {}) {
  return InstanceGenerator(
      [](const std::string& ref) -> const json* {
        const std::string prefix = "#/components/schemas/";
        if (ref.rfind(prefix, 0) != 0) return nullptr;
        auto name = ref.substr(prefix.size());
        return components.contains(name) ? &components.at(name) : nullptr;
      },
      options);
}
}  // namespace

TEST_CASE("generated values honour types, enums, formats and bounds", "[mock][generator]") {
  auto gen = make();
  auto money = gen.generate(json{{"$ref", "#/components/schemas/Money"}});
  CHECK(money["currency"] == "EUR");
  CHECK(money["amount"] == 1);  // exclusiveMinimum 0 → smallest integer above it
  auto s = gen.generate(json::parse(R"({"type":"string","format":"date-time"})"));
  CHECK(s == "2024-01-15T09:30:00Z");
  CHECK(gen.generate(json::parse(R"({"type":"string","minLength":10})")).get<std::string>().size() == 10);
  CHECK(gen.generate(json::parse(R"({"type":"integer","minimum":5,"maximum":9})")) == 5);
  CHECK(gen.generate(json::parse(R"({"type":"number","minimum":0,"exclusiveMinimum":true})")) == 0.5);
  CHECK(gen.generate(json::parse(R"({"type":["null","string"]})")) == "string");
}

TEST_CASE("recursive schemas are cut instead of expanding forever", "[mock][generator]") {
  GeneratorOptions options;
  options.max_depth = 3;
  auto gen = make(options);
  auto node = gen.generate(json{{"$ref", "#/components/schemas/Node"}});
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

TEST_CASE("allOf merges, oneOf takes a branch, readOnly and writeOnly respected", "[mock][generator]") {
  auto gen = make();
  auto merged = gen.generate(json::parse(R"({"allOf":[
     {"type":"object","required":["a"],"properties":{"a":{"type":"string"}}},
     {"type":"object","required":["b"],"properties":{"b":{"type":"boolean"}}}]})"));
  CHECK(merged == json::parse(R"({"a":"string","b":true})"));
  auto one = gen.generate(json::parse(R"({"oneOf":[{"type":"integer"},{"type":"string"}]})"));
  CHECK(one == 0);
  json with_secret = json::parse(R"({"type":"object","properties":{
      "password":{"type":"string","writeOnly":true},"id":{"type":"integer","readOnly":true}}})");
  CHECK_FALSE(gen.generate(with_secret).contains("password"));
  GeneratorOptions request;
  request.for_response = false;
  auto req = make(request).generate(with_secret);
  CHECK(req.contains("password"));
  CHECK_FALSE(req.contains("id"));
}

TEST_CASE("unresolvable references do not crash", "[mock][generator]") {
  auto gen = make();
  CHECK(gen.generate(json{{"$ref", "#/components/schemas/Missing"}}) == json::object());
  CHECK(gen.generate(json{{"$ref", "https://example.com/x.json"}}) == json::object());
}
