#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/openapi/document.hpp"
#include "core/openapi/source_file.hpp"

using namespace sonde::openapi;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / ("sonde-loader-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

sonde::Error load_error(const std::string& name, const std::string& text, LoadOptions options = {}) {
  auto doc = load(write_temp(name, text), options);
  REQUIRE_FALSE(doc.has_value());
  CHECK(doc.error().kind == sonde::ErrorKind::invalid_input);
  return doc.error();
}

}  // namespace

TEST_CASE("JSON pointers map to line:col in JSON files", "[openapi]") {
  std::string text = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a~b/{id}\": {\"get\": {\"x\": [1, {\"k\": 2}]}}\n  }\n}\n";
  auto file = SourceFile::parse("t.json", text, {});
  REQUIRE(file.has_value());
  CHECK((*file)->where("/openapi") == "t.json:2:14");
  CHECK((*file)->where("/paths/~1a~0b~1{id}/get") == "t.json:4:26");
  CHECK((*file)->where("/paths/~1a~0b~1{id}/get/x/1/k") == "t.json:4:42");
  // A pointer that does not exist lands on its nearest existing ancestor.
  CHECK((*file)->where("/paths/~1nope") == "t.json:3:12");
}

TEST_CASE("JSON pointers map to line:col in YAML files", "[openapi]") {
  std::string text = "openapi: 3.0.3\npaths:\n  /pets:\n    get:\n      parameters:\n        - name: a\n        - name: b\n";
  auto file = SourceFile::parse("t.yaml", text, {});
  REQUIRE(file.has_value());
  CHECK((*file)->where("/paths/~1pets/get") == "t.yaml:4:5");
  CHECK((*file)->where("/paths/~1pets/get/parameters/1/name") == "t.yaml:7:11");
  CHECK((*file)->tree()["openapi"] == "3.0.3");
}

TEST_CASE("YAML scalars follow the core schema", "[openapi]") {
  auto file = SourceFile::parse("t.yaml", "a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: 1.0.0\ng: \"true\"\n", {});
  REQUIRE(file.has_value());
  const auto& t = (*file)->tree();
  CHECK(t["a"].to_json() == 1);
  CHECK(t["b"] == "1");
  CHECK(t["c"].to_json() == true);
  CHECK(t["d"].is_null());
  CHECK(t["e"].to_json() == 1.5);
  CHECK(t["f"] == "1.0.0");
  CHECK(t["g"] == "true");
}

TEST_CASE("local and relative-file $refs resolve, escapes included", "[openapi]") {
  write_temp("common.yaml", "Pet:\n  type: object\n  properties:\n    name: {type: string}\n");
  auto path = write_temp("main.yaml",
                         "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          content:\n"
                         "            application/json:\n              schema: {$ref: 'common.yaml#/Pet'}\n"
                         "components:\n  schemas:\n    'a/b~c': {$ref: '#/paths/~1a/get'}\n");
  auto doc = load(path);
  REQUIRE(doc.has_value());
  CHECK(doc->dialect() == Dialect::openapi31);
  CHECK(doc->file_count() == 2);
  auto schema = doc->find(0, "/paths/~1a/get/responses/200/content/application~1json/schema");
  REQUIRE(schema.has_value());
  auto pet = doc->resolve(*schema);
  REQUIRE(pet.has_value());
  CHECK(pet->file == 1);
  CHECK((**pet)["type"] == "object");
  CHECK(doc->where(*pet).ends_with("common.yaml:1:1"));
}

TEST_CASE("$ref inside example, default, enum and x- values is data", "[openapi]") {
  auto doc = load(write_temp("data.yaml",
                             "openapi: 3.0.0\npaths: {}\ncomponents:\n  schemas:\n    A:\n      example: {$ref: 'https://x.test/a'}\n"
                             "      default: {$ref: '#/nope'}\n      x-thing: {$ref: '#/nope'}\n"
                             "      properties:\n        default: {type: string}\n"
                             "  examples:\n    E:\n      value: {$ref: 'https://x.test/scim'}\n"));
  CHECK(doc.has_value());
}

TEST_CASE("a dangling $ref is an error naming where it is written, or a problem under --lenient", "[openapi]") {
  std::string text = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        default: {$ref: '#/definitions/error'}\n";
  auto e = load_error("dangling.yaml", text);
  CHECK(e.message.find("#/definitions/error") != std::string::npos);
  CHECK(e.where.ends_with("dangling.yaml:6:19"));
  LoadOptions lenient;
  lenient.lenient = true;
  auto doc = load(write_temp("dangling.yaml", text), lenient);
  REQUIRE(doc.has_value());
  CHECK(doc->problems().size() == 1);
}

TEST_CASE("remote $refs are never fetched by default", "[openapi]") {
  auto e = load_error("remote.yaml", "openapi: 3.0.0\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'https://example.invalid/a.yaml'}\n");
  CHECK(e.message.find("not fetched") != std::string::npos);
}

TEST_CASE("hostile input fails cleanly with file:line", "[openapi][hostile]") {
  CHECK(load_error("bad.json", "{\"openapi\": \"3.0.0\",\n \"paths\": {]\n}").where.ends_with("bad.json:2:12"));
  CHECK(load_error("bad.yaml", "openapi: 3.0.0\npaths: [\n").where.find("bad.yaml:3:") != std::string::npos);
  CHECK(load_error("list.yaml", "- a\n- b\n").message.find("top level is a list") != std::string::npos);
  CHECK(load_error("nover.yaml", "info: {}\n").message.find("no \"openapi\"") != std::string::npos);
  auto version = load_error("v4.yaml", "openapi: 4.0.0\npaths: {}\n");
  CHECK(version.message.find("unsupported openapi version \"4.0.0\"") != std::string::npos);
  CHECK(version.where.ends_with("v4.yaml:1:1"));
  CHECK(load_error("deep.json", std::string(10000, '[') + std::string(10000, ']')).message.find("nested") !=
        std::string::npos);
  CHECK_FALSE(load_error("deep.yaml", std::string(10000, '[') + std::string(10000, ']')).message.empty());
  std::string bomb = "openapi: 3.0.0\na: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  CHECK(load_error("bomb.yaml", bomb).message.find("alias bomb") != std::string::npos);
  // About 460,000 nodes from 300 bytes: the old budget (a million extra nodes) converted such
  // chains, a second and 150 MB at its largest (a fuzz finding); the budget now stops them.
  std::string chain = "openapi: 3.0.0\npaths: {}\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 6; ++level) {
    const int fan = level < 5 ? 10 : 3;
    chain += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < fan; ++i) chain += std::string(i ? ", *l" : "*l") + std::to_string(level - 1);
    chain += "]\n";
  }
  CHECK(chain.size() < 400);
  CHECK(load_error("chain.yaml", chain).message.find("alias bomb") != std::string::npos);
  // Aliases the way real descriptions use them (a fragment repeated a few hundred times) still load.
  std::string reuse = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-base: &base {type: object, properties: {a: {type: string}, b: {type: integer}}}\n";
  for (int i = 0; i < 300; ++i) reuse += "x-s" + std::to_string(i) + ": *base\n";
  CHECK(load(write_temp("reuse.yaml", reuse)).has_value());
  LoadOptions small;
  small.limits.max_bytes = 1024;
  CHECK(load_error("big.yaml", "openapi: 3.0.0\nx: '" + std::string(4096, 'a') + "'\n", small).message.find("larger than the 1024-byte limit") !=
        std::string::npos);
}

#include "core/openapi/view.hpp"

TEST_CASE("wrong node types in the typed view fail with file:line:col", "[openapi][hostile]") {
  auto check = [](const std::string& name, const std::string& text, const std::string& what, const std::string& where) {
    auto doc = load(write_temp(name, text));
    REQUIRE(doc.has_value());
    auto view = build_view(*doc);
    REQUIRE_FALSE(view.has_value());
    CHECK(view.error().kind == sonde::ErrorKind::invalid_input);
    CHECK(view.error().message.find(what) != std::string::npos);
    CHECK(view.error().where.ends_with(where));
  };
  check("op-string.yaml", "openapi: 3.0.0\npaths:\n  /a:\n    get: yes\n", "an operation must be a map", "op-string.yaml:4:5");
  check("params-map.yaml", "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters: {a: 1}\n", "\"parameters\" must be a list",
        "params-map.yaml:5:7");
}

TEST_CASE("Swagger 2.0 reads into the same model", "[openapi]") {
  auto doc = load(write_temp("swagger.json", R"({"swagger": "2.0", "consumes": ["application/json"], "paths": {"/pets/{id}": {
    "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
    "put": {"parameters": [{"name": "body", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}],
            "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}}}},
    "definitions": {"Pet": {"type": "object"}}})"));
  REQUIRE(doc.has_value());
  CHECK(doc->dialect() == Dialect::swagger2);
  auto view = build_view(*doc);
  REQUIRE(view.has_value());
  REQUIRE(view->operations.size() == 1);
  const auto& op = view->operations[0];
  CHECK(op.key == "PUT /pets/{}");
  CHECK(view->servers.empty());
  CHECK(op.parameters.size() == 1);
  REQUIRE(op.body.has_value());
  CHECK(op.body->required);
  CHECK(op.body->content.at(0).name == "application/json");
  CHECK(op.responses.at(0).content.at(0).schema.pointer == "/paths/~1pets~1{id}/put/responses/200/schema");
}

TEST_CASE("$ref file parts resolve against URLs and local files", "[openapi]") {
  CHECK(ref_target_file("https://h.test/api/v1/spec.yaml", "common.yaml") == "https://h.test/api/v1/common.yaml");
  CHECK(ref_target_file("https://h.test/spec.yaml", "https://o.test/x.yaml") == "https://o.test/x.yaml");
  CHECK(ref_target_file("specs/a/main.yaml", "../common.yaml") == "specs/common.yaml");
  CHECK(ref_target_file("main.yaml", "common%20types.yaml") == "common types.yaml");
}

TEST_CASE("a 100 MB file is refused before it is read", "[openapi][hostile]") {
  auto path = write_temp("huge.json", "{");
  std::filesystem::resize_file(path, 100u << 20);  // sparse: no 100 MB written to disk
  auto doc = load(path);
  REQUIRE_FALSE(doc.has_value());
  CHECK(doc.error().message == "file larger than the 64 MiB limit");
  CHECK(doc.error().where.ends_with("huge.json"));
  std::filesystem::remove(path);
}

namespace {

// A description with `count` paths, /p0000 ... (sorted as written); `broken` paths get an
// operation that is not a map.
std::string many_paths(int count, const std::vector<int>& broken = {}) {
  std::string text = R"({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {)";
  for (int i = 0; i < count; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "/p%04d", i);
    const bool bad = std::find(broken.begin(), broken.end(), i) != broken.end();
    text += std::string(i ? ",\n" : "\n") + "\"" + name + "\": {\"get\": " +
            (bad ? "[]" : R"({"operationId": "op)" + std::to_string(i) + R"(", "responses": {"200": {"description": "ok"}}})") + "}";
  }
  return text + "\n}}\n";
}

}  // namespace

// Past 2,000 paths the view is built in two halves on two threads: the same operations, in the
// same order, and the same first error, as one pass would give.
TEST_CASE("a large paths map builds the same view in halves", "[openapi][view]") {
  auto doc = load(write_temp("many.json", many_paths(2500)));
  REQUIRE(doc.has_value());
  auto view = build_view(*doc);
  REQUIRE(view.has_value());
  REQUIRE(view->operations.size() == 2500);
  for (int i = 0; i < 2500; ++i) {
    char name[24];
    std::snprintf(name, sizeof name, "GET /p%04d", i);
    REQUIRE(view->operations[static_cast<std::size_t>(i)].name() == name);
    REQUIRE(view->operations[static_cast<std::size_t>(i)].operation_id == "op" + std::to_string(i));
  }
  // An error in the second half is found; with one in each half, the first half's is reported.
  auto late = load(write_temp("late.json", many_paths(2500, {2400})));
  REQUIRE(late.has_value());
  auto late_view = build_view(*late);
  REQUIRE_FALSE(late_view.has_value());
  CHECK(late_view.error().message == "an operation must be a map");
  CHECK_THAT(late_view.error().where, Catch::EndsWith("late.json:2402:19"));
  auto both = load(write_temp("both.json", many_paths(2500, {10, 2400})));
  REQUIRE(both.has_value());
  auto both_view = build_view(*both);
  REQUIRE_FALSE(both_view.has_value());
  CHECK_THAT(both_view.error().where, Catch::EndsWith("both.json:12:19"));
}

TEST_CASE("JSON depth: the compact parser's own limit, and a lower one asked for", "[openapi][hostile]") {
  auto nested = [](int levels) {
    return "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}, \"x-deep\": " +
           std::string(static_cast<std::size_t>(levels), '[') + std::string(static_cast<std::size_t>(levels), ']') + "}";
  };
  // 510 arrays under the root object: 511 levels, which the default limit takes.
  CHECK(load(write_temp("depth-ok.json", nested(510))).has_value());
  auto deep = load_error("depth-513.json", nested(513));
  CHECK(deep.message == "JSON nested deeper than 512 levels");
  CHECK(deep.where.ends_with("depth-513.json:1:596"));  // the 512th '[' (84 characters before the first)
  LoadOptions strict;
  strict.limits.max_depth = 8;
  auto shallow = load_error("depth-8.json", nested(10), strict);
  CHECK(shallow.message == "JSON nested deeper than 8 levels");
  CHECK(load(write_temp("depth-8-ok.json", nested(7)), strict).has_value());
}

TEST_CASE("Document::json converts a value once and keeps it", "[openapi]") {
  auto doc = load(write_temp("json-cache.json", R"({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
    "paths": {}, "components": {"schemas": {"A": {"type": "object", "properties": {"n": {"type": "integer", "maximum": 5}}}}}})"));
  REQUIRE(doc.has_value());
  auto a = doc->find(0, "/components/schemas/A");
  REQUIRE(a.has_value());
  const nlohmann::json& first = doc->json(*a->value);
  CHECK(&first == &doc->json(*a->value));
  CHECK(first == nlohmann::json::parse(R"({"type": "object", "properties": {"n": {"type": "integer", "maximum": 5}}})"));
  // A Node points into the file's tree: the pointer found and the child stepped to agree.
  auto n = Document::child(Document::child(*a, "properties"), "n");
  REQUIRE(n);
  CHECK(n.pointer == "/components/schemas/A/properties/n");
  CHECK(n.value == doc->find(0, "/components/schemas/A/properties/n")->value);
  CHECK(&doc->json(*n.value) != &first);
}
