// Which operation a request matches when several templates could: the leftmost concrete segment
// wins, then the template's text order; only templates with as many segments as the path are candidates.
#include <catch2/catch.hpp>

#include "core/check/operation_index.hpp"

namespace {

const sonde::check::OperationIndex& templates() {
  static const auto doc = sonde::openapi::load(SONDE_SOURCE_DIR "/tests/unit/check/fixtures/templates.yaml");
  static const auto index = sonde::check::OperationIndex::build(*doc);
  return *index;
}

std::string matched(std::string_view method, std::string_view url) {
  auto m = templates().match(method, url);
  return m ? m->operation->operation_id : "none";
}

}  // namespace

TEST_CASE("the leftmost concrete segment decides between templates", "[check][operation-index]") {
  CHECK(matched("GET", "/a/b/c") == "by");  // /a/b/{y} beats /a/{x}/c, whichever comes first
  CHECK(matched("GET", "/a/z/c") == "xc");
  // Two templates of the same shape: the one whose text sorts first (paths are kept sorted), so
  // the answer does not depend on how the file was written.
  CHECK(matched("GET", "/a/z/w") == "first-second");
  auto m = templates().match("GET", "/a/b/%C3%A9t%C3%A9");
  REQUIRE(m);
  CHECK(m->path_params.at("y") == "\xC3\xA9t\xC3\xA9");
}

TEST_CASE("parameters inside a segment, methods and segment counts", "[check][operation-index]") {
  auto file = templates().match("get", "http://host/files/a.b.json?x=1");
  REQUIRE(file);
  CHECK(file->operation->operation_id == "file");
  CHECK(file->path_params.at("name") == "a.b");
  CHECK(file->path_params.at("ext") == "json");
  CHECK(matched("POST", "/a/b/c") == "none");
  CHECK(templates().path_known("/a/b/c"));
  CHECK(matched("GET", "/a/b") == "none");
  CHECK(matched("POST", "/a/b") == "post-ab");
  CHECK(matched("GET", "/a") == "none");
  CHECK_FALSE(templates().path_known("/a/b/c/d"));
}
