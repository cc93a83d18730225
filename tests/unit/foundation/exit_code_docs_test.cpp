// The exit-code table lives in code (core/util/exit_code.cpp), in man/sonde.1 and in README.md;
// this test keeps the three in agreement.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/util/exit_code.hpp"

namespace {

std::string read_doc(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string section(const std::string& text, const std::string& start, const std::string& end_marker) {
  auto from = text.find(start);
  if (from == std::string::npos) return {};
  auto to = text.find(end_marker, from + start.size());
  return text.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

std::set<int> codes_in_code() {
  std::set<int> codes;
  for (const auto& info : sonde::exit_code_table()) codes.insert(static_cast<int>(info.code));
  return codes;
}

std::set<int> codes_matching(const std::string& text, const std::regex& pattern) {
  std::set<int> codes;
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
    codes.insert(std::stoi((*it)[1].str()));
  }
  return codes;
}

}  // namespace

TEST_CASE("man/sonde.1 lists exactly the exit codes in the code table", "[docs]") {
  std::string exit_status = section(read_doc(SONDE_SOURCE_DIR "/man/sonde.1"), ".SH EXIT STATUS", "\n.SH ");
  REQUIRE_FALSE(exit_status.empty());
  CHECK(codes_matching(exit_status, std::regex(R"(\n\.TP\n\.B (\d+)\n)")) == codes_in_code());
}

TEST_CASE("README.md lists exactly the exit codes in the code table", "[docs]") {
  std::string table = section(read_doc(SONDE_SOURCE_DIR "/README.md"), "## Exit codes", "\n## ");
  REQUIRE_FALSE(table.empty());
  CHECK(codes_matching(table, std::regex(R"(\n\| (\d+) \|)")) == codes_in_code());
}

TEST_CASE("every error kind maps to a documented non-zero exit code", "[exit-codes]") {
  auto documented = codes_in_code();
  for (auto kind : {sonde::ErrorKind::usage, sonde::ErrorKind::invalid_input, sonde::ErrorKind::runtime,
                    sonde::ErrorKind::internal}) {
    int code = static_cast<int>(sonde::exit_code_for(kind));
    CHECK(code != 0);
    CHECK(documented.count(code) == 1);
  }
  CHECK(static_cast<int>(sonde::exit_code_for(sonde::ErrorKind::usage)) == 2);
  CHECK(static_cast<int>(sonde::exit_code_for(sonde::ErrorKind::invalid_input)) == 3);
  CHECK(static_cast<int>(sonde::exit_code_for(sonde::ErrorKind::runtime)) == 4);
  CHECK(static_cast<int>(sonde::exit_code_for(sonde::ErrorKind::internal)) == 70);
}
