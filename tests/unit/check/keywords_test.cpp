// One section per keyword family; each CHECK is a verdict a wrong implementation would flip.
#include <catch2/catch.hpp>

#include "core/check/regex_search.hpp"
#include "tests/unit/check/check_test_support.hpp"

using namespace sonde::check;
using sonde::check::testing::compile_text;
using sonde::check::testing::run;
using sonde::check::testing::valid;

TEST_CASE("type, including integer-valued numbers and type arrays", "[check][keywords]") {
  CHECK(valid(R"({"type":"integer"})", "3"));
  CHECK(valid(R"({"type":"integer"})", "3.0"));
  CHECK_FALSE(valid(R"({"type":"integer"})", "3.5"));
  CHECK_FALSE(valid(R"({"type":"integer"})", "\"3\""));
  CHECK(valid(R"({"type":"number"})", "3"));
  CHECK(valid(R"({"type":["string","null"]})", "null"));
  CHECK_FALSE(valid(R"({"type":["string","null"]})", "1"));
  CHECK_FALSE(valid(R"({"type":"object"})", "[]"));
  CHECK_FALSE(valid(R"({"type":"boolean"})", "0"));
  CHECK_FALSE(valid("false", "0"));
  CHECK(valid("true", "0"));
}

TEST_CASE("numeric bounds and multipleOf", "[check][keywords]") {
  CHECK(valid(R"({"minimum":1,"maximum":3})", "1"));
  CHECK_FALSE(valid(R"({"minimum":1})", "0.999"));
  CHECK_FALSE(valid(R"({"maximum":3})", "4"));
  CHECK_FALSE(valid(R"({"exclusiveMinimum":1})", "1"));
  CHECK(valid(R"({"exclusiveMinimum":1})", "1.5"));
  CHECK_FALSE(valid(R"({"exclusiveMaximum":3})", "3"));
  CHECK(valid(R"({"multipleOf":0.01})", "19.99"));
  CHECK_FALSE(valid(R"({"multipleOf":3})", "10"));
  CHECK(valid(R"({"multipleOf":7})", "70000000000000000000000000007"));
  CHECK_FALSE(valid(R"({"multipleOf":7})", "70000000000000000000000000001"));
  CHECK(valid(R"({"minimum":1})", "\"not a number\""));  // bounds apply to numbers only
}

TEST_CASE("string lengths count code points; pattern is an unanchored ECMA-262 search", "[check][keywords]") {
  CHECK(valid(R"({"maxLength":2})", "\"\u00e9\u00e9\""));  // 4 bytes, 2 characters
  CHECK_FALSE(valid(R"({"minLength":3})", "\"ab\""));
  CHECK_FALSE(valid(R"({"maxLength":1})", "\"ab\""));
  CHECK(valid(R"({"pattern":"b+"})", "\"abbc\""));
  CHECK_FALSE(valid(R"({"pattern":"^b+$"})", "\"abbc\""));
  CHECK(valid(R"({"pattern":"^\\d{3}-(?!000)\\d{3}$"})", "\"123-456\""));  // lookahead: ECMA-262, not POSIX
  CHECK_FALSE(valid(R"({"pattern":"^\\d{3}-(?!000)\\d{3}$"})", "\"123-000\""));
}

TEST_CASE("arrays: items, prefixItems, contains, counts, uniqueItems", "[check][keywords]") {
  CHECK(valid(R"({"items":{"type":"integer"}})", "[1,2,3]"));
  CHECK_FALSE(valid(R"({"items":{"type":"integer"}})", "[1,\"2\"]"));
  CHECK(valid(R"({"prefixItems":[{"type":"string"},{"type":"integer"}],"items":false})", R"(["a",1])"));
  CHECK_FALSE(valid(R"({"prefixItems":[{"type":"string"},{"type":"integer"}],"items":false})", R"(["a",1,2])"));
  CHECK_FALSE(valid(R"({"prefixItems":[{"type":"string"}]})", "[1]"));
  CHECK(valid(R"({"contains":{"const":5}})", "[1,5]"));
  CHECK_FALSE(valid(R"({"contains":{"const":5}})", "[1,2]"));
  CHECK_FALSE(valid(R"({"contains":{"const":5},"maxContains":1})", "[5,5]"));
  CHECK_FALSE(valid(R"({"contains":{"const":5},"minContains":2})", "[5,1]"));
  CHECK_FALSE(valid(R"({"minItems":2})", "[1]"));
  CHECK_FALSE(valid(R"({"maxItems":1})", "[1,2]"));
  CHECK(valid(R"({"uniqueItems":true})", R"([1,"1",{"a":1},{"a":2}])"));
  CHECK_FALSE(valid(R"({"uniqueItems":true})", R"([{"a":1,"b":2},{"b":2,"a":1}])"));
  CHECK_FALSE(valid(R"({"uniqueItems":true})", "[1,1.0]"));
}

TEST_CASE("objects: properties, required, additional, pattern, names, counts, dependentRequired", "[check][keywords]") {
  const char* s = R"({"properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":false})";
  CHECK(valid(s, R"({"a":1})"));
  CHECK_FALSE(valid(s, R"({})"));
  CHECK_FALSE(valid(s, R"({"a":"x"})"));
  CHECK_FALSE(valid(s, R"({"a":1,"b":2})"));
  CHECK(valid(R"({"additionalProperties":{"type":"string"}})", R"({"x":"y"})"));
  CHECK_FALSE(valid(R"({"additionalProperties":{"type":"string"}})", R"({"x":1})"));
  CHECK(valid(R"({"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false})", R"({"x-a":"1"})"));
  CHECK_FALSE(valid(R"({"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false})", R"({"x-a":1})"));
  CHECK_FALSE(valid(R"({"propertyNames":{"maxLength":2}})", R"({"abc":1})"));
  CHECK_FALSE(valid(R"({"minProperties":1})", "{}"));
  CHECK_FALSE(valid(R"({"maxProperties":1})", R"({"a":1,"b":2})"));
  CHECK_FALSE(valid(R"({"required":["zz"]})", R"({"a":1})"));  // required without a properties entry
  const char* dep = R"({"dependentRequired":{"card":["billing"]}})";
  CHECK(valid(dep, R"({"billing":1})"));
  CHECK(valid(dep, R"({"card":1,"billing":1})"));
  CHECK_FALSE(valid(dep, R"({"card":1})"));
}

TEST_CASE("dependentSchemas applies when its property is present", "[check][keywords]") {
  const char* s = R"({"dependentSchemas":{"card":{"required":["billing"]}}})";
  CHECK(valid(s, R"({"x":1})"));
  CHECK(valid(s, R"({"card":1,"billing":2})"));
  CHECK_FALSE(valid(s, R"({"card":1})"));
}

TEST_CASE("unevaluatedProperties sees through allOf, $ref and if/then", "[check][keywords]") {
  const char* s = R"({"$defs":{"base":{"properties":{"id":{"type":"integer"}}}},
    "allOf":[{"$ref":"#/$defs/base"}],"properties":{"name":{"type":"string"}},"unevaluatedProperties":false})";
  CHECK(valid(s, R"({"id":1,"name":"x"})"));
  CHECK_FALSE(valid(s, R"({"id":1,"name":"x","extra":true})"));
  // additionalProperties:false in the base would have rejected "name" (the classic allOf trap).
  const char* cond = R"({"if":{"properties":{"kind":{"const":"a"}}},"then":{"properties":{"a":{}}},
    "properties":{"kind":{}},"unevaluatedProperties":false})";
  CHECK(valid(cond, R"({"kind":"a","a":1})"));
  CHECK_FALSE(valid(cond, R"({"kind":"b","a":1})"));
  CHECK_FALSE(valid(R"({"anyOf":[{"properties":{"a":{}}}],"unevaluatedProperties":{"type":"integer"}})",
                    R"({"a":"x","b":"y"})"));
}

TEST_CASE("combinators: allOf, anyOf, oneOf, not, if/then/else", "[check][keywords]") {
  CHECK_FALSE(valid(R"({"allOf":[{"type":"integer"},{"minimum":5}]})", "3"));
  CHECK(valid(R"({"anyOf":[{"type":"integer"},{"type":"string"}]})", "\"a\""));
  CHECK_FALSE(valid(R"({"anyOf":[{"type":"integer"},{"type":"string"}]})", "null"));
  CHECK(valid(R"({"oneOf":[{"type":"integer"},{"minimum":5}]})", "3"));
  CHECK_FALSE(valid(R"({"oneOf":[{"type":"integer"},{"minimum":5}]})", "7"));
  CHECK_FALSE(valid(R"({"not":{"type":"string"}})", "\"a\""));
  const char* cond = R"({"if":{"minimum":10},"then":{"multipleOf":10},"else":{"maximum":5}})";
  CHECK(valid(cond, "20"));
  CHECK_FALSE(valid(cond, "15"));
  CHECK(valid(cond, "4"));
  CHECK_FALSE(valid(cond, "7"));
}

TEST_CASE("const and enum compare JSON values", "[check][keywords]") {
  CHECK(valid(R"({"const":{"a":[1,2]}})", R"({"a":[1,2.0]})"));
  CHECK_FALSE(valid(R"({"const":{"a":[1,2]}})", R"({"a":[2,1]})"));
  CHECK(valid(R"({"enum":["a",1,null]})", "null"));
  CHECK_FALSE(valid(R"({"enum":["a",1,null]})", "\"b\""));
}

TEST_CASE("every violation is reported with pointers, keyword, expected and actual", "[check][keywords]") {
  auto c = compile_text(R"({"components":{"schemas":{"Pet":{"type":"object","required":["id","name"],
      "properties":{"id":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}}}}}})",
                        Dialect::oas30, "/components/schemas/Pet");
  auto r = run(c, R"({"id":"7","tags":["a",2,3]})");
  REQUIRE(r.violations.size() == 4);
  CHECK(r.violations[0].pointer == "/id");
  CHECK(r.violations[0].schema == "#/components/schemas/Pet/properties/id/type");
  CHECK(r.violations[0].keyword == "type");
  CHECK(r.violations[0].expected == "integer");
  CHECK(r.violations[0].actual == "\"7\" (string)");
  CHECK(r.violations[1].pointer == "/tags/1");
  CHECK(r.violations[2].pointer == "/tags/2");
  CHECK(r.violations[3].keyword == "required");
  CHECK(r.violations[3].expected == "property \"name\"");
  ValidationOptions capped;
  capped.max_violations = 2;
  auto r2 = run(c, R"({"id":"7","tags":["a",2,3]})", capped);
  CHECK(r2.violations.size() == 2);
  CHECK(r2.omitted == 2);
}

TEST_CASE("pointers escape ~ and / in property names", "[check][keywords]") {
  auto c = compile_text(R"({"additionalProperties":{"type":"integer"}})", Dialect::oas31);
  auto r = run(c, R"({"a/b~c":"x"})");
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].pointer == "/a~1b~0c");
}

TEST_CASE("a large top-level array is streamed and still reports element pointers", "[check][keywords]") {
  auto c = compile_text(R"({"type":"array","maxItems":2,"items":{"type":"integer"}})", Dialect::oas31);
  auto r = run(c, R"([1,"x",3])");
  REQUIRE(r.violations.size() == 2);
  CHECK(r.violations[0].pointer == "/1");
  CHECK(r.violations[1].keyword == "maxItems");
}

TEST_CASE("invalid schemas and bodies are errors, not verdicts", "[check][keywords]") {
  CHECK_THROWS(compile_text(R"({"pattern":"(unclosed"})", Dialect::oas31));
  CHECK_THROWS(compile_text(R"({"type":"strin"})", Dialect::oas31));
  CHECK_THROWS(compile_text(R"({"$ref":"#/nowhere"})", Dialect::oas31));
  CHECK_THROWS(run(compile_text("{}", Dialect::oas31), "[1,"));
}

TEST_CASE("recursive schemas compile once and validate deep trees", "[check][keywords]") {
  auto c = compile_text(R"({"$defs":{"node":{"type":"object","properties":{"children":{"type":"array",
      "items":{"$ref":"#/$defs/node"}}}}},"$ref":"#/$defs/node"})", Dialect::oas31);
  CHECK(run(c, R"({"children":[{"children":[{"children":[]}]}]})").valid());
  auto r = run(c, R"({"children":[{"children":[{"children":7}]}]})");
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].pointer == "/children/0/children/0/children");
}

TEST_CASE("a schema that refers to itself in place fails instead of overflowing the stack", "[check][keywords]") {
  auto c = compile_text(R"({"$defs":{"loop":{"allOf":[{"$ref":"#/$defs/loop"}]}},"$ref":"#/$defs/loop"})", Dialect::oas31);
  auto r = run(c, "1");
  REQUIRE_FALSE(r.valid());
  CHECK(r.violations[0].keyword == "$ref");
}

TEST_CASE("pattern on a long string neither crashes nor pretends to have matched", "[check][keywords]") {
  // A recursive matcher (libstdc++'s std::regex) overflows an 8 MiB stack on 60,000 characters.
  std::string long_text = "\"" + std::string(60000, 'a') + "b\"";
  CHECK_FALSE(valid(R"({"pattern":"^(a|b)*$"})", "\"" + std::string(60000, 'a') + "c\""));
  CHECK(valid(R"({"pattern":"^(a|b)*$"})", long_text));
  CHECK(valid(R"({"pattern":"^(?=a)(a|b)*$"})", long_text));  // the fallback matcher too
  auto c = compile_text(R"({"pattern":"^a*$"})", Dialect::oas31);
  auto r = run(c, "\"" + std::string(k_max_pattern_input + 1, 'a') + "\"");
  CHECK(r.valid());
  CHECK(r.unchecked_patterns == 1);
}

TEST_CASE("uniqueItems on a large array is not quadratic", "[check][keywords]") {
  std::string distinct = "[", same = "[";
  for (int i = 0; i < 100000; ++i) {
    distinct += (i ? "," : "") + std::to_string(i);
    same += (i ? "," : "") + std::string("{\"a\":[1,2]}");
  }
  distinct += "]";
  same += "]";
  CHECK(valid(R"({"uniqueItems":true})", distinct));
  auto r = run(compile_text(R"({"uniqueItems":true})", Dialect::oas31), same);
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].actual == "items 0 and 1 are equal");
}

TEST_CASE("properties evaluated by a nested unevaluatedProperties count for the outer one", "[check][keywords]") {
  const char* s = R"({"allOf":[{"properties":{"a":{}},"unevaluatedProperties":{"type":"integer"}}],
                      "unevaluatedProperties":false})";
  CHECK(valid(s, R"({"a":"x","b":1})"));
  CHECK_FALSE(valid(s, R"({"a":"x","b":"y"})"));
}

TEST_CASE("envelope objects stream member by member with the same verdicts", "[check][keywords]") {
  auto c = compile_text(R"({"$defs":{"item":{"type":"object","required":["id"],"properties":{"id":{"type":"integer"}}}},
    "type":"object","required":["data","has_more"],"additionalProperties":false,"maxProperties":3,
    "properties":{"data":{"type":"array","maxItems":2,"items":{"$ref":"#/$defs/item"}},"has_more":{"type":"boolean"},
                  "object":{"const":"list"}}})", Dialect::oas31);
  CHECK(run(c, R"({"object":"list","data":[{"id":1},{"id":2}],"has_more":false})").valid());
  auto r = run(c, R"({"object":"lost","data":[{"id":1},{"id":"2"},{}],"extra":1,"more":2})");
  std::vector<std::string> got;
  for (const auto& v : r.violations) got.push_back(v.pointer + " " + v.keyword);
  CHECK(got == std::vector<std::string>{"/object const", "/data/1/id type", "/data/2 required", "/data maxItems",
                                        "/extra additionalProperties", "/more additionalProperties", " maxProperties",
                                        " required"});
  CHECK_THROWS(run(c, R"({"data":[1,]})"));
  CHECK_THROWS(run(c, R"({"data":[1] "x":2})"));
  CHECK_THROWS(run(c, R"({"data":[1]} trailing)"));
}

TEST_CASE("a streamed object's required properties: repeated names, names without a schema, many properties",
          "[check][keywords]") {
  // Streamed objects mark the properties they saw (a bit each up to 64 properties); a name given
  // twice must not stand for a missing one.
  const char* s = R"({"type":"object","required":["a","b"],"properties":{"a":{},"b":{},"c":{}}})";
  CHECK(valid(s, R"({"a":1,"b":2})"));
  CHECK_FALSE(valid(s, R"({"a":1,"a":2})"));
  CHECK_FALSE(valid(s, R"({"a":1,"c":2,"c":3})"));
  // A required name with no schema under properties is looked up by name.
  const char* unlisted = R"({"type":"object","required":["a","z"],"properties":{"a":{}}})";
  CHECK(valid(unlisted, R"({"a":1,"z":2})"));
  CHECK_FALSE(valid(unlisted, R"({"a":1,"a":2})"));
  // Past 64 properties the names themselves are kept.
  std::string props, all;
  for (int i = 0; i < 70; ++i) {
    props += (i ? "," : "") + std::string("\"p") + std::to_string(i) + "\":{}";
    all += (i ? "," : "") + std::string("\"p") + std::to_string(i) + "\":" + std::to_string(i);
  }
  const std::string many = R"({"type":"object","required":["p0","p69"],"properties":{)" + props + "}}";
  CHECK(valid(many, "{" + all + "}"));
  CHECK_FALSE(valid(many, R"({"p0":1,"p68":2})"));
  CHECK_FALSE(valid(many, R"({"p69":1,"p69":2})"));
}

TEST_CASE("unevaluatedItems sees prefixItems, items and contains, also through allOf", "[check][keywords]") {
  const char* s = R"({"allOf":[{"prefixItems":[{"type":"string"}]}],"unevaluatedItems":false})";
  CHECK(valid(s, R"(["a"])"));
  CHECK_FALSE(valid(s, R"(["a",1])"));
  const char* c = R"({"contains":{"type":"string"},"unevaluatedItems":{"type":"integer"}})";
  CHECK(valid(c, R"(["a",1,"b",2])"));
  CHECK_FALSE(valid(c, R"(["a",true])"));
  CHECK(valid(R"({"items":{"type":"integer"},"unevaluatedItems":false})", "[1,2,3]"));
}

TEST_CASE("additionalProperties: true and unevaluated*: true still mark what they cover as evaluated",
          "[check][keywords]") {
  // An enclosing unevaluatedProperties/unevaluatedItems must not see these members or items again.
  const char* props = R"({"allOf": [{"additionalProperties": true}], "unevaluatedProperties": false})";
  CHECK(valid(props, R"({"foo": 1})"));
  const char* nested = R"({"allOf": [{"unevaluatedProperties": true}], "unevaluatedProperties": false})";
  CHECK(valid(nested, R"({"foo": 1})"));
  const char* items = R"({"allOf": [{"unevaluatedItems": true}], "unevaluatedItems": false})";
  CHECK(valid(items, "[1, 2]"));
  CHECK_FALSE(valid(R"({"unevaluatedProperties": false})", R"({"foo": 1})"));
}

TEST_CASE("a count written as a float past 2^64 is the largest count, not undefined (found by fuzzing)",
          "[check][keywords]") {
  // static_cast<uint64_t>(1e59) is undefined behaviour (UBSan: float-cast-overflow).
  CHECK_FALSE(valid(R"({"type":"array","minItems":1e59})", "[1,2,3]"));
  CHECK(valid(R"({"type":"array","maxItems":1e59})", "[1,2,3]"));
  CHECK_FALSE(valid(R"({"type":"string","minLength":1e300})", R"("abc")"));
}

TEST_CASE("a $ref to itself with nothing else ends instead of looping (found by fuzzing)", "[check][keywords]") {
  // The streaming path followed plain $ref chains without a bound: {"$ref": "#"} hung CI's fuzz run.
  for (const char* body : {"{}", "[1, 2]", "3"}) {
    auto r = run(compile_text(R"({"$ref": "#"})", Dialect::oas31), body);
    REQUIRE_FALSE(r.valid());
    CHECK(r.violations[0].keyword == "$ref");
  }
  auto pair = compile_text(R"({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"})",
                           Dialect::oas31);
  CHECK_FALSE(run(pair, R"({"x": [1]})").valid());
}

namespace {

// {"$defs": {"n0": {KEYWORD: [{"$ref": "#/$defs/n1"}, {"$ref": "#/$defs/n1"}]}, ...}}: 2^depth
// evaluations of one value, unless something bounds them.
std::string doubling_schema(const std::string& keyword, int depth, const std::string& leaf) {
  std::string defs;
  for (int i = 0; i < depth; ++i) {
    std::string next = "{\"$ref\": \"#/$defs/n" + std::to_string(i + 1) + "\"}";
    defs += "\"n" + std::to_string(i) + "\": {\"" + keyword + "\": [" + next + ", " + next + "]}, ";
  }
  defs += "\"n" + std::to_string(depth) + "\": " + leaf;
  return "{\"$defs\": {" + defs + "}, \"$ref\": \"#/$defs/n0\"}";
}

}  // namespace

TEST_CASE("combinators multiplying over shared $refs stop at the evaluation budget", "[check][keywords]") {
  // Without the budget each of these takes 2^40 evaluations: hours, from a 2 KB description.
  for (const char* keyword : {"allOf", "anyOf", "oneOf"}) {
    INFO(keyword);
    auto c = compile_text(doubling_schema(keyword, 40, R"({"type": "string"})"), Dialect::oas31);
    auto r = run(c, "7");
    REQUIRE_FALSE(r.valid());
    CHECK(r.too_costly);
    bool named = std::any_of(r.violations.begin(), r.violations.end(),
                             [](const Violation& v) { return v.keyword == "evaluation" && v.pointer.empty(); });
    CHECK(named);
  }
  // The same shape, shallow enough to finish, is checked in full and passes.
  auto shallow = compile_text(doubling_schema("allOf", 10, R"({"type": "integer"})"), Dialect::oas31);
  auto fine = run(shallow, "7");
  CHECK(fine.valid());
  CHECK_FALSE(fine.too_costly);
  // A caller's own limit: that shape takes about 4,100 evaluations (2^10 leaves, each under a
  // $ref node and an allOf node).
  ValidationOptions tight;
  tight.max_evaluations = 4000;
  CHECK(run(shallow, "7", tight).too_costly);
  tight.max_evaluations = 4200;
  CHECK_FALSE(run(shallow, "7", tight).too_costly);
}

TEST_CASE("a wide oneOf over every element of a large array stays within the budget", "[check][keywords]") {
  // Real descriptions' heaviest shape: a list of polymorphic events, each tried against many
  // variants; the per-value allowance must cover it with room to spare.
  std::string variants;
  for (int i = 0; i < 40; ++i) {
    variants += std::string(i ? ", " : "") + R"({"type": "object", "required": ["kind"], "properties": {"kind": {"const": "k)" +
                std::to_string(i) + R"("}, "n": {"type": "integer"}}})";
  }
  auto c = compile_text(R"({"type": "array", "items": {"oneOf": [)" + variants + "]}}", Dialect::oas31);
  std::string body = "[";
  for (int i = 0; i < 5000; ++i) body += std::string(i ? "," : "") + R"({"kind": "k39", "n": )" + std::to_string(i) + "}";
  body += "]";
  auto r = run(c, body);
  CHECK(r.valid());
  CHECK_FALSE(r.too_costly);
}

TEST_CASE("a costly pattern over many strings shares one budget per body", "[check][keywords]") {
  // Each string alone takes the fallback matcher a few hundred thousand steps (under its own
  // budget: it finds no match); 2,000 of them must not take a billion. Once the shared budget is
  // spent the rest are reported as too costly, not passed.
  auto c = compile_text(R"x({"type": "array", "items": {"pattern": "^(?=(a|aa)+b)"}})x", Dialect::oas31);
  std::string body = "[";
  for (int i = 0; i < 2000; ++i) body += std::string(i ? "," : "") + "\"" + std::string(18, 'a') + "\"";
  body += "]";
  ValidationOptions all;
  all.max_violations = 5000;
  auto r = run(c, body, all);
  REQUIRE(r.violations.size() == 2000);
  CHECK(r.violations.front().actual.find("too costly") == std::string::npos);
  CHECK(r.violations.back().actual.find("too costly") != std::string::npos);
}
