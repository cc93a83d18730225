#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/check/body_buffer.hpp"
#include "tests/unit/check/check_test_support.hpp"

using namespace sonde::check;

namespace {

std::string temp_file(const std::string& name, const std::string& text) {
  auto path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a mapped body is validated in place and the file stays untouched", "[check][body]") {
  std::string text = R"(["a\nb", "\u00e9", 7])";
  std::string path = temp_file("sonde-body-mapped.json", text);
  auto mapped = BodyBuffer::read_file(path, 1);  // threshold 1 byte: always mapped
  REQUIRE(mapped.has_value());
  CHECK(mapped->view() == text);
  auto c = testing::compile_text(R"({"items":{"type":"string","maxLength":3}})", Dialect::oas31);
  auto r = validate_body(*c.root, mapped->data(), mapped->size());
  REQUIRE(r.has_value());
  REQUIRE(r->violations.size() == 1);
  CHECK(r->violations[0].pointer == "/2");
  CHECK(read_all(path) == text);  // MAP_PRIVATE: the unescaping never reaches the file
  BodyBuffer copy = *mapped;   // copies of a mapped body own their bytes
  CHECK(copy.size() == mapped->size());
}

TEST_CASE("small files are read, missing ones are invalid input", "[check][body]") {
  std::string path = temp_file("sonde-body-small.json", "{}");
  auto small = BodyBuffer::read_file(path);
  REQUIRE(small.has_value());
  CHECK(*small == "{}");
  auto missing = BodyBuffer::read_file("/nonexistent/body.json");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == sonde::ErrorKind::invalid_input);
  auto dir = BodyBuffer::read_file("/tmp");
  REQUIRE_FALSE(dir.has_value());
}
