// Description text written to break the parsers (issue 20, items 11, 12, 15): each must fail at
// load time with exit 3 and a file:line, never later and never as an internal error.
#include <catch2/catch.hpp>

#include "core/openapi/source_file.hpp"

using namespace sonde::openapi;

namespace {

sonde::Error parse_error(const std::string& name, const std::string& text) {
  auto file = SourceFile::parse(name, text, {});
  REQUIRE_FALSE(file.has_value());
  CHECK(file.error().kind == sonde::ErrorKind::invalid_input);
  return file.error();
}

}  // namespace

TEST_CASE("a JSON number too large for a double is invalid input at its line", "[openapi][hostile]") {
  auto e = parse_error("big.json", "{\"openapi\": \"3.0.3\",\n \"x\": " + std::string(100001, '9') + "}");
  CHECK(e.message == "number too large: 99999999999999999999\xE2\x80\xA6");
  CHECK(e.where == "big.json:2:7");
  auto f = parse_error("big.json", "{\"a\": [1, 2e999999]}");
  CHECK(f.where == "big.json:1:11");
  // Large but finite numbers are fine: integers beyond 64 bits become doubles.
  CHECK(SourceFile::parse("ok.json", "{\"a\": 123456789012345678901234567890}", {}).has_value());
  // YAML plain scalars alike: no silent infinity.
  auto yaml = parse_error("big.yaml", "openapi: 3.0.3\nx:\n  maximum: 1e999\n");
  CHECK(yaml.message == "number too large: 1e999");
  CHECK(yaml.where == "big.yaml:3:12");
  CHECK(SourceFile::parse("ok.yaml", "a: 123456789012345678901234567890\n", {}).has_value());
}

TEST_CASE("invalid UTF-8 is refused at load time in YAML keys and values and in JSON", "[openapi][hostile]") {
  auto key = parse_error("k.yaml", "openapi: 3.0.3\npaths:\n  /pets:\n    \"na\xFFme\": 1\n");
  CHECK(key.message == "invalid UTF-8 in a mapping key");
  CHECK(key.where == "k.yaml:4:5");
  auto value = parse_error("v.yaml", "openapi: 3.0.3\ninfo:\n  title: caf\xC3\x28\n");
  CHECK(value.message == "invalid UTF-8 in a string");
  CHECK(value.where == "v.yaml:3:10");
  auto json_error = parse_error("j.json", "{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"caf\xC3\x28\"}}");
  // nlohmann's "last read" token is dropped: it would echo the ill-formed bytes.
  CHECK(json_error.message == "invalid JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 byte");
  CHECK(json_error.where == "j.json:2:25");  // the byte that makes the sequence ill-formed
  CHECK(SourceFile::parse("ok.yaml", "title: caf\xC3\xA9 \xF0\x9F\x90\x88\n", {}).has_value());
}

TEST_CASE("duplicate mapping keys are refused with the key and its line", "[openapi][hostile]") {
  auto yaml = parse_error("d.yaml", "openapi: 3.0.3\npaths:\n  /a: {}\n  /b: {}\n  /a: {}\n");
  CHECK(yaml.message == "duplicate key \"/a\"");
  CHECK(yaml.where == "d.yaml:5:3");
  auto json_error = parse_error("d.json", "{\"openapi\": \"3.0.3\",\n \"paths\": {\"/a\": {},\n  \"/b\": {\"x\": 1, \"x\": 2}}}");
  CHECK(json_error.message == "duplicate key \"x\"");
  CHECK(json_error.where == "d.json:3:18");
  // The same key in different objects, or a key equal to a string value, is no duplicate.
  CHECK(SourceFile::parse("ok.json", "{\"a\": {\"a\": \"a\"}, \"b\": [{\"a\": 1}, {\"a\": 2}]}", {}).has_value());
  CHECK(SourceFile::parse("ok.yaml", "a: {a: a}\nb: [{a: 1}, {a: 2}]\n", {}).has_value());
}
