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
std::string large_description(char filler, int lines = 20000) {
  std::string text = "{\"openapi\": \"3.0.3\",\n \"x-filler\": [\n";
  for (int i = 0; i < lines; ++i) text += "  \"" + std::string(60, filler) + "\",\n";
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

// From 16 MiB a JSON file is parsed as it is read, a window at a time given back behind the
// parser; what it keeps to recognise the text read back must agree with what the read-back
// computes.
TEST_CASE("a JSON file of 16 MiB or more is parsed as it is read, its positions read back", "[openapi][source]") {
  SourceScratch scratch;
  constexpr int k_lines = 270000;  // 17.5 MB
  std::string path = (scratch.dir / "huge.json").string();
  std::ofstream(path) << large_description('a', k_lines);
  REQUIRE(fs::file_size(path) > (std::size_t{16} << 20));
  auto file = SourceFile::load(path, {});
  REQUIRE(file.has_value());
  CHECK((*file)->tree()["x-filler"].size() == k_lines + 1);
  CHECK((*file)->tree()["x-filler"][k_lines - 1].string() == std::string(60, 'a'));
  CHECK((*file)->where("/paths/~1late") == path + ":" + std::to_string(k_lines + 5) + ":12");
  CHECK((*file)->where("/openapi") == path + ":1:13");

  std::string bom = (scratch.dir / "huge-bom.json").string();
  std::ofstream(bom) << "\xEF\xBB\xBF" + large_description('a', k_lines);
  auto with_bom = SourceFile::load(bom, {});
  REQUIRE(with_bom.has_value());
  CHECK((*with_bom)->where("/paths/~1late") == bom + ":" + std::to_string(k_lines + 5) + ":12");

  std::string changed = (scratch.dir / "huge-changed.json").string();
  std::ofstream(changed) << large_description('a', k_lines);
  auto before = SourceFile::load(changed, {});
  REQUIRE(before.has_value());
  std::ofstream(changed, std::ios::trunc) << large_description('b', k_lines);  // same size, other bytes
  CHECK((*before)->where("/paths/~1late") == changed);
}

TEST_CASE("a large JSON file the compact parser refuses is read and worded as any other", "[openapi][source]") {
  SourceScratch scratch;
  std::string text = large_description('a', 270000);
  text.insert(text.rfind('}'), ",");  // a trailing comma on the last line
  std::string path = (scratch.dir / "broken.json").string();
  std::ofstream(path) << text;
  auto file = SourceFile::load(path, {});
  REQUIRE_FALSE(file.has_value());
  CHECK(sonde::describe(file.error()).find(path + ":270005:") != std::string::npos);
}

TEST_CASE("a large JSON file with a string longer than the read window still loads", "[openapi][source]") {
  SourceScratch scratch;
  // One 9 MB string: the parser outruns the windows read ahead of it, meets zeros, and the file
  // is read whole instead.
  std::string text = "{\"openapi\": \"3.0.3\", \"x-blob\": \"" + std::string(9 << 20, 'q') + "\",\n \"x-filler\": [\n";
  for (int i = 0; i < 150000; ++i) text += "  \"" + std::string(60, 'a') + "\",\n";
  text += "  \"end\"],\n \"paths\": {}}\n";
  std::string path = (scratch.dir / "blob.json").string();
  std::ofstream(path) << text;
  auto file = SourceFile::load(path, {});
  REQUIRE(file.has_value());
  CHECK((*file)->tree()["x-blob"].string().size() == (9u << 20));
  CHECK((*file)->where("/paths") == path + ":150004:11");
}
