// The OpenAPI dialect pitfalls: each case is one a stock JSON Schema validator (ajv 8, measured in
// issue 4) gets wrong, so each CHECK here fails under a stock validator's behaviour.
#include <catch2/catch.hpp>

#include "tests/unit/check/check_test_support.hpp"

using namespace sonde::check;
using sonde::check::testing::compile_text;
using sonde::check::testing::run;
using sonde::check::testing::valid;

namespace {

const char* k_components = R"({"components":{"schemas":{
  "Pet":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}},
  "NullablePetRef":{"nullable":true,"$ref":"#/components/schemas/Pet"},
  "NullablePetAllOf":{"nullable":true,"allOf":[{"$ref":"#/components/schemas/Pet"}]},
  "Account":{"type":"object","required":["id","password","name"],"properties":{
    "id":{"type":"integer","readOnly":true},
    "password":{"type":"string","writeOnly":true},
    "name":{"type":"string"},
    "owner":{"$ref":"#/components/schemas/Id"}}},
  "Id":{"type":"integer","readOnly":true},
  "Positive":{"type":"number","minimum":0,"exclusiveMinimum":true,"maximum":10,"exclusiveMaximum":true},
  "Annotated":{"type":"string","example":42,"x-internal":{"type":"integer"}},
  "Cat":{"type":"object","required":["petType"],"properties":{"petType":{"type":"string"},"claws":{"type":"integer"}}},
  "Dog":{"type":"object","required":["petType"],"properties":{"petType":{"type":"string"},"bark":{"type":"string"}}},
  "PetOneOf":{"oneOf":[{"$ref":"#/components/schemas/Cat"},{"$ref":"#/components/schemas/Dog"}],
              "discriminator":{"propertyName":"petType"}},
  "PetMapped":{"oneOf":[{"$ref":"#/components/schemas/Cat"},{"$ref":"#/components/schemas/Dog"}],
               "discriminator":{"propertyName":"petType","mapping":{"cat":"#/components/schemas/Cat","dog":"Dog"}}},
  "Big":{"type":"integer","maximum":9007199254740992},
  "BigConst":{"const":9007199254740993},
  "Nullable31":{"type":"string","nullable":true},
  "NullableEnum":{"type":"string","enum":["a","b"],"nullable":true}
}}})";

bool dialect_check(const char* schema, const char* instance, Dialect dialect = Dialect::oas30,
           Direction direction = Direction::response) {
  auto c = compile_text(k_components, dialect, std::string("/components/schemas/") + schema);
  ValidationOptions options;
  options.direction = direction;
  return run(c, instance, options).valid();
}

}  // namespace

TEST_CASE("3.0: nullable next to $ref and next to allOf admits null", "[check][dialect]") {
  CHECK(dialect_check("NullablePetRef", "null"));
  CHECK(dialect_check("NullablePetAllOf", "null"));
  CHECK_FALSE(dialect_check("NullablePetRef", R"({})"));  // the referenced schema still applies to non-null
  CHECK_FALSE(dialect_check("Pet", "null"));
}

TEST_CASE("3.0: nullable admits null even when enum does not list it", "[check][dialect]") {
  CHECK(dialect_check("NullableEnum", "null"));
  CHECK(dialect_check("NullableEnum", "\"a\""));
  CHECK_FALSE(dialect_check("NullableEnum", "\"c\""));
}

TEST_CASE("3.0: boolean exclusiveMinimum/exclusiveMaximum make the bounds exclusive", "[check][dialect]") {
  CHECK_FALSE(dialect_check("Positive", "0"));
  CHECK(dialect_check("Positive", "0.5"));
  CHECK_FALSE(dialect_check("Positive", "10"));
  CHECK(dialect_check("Positive", "9.99"));
}

TEST_CASE("3.0: readOnly is not required in requests, writeOnly not in responses", "[check][dialect]") {
  // Request: the server assigns id (readOnly, also through a $ref), the client sends the password.
  CHECK(dialect_check("Account", R"({"password":"s3cret","name":"a"})", Dialect::oas30, Direction::request));
  CHECK_FALSE(dialect_check("Account", R"({"name":"a"})", Dialect::oas30, Direction::request));
  // Response: the password (writeOnly) never comes back, id must.
  CHECK(dialect_check("Account", R"({"id":1,"name":"a"})", Dialect::oas30, Direction::response));
  CHECK_FALSE(dialect_check("Account", R"({"name":"a"})", Dialect::oas30, Direction::response));
}

TEST_CASE("discriminator picks the branch that overlapping oneOf cannot", "[check][dialect]") {
  // Both Cat and Dog accept this object, so plain oneOf fails with "matched 2".
  CHECK(dialect_check("PetOneOf", R"({"petType":"Cat","claws":3})"));
  CHECK(dialect_check("PetMapped", R"({"petType":"dog","bark":"woof"})"));
  CHECK_FALSE(dialect_check("PetMapped", R"({"petType":"dog","bark":7})"));
  CHECK_FALSE(dialect_check("PetMapped", R"({"petType":"cow"})"));
  CHECK_FALSE(dialect_check("PetMapped", R"({"bark":"woof"})"));
  auto c = compile_text(k_components, Dialect::oas30, "/components/schemas/PetMapped");
  auto r = run(c, R"({"petType":"dog","bark":7})");
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].schema == "#/components/schemas/Dog/properties/bark/type");
}

TEST_CASE("integers above 2^53 keep their exact value", "[check][dialect]") {
  CHECK(dialect_check("Big", "9007199254740992"));
  CHECK_FALSE(dialect_check("Big", "9007199254740993"));  // JSON.parse rounds this to 2^53 and passes it
  CHECK(dialect_check("BigConst", "9007199254740993", Dialect::oas31));
  CHECK_FALSE(dialect_check("BigConst", "9007199254740992", Dialect::oas31));
  CHECK_FALSE(dialect_check("Big", "123456789012345678901234567890"));
}

TEST_CASE("example and x-* extensions are not keywords", "[check][dialect]") {
  CHECK(dialect_check("Annotated", "\"text\""));
  CHECK_FALSE(dialect_check("Annotated", "42"));
}

TEST_CASE("3.1 follows 2020-12: nullable is not a keyword, $ref siblings apply", "[check][dialect]") {
  CHECK_FALSE(dialect_check("Nullable31", "null", Dialect::oas31));
  CHECK(dialect_check("Nullable31", "null", Dialect::oas30));
  auto c31 = compile_text(R"({"$defs":{"s":{"type":"string"}},"$ref":"#/$defs/s","maxLength":2})", Dialect::oas31);
  CHECK_FALSE(run(c31, "\"abc\"").valid());
  // 3.0: siblings of $ref are ignored.
  auto c30 = compile_text(R"({"$defs":{"s":{"type":"string"}},"$ref":"#/$defs/s","maxLength":2})", Dialect::oas30);
  CHECK(run(c30, "\"abc\"").valid());
}

TEST_CASE("dialect comes from the openapi/swagger version", "[check][dialect]") {
  CHECK(dialect_from_version("3.0.3") == Dialect::oas30);
  CHECK(dialect_from_version("2.0") == Dialect::oas30);
  CHECK(dialect_from_version("3.1.0") == Dialect::oas31);
}

TEST_CASE("discriminator on an allOf base dispatches to the mapped child without looping", "[check][dialect]") {
  const char* doc = R"({"components":{"schemas":{
    "Base":{"type":"object","required":["kind"],"properties":{"kind":{"type":"string"}},
            "discriminator":{"propertyName":"kind","mapping":{"a":"#/components/schemas/A"}}},
    "A":{"allOf":[{"$ref":"#/components/schemas/Base"},{"required":["x"],"properties":{"x":{"type":"integer"}}}]}}}})";
  auto base = compile_text(doc, Dialect::oas30, "/components/schemas/Base");
  CHECK(run(base, R"({"kind":"a","x":1})").valid());
  CHECK_FALSE(run(base, R"({"kind":"a"})").valid());  // A requires x
  auto child = compile_text(doc, Dialect::oas30, "/components/schemas/A");
  CHECK(run(child, R"({"kind":"a","x":1})").valid());
  CHECK_FALSE(run(child, R"({"kind":"a","x":"1"})").valid());
}
