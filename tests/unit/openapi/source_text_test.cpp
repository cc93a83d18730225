// A large JSON description's text is let go after parsing and read back for the first position
// asked for; positions are never taken from a file that changed in between.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "core/openapi/source_file.hpp"

namespace fs = std::filesystem;
using sonde::openapi::SourceFile;

namespace {

// {"openapi": "3.0.3", "x-filler": ["...", ...], "paths": {"/late": {}}} over more than 1 MiB,
// "/paths/~1late" on the last line.
std::string large_description(char filler) {
  std::string text = "{\"openapi\": \"3.0.3\",\n \"x-filler\": [\n";
  for (int i = 0; i < 20000; ++i) text += "  \"" + std::string(60, filler) + "\",\n";
  text += "  \"end\"],\n \"paths\": {\n  \"/late\": {}}}\n";
  return text;
}

struct SourceScratch {
  fs::path dir = fs::temp_directory_path() / ("sonde-source-text-" + std::to_string(::getpid()));
  SourceScratch() { fs::create_directories(dir); }
  ~SourceScratch() { fs::remove_all(dir); }
};

}  // namespace

TEST_CASE("a large JSON file's positions come from its text read back", "[openapi][source]") {
  SourceScratch scratch;
  std::string path = (scratch.dir / "big.json").string();
  std::ofstream(path) << large_description('a');
  auto file = SourceFile::load(path, {});
  REQUIRE(file.has_value());
  CHECK((*file)->tree()["paths"].contains("/late"));
  CHECK((*file)->where("/paths/~1late") == path + ":20005:12");
  CHECK((*file)->where("/openapi") == path + ":1:13");
}

TEST_CASE("a large file with a byte-order mark is read back as it was parsed", "[openapi][source]") {
  SourceScratch scratch;
  std::string path = (scratch.dir / "bom.json").string();
  std::ofstream(path) << "\xEF\xBB\xBF" + large_description('a');
  auto file = SourceFile::load(path, {});
  REQUIRE(file.has_value());
  CHECK((*file)->where("/paths/~1late") == path + ":20005:12");
}

TEST_CASE("a file changed after parsing gives no position rather than a wrong one", "[openapi][source]") {
  SourceScratch scratch;
  std::string path = (scratch.dir / "big.json").string();
  std::ofstream(path) << large_description('a');
  auto file = SourceFile::load(path, {});
  REQUIRE(file.has_value());
  std::ofstream(path, std::ios::trunc) << large_description('b');  // same size, other bytes
  CHECK((*file)->where("/paths/~1late") == path);
  CHECK((*file)->locate("/openapi").line == 0);
  fs::remove(path);
  CHECK((*file)->where("/openapi") == path);
  // Found changed once, the file is not read again for every position (nor trusted if it is
  // put back: which bytes a report describes would depend on timing).
  std::ofstream(path) << large_description('a');
  CHECK((*file)->where("/openapi") == path);
}

TEST_CASE("positions may be asked for from several threads at once", "[openapi][source]") {
  SourceScratch scratch;
  std::string path = (scratch.dir / "big.json").string();
  std::ofstream(path) << large_description('a');
  auto file = SourceFile::load(path, {});
  REQUIRE(file.has_value());
  std::vector<std::string> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) seen[t] = (*file)->where("/x-filler/" + std::to_string(19999 - i * 7 - static_cast<int>(t)));
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(seen[0] == path + ":" + std::to_string(3 + 19999 - 49 * 7) + ":3");
  CHECK(seen[3] == path + ":" + std::to_string(3 + 19999 - 49 * 7 - 3) + ":3");
}
