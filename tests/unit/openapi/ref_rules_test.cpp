// References and structure that the loader must refuse (issue 20, items 5, 14, 15): outside the
// description's folder, loops of $refs, paths that is not a map; exit 3 with a file:line.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/openapi/document.hpp"

using namespace sonde::openapi;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
  auto dir = fs::temp_directory_path() / ("sonde-hostile-spec-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

std::string write_ref_temp(const std::string& name, const std::string& text) {
  auto path = temp_dir() / name;
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

sonde::Error ref_load_error(const std::string& path, LoadOptions options = {}) {
  auto doc = load(path, options);
  REQUIRE_FALSE(doc.has_value());
  CHECK(doc.error().kind == sonde::ErrorKind::invalid_input);
  return doc.error();
}

const std::string k_head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

}  // namespace

TEST_CASE("$refs outside the description's folder are refused unless allowed", "[openapi][hostile]") {
  write_ref_temp("outside/common.yaml", "Pet: {type: object}\n");
  auto spec = write_ref_temp("outside/api/spec.yaml", k_head + "paths: {}\ncomponents:\n  schemas:\n"
                                                           "    Pet: {$ref: '../common.yaml#/Pet'}\n");
  auto e = ref_load_error(spec);
  CHECK(e.message == "$ref \"../common.yaml#/Pet\" points outside the description's folder (" +
                         (temp_dir() / "outside/common.yaml").string() + ")");
  CHECK(e.where == spec + ":6:11");
  CHECK(e.hint.find("--allow-outside-refs") != std::string::npos);

  LoadOptions allow;
  allow.allow_outside_refs = true;
  auto doc = load(spec, allow);
  REQUIRE(doc.has_value());
  CHECK(doc->file_count() == 2);

  // An absolute path, even to a readable file, is outside too; so is a chain that climbs out.
  auto passwd = write_ref_temp("outside/api/passwd.yaml", k_head + "paths: {}\ncomponents:\n  schemas:\n"
                                                               "    P: {$ref: '/etc/passwd#/root'}\n");
  CHECK(ref_load_error(passwd).message.starts_with("$ref \"/etc/passwd#/root\" points outside the description's folder"));
  auto deep = write_ref_temp("outside/api/deep.yaml", k_head + "paths: {}\ncomponents:\n  schemas:\n"
                                                           "    P: {$ref: 'sub/../../../../../../../x.yaml#/P'}\n");
  CHECK(ref_load_error(deep).message.find("points outside") != std::string::npos);

  // Inside the folder, subfolders included, is fine.
  write_ref_temp("outside/api/schemas/pet.yaml", "Pet: {type: object}\n");
  auto inside = write_ref_temp("outside/api/inside.yaml", k_head + "paths: {}\ncomponents:\n  schemas:\n"
                                                               "    P: {$ref: 'schemas/pet.yaml#/Pet'}\n");
  CHECK(load(inside).has_value());
}

TEST_CASE("a $ref loop that never reaches a schema is refused with its chain", "[openapi][hostile]") {
  auto self = write_ref_temp("loops/self.yaml", k_head + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n");
  auto e = ref_load_error(self);
  CHECK(e.message == "$ref loop: #/components/schemas/A -> #/components/schemas/A");
  CHECK(e.where == self + ":6:9");

  auto pair = write_ref_temp("loops/pair.yaml", k_head + "paths: {}\ncomponents:\n  schemas:\n"
                                                     "    A: {$ref: '#/components/schemas/B'}\n"
                                                     "    B: {$ref: '#/components/schemas/A'}\n");
  CHECK(ref_load_error(pair).message ==
        "$ref loop: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A");

  write_ref_temp("loops/other.yaml", "B: {$ref: 'two.yaml#/components/schemas/A'}\n");
  auto two = write_ref_temp("loops/two.yaml", k_head + "paths: {}\ncomponents:\n  schemas:\n"
                                                   "    A: {$ref: 'other.yaml#/B'}\n");
  auto cross = ref_load_error(two);
  CHECK(cross.message == "$ref loop: #/components/schemas/A -> other.yaml#/B -> #/components/schemas/A");
  CHECK(cross.where == two + ":6:9");

  // A chain that leads into a loop is reported once, at the loop.
  auto into = write_ref_temp("loops/into.yaml", k_head + "paths: {}\ncomponents:\n  schemas:\n"
                                                     "    Z: {$ref: '#/components/schemas/A'}\n"
                                                     "    A: {$ref: '#/components/schemas/A'}\n");
  CHECK(ref_load_error(into).message == "$ref loop: #/components/schemas/A -> #/components/schemas/A");

  // Recursion through a schema's properties or items is a graph, not a loop.
  auto tree = write_ref_temp("loops/tree.yaml", k_head + "paths: {}\ncomponents:\n  schemas:\n"
                                                     "    Node:\n      type: object\n      properties:\n"
                                                     "        next: {$ref: '#/components/schemas/Node'}\n"
                                                     "        kids: {type: array, items: {$ref: '#/components/schemas/Alias'}}\n"
                                                     "    Alias: {$ref: '#/components/schemas/Node'}\n");
  CHECK(load(tree).has_value());
}

TEST_CASE("paths must be a mapping, at load time", "[openapi][hostile]") {
  auto path = write_ref_temp("paths-list.yaml", k_head + "paths:\n  - /a\n");
  auto e = ref_load_error(path);
  CHECK(e.message == "\"paths\" must be a map");
  CHECK(e.where == path + ":3:1");
}
