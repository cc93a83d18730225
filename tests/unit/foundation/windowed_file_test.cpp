// A file read a window at a time: the file's bytes where read, zeros past them, and a file that
// ends early reported, never a crash.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/util/file_read.hpp"
#include "core/util/windowed_file.hpp"
#include "tests/unit/scratch_file.hpp"

namespace {

sonde::WindowedFile open_windowed(const std::string& path) {
  auto file = sonde::ReadableFile::open(path, sonde::k_read_limit);
  REQUIRE(file.has_value());
  auto windowed = sonde::WindowedFile::open(std::move(*file));
  REQUIRE(windowed.has_value());
  return std::move(*windowed);
}

}  // namespace

TEST_CASE("windowed file: bytes read where read, zeros beyond, pages given back behind", "[foundation]") {
  std::string text;
  for (int i = 0; text.size() < (std::size_t{3} << 20); ++i) text += "line " + std::to_string(i) + "\n";
  auto path = sonde::testing::write_scratch_file("windowed-test", "big.txt", text);
  auto file = open_windowed(path);
  REQUIRE(file.text().size() == text.size());
  REQUIRE(file.read_to(1 << 20));
  CHECK(file.text().substr(0, 1 << 20) == std::string_view(text).substr(0, 1 << 20));
  CHECK(file.text()[(1 << 20) + 10] == '\0');  // not read yet
  REQUIRE(file.read_to(text.size() + 5000));   // clamped to the size
  CHECK(file.text() == text);
  file.release_before(text.size() / 2);
  file.release_before(100);  // behind what was given back: nothing
  CHECK(file.text().substr(text.size() / 2 + 4096) == std::string_view(text).substr(text.size() / 2 + 4096));
  sonde::WindowedFile moved = std::move(file);
  CHECK(moved.text().substr(text.size() - 7) == std::string_view(text).substr(text.size() - 7));
}

TEST_CASE("windowed file: a file cut short while read is reported, not a crash", "[foundation]") {
  std::string text(2 << 20, 'x');
  auto path = sonde::testing::write_scratch_file("windowed-test", "shrinking.txt", text);
  auto file = open_windowed(path);
  REQUIRE(file.read_to(1 << 20));
  std::filesystem::resize_file(path, 1000);  // another program truncates it
  CHECK_FALSE(file.read_to(2 << 20));
  CHECK_FALSE(file.read_to(2 << 20));  // and stays failed
  CHECK(file.text()[(2 << 20) - 1] == '\0');
}

TEST_CASE("windowed file: an empty file is empty text", "[foundation]") {
  auto file = open_windowed(sonde::testing::write_scratch_file("windowed-test", "empty.txt", ""));
  CHECK(file.text().empty());
  CHECK(file.read_to(10));
  file.release_before(10);
}
