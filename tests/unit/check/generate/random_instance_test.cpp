// Random instances must be valid against their schema (checked by the validator), seeded.
#include <catch2/catch.hpp>

#include "core/check/generate/random_instance.hpp"
#include "core/check/schema_compiler.hpp"
#include "core/check/validator.hpp"
#include "tests/unit/check/generate/generate_support.hpp"

using namespace sonde::check;
using namespace sonde::check::generate;

namespace {

const char* k_random_spec = R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Order:
      type: object
      additionalProperties: false
      required: [id, currency, amount, lines, placed]
      properties:
        id: {type: string, format: uuid}
        currency: {type: string, pattern: "^[A-Z]{3}$"}
        amount: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1000}
        quantity: {type: integer, minimum: 1, maximum: 9, multipleOf: 3}
        placed: {type: string, format: date-time}
        note: {type: string, maxLength: 4, nullable: true}
        lines:
          type: array
          minItems: 1
          maxItems: 3
          uniqueItems: true
          items: {type: string, enum: [a, b, c, d]}
        shape:
          oneOf:
            - {type: object, required: [r], properties: {r: {type: integer}}, additionalProperties: false}
            - {type: object, required: [s], properties: {s: {type: boolean}}, additionalProperties: false}
)";

}  // namespace

TEST_CASE("random instances are valid, for 200 seeds", "[check][generate]") {
  auto doc = gen_support::load_spec("random.yaml", k_random_spec);
  auto schema = gen_support::node_at(doc, "/components/schemas/Order");
  const nlohmann::json root = doc.root().to_json();
  SchemaCompiler compiler(Dialect::oas30, local_ref_resolver(root));
  auto compiled = compiler.compile(root.at(nlohmann::json::json_pointer("/components/schemas/Order")), "#/components/schemas/Order");
  REQUIRE(compiled.has_value());
  std::set<std::string> distinct;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    Rng rng(seed);
    RandomInstance random(doc, rng);
    auto value = random.generate(schema);
    REQUIRE(value.has_value());
    std::string text = value->dump();
    distinct.insert(text);
    INFO(text);
    CHECK(validate_body(**compiled, text).value().valid());
  }
  CHECK(distinct.size() > 150);  // random, not one value
}

TEST_CASE("a pattern that cannot be inverted is reported, and no value is made up", "[check][generate]") {
  auto doc = gen_support::load_spec("lookahead.yaml", R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Code: {type: string, pattern: "^(?!x)[a-z]+$"}
)");
  Rng rng(1);
  RandomInstance random(doc, rng);
  CHECK_FALSE(random.generate(gen_support::node_at(doc, "/components/schemas/Code")).has_value());
  CHECK(random.unsupported() == std::set<std::string>{"pattern '^(?!x)[a-z]+$': lookarounds are not inverted"});
}
