// A mapped file reads as the file's bytes, before and after pages are given back.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/util/file_read.hpp"
#include "core/util/mapped_file.hpp"

namespace {

std::string write_mapped_fixture(const std::string& name, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / ("sonde-mapped-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace

TEST_CASE("mapped file: the file's bytes, still whole after pages before an offset are given back", "[foundation]") {
  std::string text;
  for (int i = 0; text.size() < (std::size_t{3} << 20); ++i) text += "line " + std::to_string(i) + "\n";
  auto path = write_mapped_fixture("big.txt", text);
  auto file = sonde::ReadableFile::open(path, sonde::k_read_limit);
  REQUIRE(file.has_value());
  auto mapped = sonde::MappedFile::map(file->fd(), file->size(), path);
  REQUIRE(mapped.has_value());
  CHECK(mapped->text() == text);
  mapped->read_ahead(1 << 20, 1 << 20);
  mapped->release_before(text.size() / 2);
  mapped->release_before(100);  // behind what was given back: nothing
  mapped->release_before(text.size() + 5000);
  CHECK(mapped->text() == text);  // read again from the file
  // Moved, the mapping goes with it and is unmapped once.
  sonde::MappedFile moved = std::move(*mapped);
  CHECK(moved.text().size() == text.size());
  CHECK(moved.text().substr(0, 7) == "line 0\n");
}

TEST_CASE("mapped file: an empty file maps to empty text", "[foundation]") {
  auto path = write_mapped_fixture("empty.txt", "");
  auto file = sonde::ReadableFile::open(path, sonde::k_read_limit);
  REQUIRE(file.has_value());
  auto mapped = sonde::MappedFile::map(file->fd(), file->size(), path);
  REQUIRE(mapped.has_value());
  CHECK(mapped->text().empty());
  mapped->release_before(10);
  mapped->read_ahead(0, 10);
}
