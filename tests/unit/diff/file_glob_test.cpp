#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/diff/file_glob.hpp"

using namespace sonde::diff;

TEST_CASE("glob patterns: * and ? stay in a segment, ** spans folders", "[diff][glob]") {
  CHECK(glob_match("specs/*.yaml", "specs/a.yaml"));
  CHECK_FALSE(glob_match("specs/*.yaml", "specs/x/a.yaml"));
  CHECK(glob_match("specs/**/*.yaml", "specs/a.yaml"));
  CHECK(glob_match("specs/**/*.yaml", "specs/x/y/a.yaml"));
  CHECK_FALSE(glob_match("specs/**/*.yaml", "other/a.yaml"));
  CHECK(glob_match("**/openapi.json", "a/b/openapi.json"));
  CHECK(glob_match("v?/*.[jy]*", "v2/api.json"));
  CHECK_FALSE(glob_match("*.yaml", ".hidden.yaml"));  // as a shell does: dot files need a dot
  CHECK(glob_match("specs/**", "specs/a/b.yaml"));
  CHECK_FALSE(glob_match("**/*.yaml", ".git/x.yaml"));  // as bash's globstar: no hidden folders
  CHECK_FALSE(glob_match("specs/**/*.yaml", "specs/a/.cache/b.yaml"));
  CHECK(glob_root("specs/**/*.yaml") == "specs/");
  CHECK(glob_root("/abs/dir/*.json") == "/abs/dir/");
  CHECK(glob_root("*.yaml") == ".");
}

TEST_CASE("expand_glob walks from the fixed folder, sorted; no match is an error", "[diff][glob]") {
  auto dir = std::filesystem::temp_directory_path() / ("sonde-glob-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "b" / "c");
  for (auto name : {"z.yaml", "b/a.yaml", "b/c/d.yaml", "b/c/skip.json"}) std::ofstream(dir / name) << "x";
  auto files = expand_glob(dir.string() + "/**/*.yaml");
  REQUIRE(files.has_value());
  CHECK(*files == std::vector<std::string>{dir.string() + "/b/a.yaml", dir.string() + "/b/c/d.yaml", dir.string() + "/z.yaml"});
  auto none = expand_glob(dir.string() + "/**/*.txt");
  REQUIRE_FALSE(none.has_value());
  CHECK(none.error().message.find("no file matches") != std::string::npos);
  CHECK(expand_glob(dir.string() + "/z.yaml").value().size() == 1);  // a plain path is a pattern too
  std::filesystem::remove_all(dir);
}
